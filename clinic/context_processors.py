from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from clinic import selectors


def clinic(request: HttpRequest) -> dict[str, Any]:
    """The clinic's name, menu and crisis resources for every page, queried only if used."""
    return {
        "clinic": SimpleLazyObject(selectors.clinic_profile),
        "crisis_resources": SimpleLazyObject(selectors.crisis_resources),
        "navigation_pages": SimpleLazyObject(selectors.navigation_pages),
    }
