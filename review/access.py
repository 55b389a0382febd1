"""The one place that decides who on staff may see what. It only decides: recording a look
is the job of the view or its decorator (`review/decorators.py`)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from clinic.staff import is_verified
from intake.models import Intake

View = Callable[..., HttpResponse]

REVIEW_PERMISSION = "intake.view_intake"


def can_review(user: Any) -> bool:
    """An active account in a staff role whose login took both steps."""
    return bool(user.is_authenticated and user.is_active and is_verified(user)
                and user.has_perm(REVIEW_PERMISSION))


def staff_required(view: View) -> View:
    """Clinicians and clinic admins only; everyone else goes to the login page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_review(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


AUDIT_PERMISSION = "audit.view_auditevent"
ERASE_PERMISSION = "intake.erase_intake"
EXPORT_PERMISSION = "audit.export_queue"


def permission_required(permission: str) -> Callable[[View], View]:
    """Staff pages for one permission (the audit trail, exports: clinic admins). Someone
    not logged in as staff goes to the login page, like every staff page; a member of staff
    whose role does not include the page is told so (403, `templates/403.html`) rather than
    sent to log in again. These pages are not a client's record, so saying that they exist
    gives nothing away (a record a user may not see still answers 404)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not can_review(user):
                return redirect_to_login(request.get_full_path())
            if not user.has_perm(permission):
                # The page Django shows for any refusal, without a traceback in the log.
                return render(request, "403.html", status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def intake_for_user(user: Any, intake_id: object) -> Intake:
    """A submitted intake (or an urgent draft) the user may see; 404 for anything else.
    Only decides: the view's decorator records the look."""
    if not can_review(user):
        raise Http404
    intake = (
        # What every page of one intake shows, in the same query.
        Intake.objects.select_related("assessment", "client", "acknowledgement__by",
                                      "assignment__clinician", "consent__document")
        # Drafts are the client's own, except an urgent one: staff must reach that person.
        .exclude(status=Intake.Status.DRAFT, urgent_since__isnull=True)
        .filter(pk=intake_id, erased_at__isnull=True)
        .first()
    )
    if intake is None:
        raise Http404
    return intake


OUTBOX_PERMISSION = "outbox.view_outgoingmessage"
