from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from clinic import selectors


def clinic(request: HttpRequest) -> dict[str, Any]:
    """The clinic's name, menu and crisis resources for every page, queried only if used."""
    # The offered-language middleware has it already (read only if used).
    profile = getattr(request, "clinic_profile", None)
    return {
        "clinic": profile if profile is not None else SimpleLazyObject(
            selectors.clinic_profile),
        "crisis_resources": SimpleLazyObject(selectors.crisis_resources),
        "navigation_pages": SimpleLazyObject(lambda: list(selectors.navigation_pages())),
    }
