from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from outbox.models import OutgoingMessage
from outbox.services import URGENT_KINDS, problem_messages
from review.access import can_review


def _email_problems() -> dict[str, int]:
    kinds = list(problem_messages().values_list("kind", "status"))
    return {
        "urgent_late": sum(1 for kind, status in kinds if kind in URGENT_KINDS
                           and status != OutgoingMessage.Status.FAILED),
        "failed": sum(1 for _kind, status in kinds if status == OutgoingMessage.Status.FAILED),
    }


def staff_alerts(request: HttpRequest) -> dict[str, Any]:
    """Email problems for the banner on every staff page (one query, only for staff)."""
    if not can_review(getattr(request, "user", None)):
        return {}
    return {"email_problems": SimpleLazyObject(_email_problems)}
