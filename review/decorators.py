"""Decorators for the views of one client's record: access through `review.access`, and
the audit row of each look written here, in plain sight of every view that uses them."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.services import audit_record, client_ip
from intake.models import Intake
from review.access import intake_for_user, staff_required

IntakeView = Callable[..., HttpResponse]


def intake_view(action: str = AuditEvent.Action.VIEW) -> Callable[[IntakeView], IntakeView]:
    """A staff page of one intake: 404 unless the user may see it, and the look (or export)
    audited before the page is built. The view gets the intake itself."""

    def decorator(view: IntakeView) -> IntakeView:
        @staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, intake_id: UUID, *args: Any,
                    **kwargs: Any) -> HttpResponse:
            intake = intake_for_user(request.user, intake_id)
            audit_record(actor=request.user, action=action, intake=intake,
                         ip_address=client_ip(request))
            return view(request, intake, *args, **kwargs)

        return wrapper

    return decorator


def intake_write(view: IntakeView) -> IntakeView:
    """A POST that changes one intake. Access as for a look; the service it calls writes the
    audit row of the change, so the look is not recorded twice."""

    @staff_required
    @require_POST
    @wraps(view)
    def wrapper(request: HttpRequest, intake_id: UUID, *args: Any,
                **kwargs: Any) -> HttpResponse:
        intake: Intake = intake_for_user(request.user, intake_id)
        return view(request, intake, *args, **kwargs)

    return wrapper
