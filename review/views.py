from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AuditEvent
from audit.services import audit_record, client_ip
from care.selectors import open_alert, open_alerts
from intake import workflow
from intake.models import Intake
from outbox import services as outbox_services
from outbox.models import OutgoingMessage
from review import retention, services
from review.access import (
    AUDIT_PERMISSION,
    ERASE_PERMISSION,
    EXPORT_PERMISSION,
    OUTBOX_PERMISSION,
    permission_required,
    staff_required,
)
from review.decorators import intake_view, intake_write
from review.forms import (
    SESSION_QUEUE_FILTERS,
    AcknowledgeForm,
    AssignForm,
    AuditFilterForm,
    EraseForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)
from review.selectors import (
    UrgentFirst,
    earlier_intakes,
    filtered_queue,
    intake_record,
    status_counts,
)
from review.words import audit_details, staff_name

PAGE_SIZE = 50


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            request.session.pop(SESSION_QUEUE_FILTERS, None)
        else:
            form = QueueFilterForm(request.POST, user_id=request.user.pk)
            if not form.is_valid():
                return render(request, "review/queue.html", {
                    "form": form, "page": None, "counts": status_counts()})
            request.session[SESSION_QUEUE_FILTERS] = {
                k: v for k, v in request.POST.items() if k in form.fields and v}
        return redirect("review:queue")
    form = QueueFilterForm.from_session(request.session)
    intakes = filtered_queue(form.cleaned_data if form.is_valid() else {})
    page = Paginator(UrgentFirst(intakes), PAGE_SIZE).get_page(request.GET.get("page"))
    # Above every page of it, whatever the filters: risk answers during care not yet
    # acknowledged.
    care_alerts = open_alerts()
    # The queue shows names and addresses: which records a page showed is on the record.
    audit_record(actor=request.user, action=AuditEvent.Action.QUEUE_VIEW,
                 ip_address=client_ip(request),
                 detail={"page": page.number, "intakes": [str(i.pk) for i in page],
                         **({"care_alerts": [str(a.course.intake_id) for a in care_alerts]}
                            if care_alerts else {})})
    return render(request, "review/queue.html", {
        "form": form, "page": page, "counts": status_counts(), "care_alerts": care_alerts,
        "filtered": bool(request.session.get(SESSION_QUEUE_FILTERS)),
        "can_export": request.user.has_perm(EXPORT_PERMISSION),
    })


@staff_required
def keepalive(request: HttpRequest) -> HttpResponse:
    """"Stay logged in": the session gets another 15 minutes from now (written now, not at
    the next minute's renewal)."""
    request.session.modified = True
    return HttpResponse(status=204)


@staff_required
def stats(request: HttpRequest) -> HttpResponse:
    """Counts and charts only: no single client's record is shown, so nothing is audited."""
    from review.charts import dashboard_charts
    from review.stats import dashboard_as_of

    numbers, as_of = dashboard_as_of()
    return render(request, "review/stats.html", {"stats": numbers, "as_of": as_of,
                                                 "charts": dashboard_charts(numbers)})


@permission_required(AUDIT_PERMISSION)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who looked at or changed which record, when, from where; filterable."""
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor=data["actor"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["intake"]:
            events = events.filter(intake_id=data["intake"])
        if data["date_from"]:
            events = events.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(created_at__date__lte=data["date_to"])
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "review/audit.html", {"form": form, "page": page,
                                                 "rows": audit_details(page.object_list),
                                                 "query": _other_params(request)})


@intake_view()
def intake_detail(request: HttpRequest, intake: Intake) -> HttpResponse:
    return _intake_page(request, intake)


def _intake_page(request: HttpRequest, intake: Intake, *, failed: dict[str, Any] | None = None
                 ) -> HttpResponse:
    """The intake page; after a refused write, with that form as it was sent (every word
    the clinician typed still in it, the reason above it) and a 400."""
    forms: dict[str, Any] = {
        "acknowledge": AcknowledgeForm(), "assign": AssignForm(), "note": NoteForm(),
        "status": StatusForm(intake=intake), **(failed or {}),
    }
    correction = None
    if forms["note"].is_bound and forms["note"].data.get("corrects"):
        # A correction that failed: its own form opens again under its note, as typed.
        correction, forms["note"] = forms["note"], NoteForm()
    return render(request, "review/intake_detail.html", {
        **intake_record(intake),
        "needs_acknowledgement": services.needs_acknowledgement(intake),
        "earlier": earlier_intakes(intake),
        "forms": forms,
        "correction": correction,
        "closed": intake.status in workflow.CLOSED,
        # A risk answer during care nobody has acknowledged: said here too.
        "care_alert": open_alert(intake),
    }, status=400 if failed else 200)


def _refused(request: HttpRequest, intake: Intake, name: str, form: Any,
             refused: services.ReviewError | None = None) -> HttpResponse:
    """A write that did not happen: the page again, shown (and so audited) as a look."""
    if refused is not None:
        form.add_error(None, str(refused))
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, intake=intake,
                 ip_address=client_ip(request))
    return _intake_page(request, intake, failed={name: form})


@intake_write
def acknowledge(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _refused(request, intake, "acknowledge", form)
    try:
        services.acknowledgement_record(intake=intake, by=request.user,
                                        action_taken=form.cleaned_data["action_taken"],
                                        ip_address=client_ip(request))
    except services.ReviewError as refused:
        return _refused(request, intake, "acknowledge", form, refused)
    messages.success(request, _("Acknowledged. The case can now be assigned and decided."))
    return redirect("review:intake", intake.pk)


@intake_write
def assign(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, intake, "assign", form)
    try:
        services.assignment_set(intake=intake, clinician=form.cleaned_data["clinician"],
                                by=request.user, ip_address=client_ip(request))
    except services.ReviewError as refused:
        return _refused(request, intake, "assign", form, refused)
    messages.success(request, _("Assigned to %(name)s.") % {
        "name": staff_name(form.cleaned_data["clinician"])})
    return redirect("review:intake", intake.pk)


@intake_write
def note(request: HttpRequest, intake: Intake) -> HttpResponse:
    """A new note, or a correction of one (the original stays, marked corrected)."""
    form = NoteForm(request.POST, intake=intake)
    if not form.is_valid():
        return _refused(request, intake, "note", form)
    try:
        added = services.note_add(intake=intake, author=request.user,
                                  body=form.cleaned_data["body"],
                                  corrects=form.cleaned_data["corrects"],
                                  ip_address=client_ip(request))
    except services.ReviewError as refused:
        return _refused(request, intake, "note", form, refused)
    messages.success(request, _("Correction saved; the original stays on the record.")
                     if added.corrects_id else _("Note added."))
    return redirect(f"{reverse('review:intake', args=[intake.pk])}#note-{added.pk}")


@intake_write
def change_status(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = StatusForm(request.POST, intake=intake)
    if not form.is_valid():
        return _refused(request, intake, "status", form)
    try:
        change = services.status_change(intake=intake, move=form.move(), by=request.user,
                                        ip_address=client_ip(request))
    except services.ReviewError as refused:
        return _refused(request, intake, "status", form, refused)
    if change.to_status == Intake.Status.NEEDS_INFO:
        messages.success(request, _("Saved. The client is emailed a link to the parts you "
                                    "named; your message waits for them behind it."))
    else:
        messages.success(request, _("Saved: %(status)s.") % {
            "status": workflow.status_label(change.to_status)})
    return redirect("review:intake", intake.pk)


def _other_params(request: HttpRequest) -> str:
    """The query string without its page, ready to put before "page=" (filters kept)."""
    params = request.GET.copy()
    params.pop("page", None)
    return f"{params.urlencode()}&" if params else ""


@permission_required(OUTBOX_PERMISSION)
def outbox(request: HttpRequest) -> HttpResponse:
    """Outgoing email as the clinic sees it: kind, for whom, status, tries and the kind
    of the last error. Never a body or an address: there is nothing of a client here."""
    messages_ = OutgoingMessage.objects.select_related("seen_by")
    status = request.GET.get("status")
    if status in OutgoingMessage.Status.values:
        messages_ = messages_.filter(status=status)
    counts = dict(OutgoingMessage.objects.values_list("status").annotate(n=Count("id")))
    return render(request, "review/outbox.html", {
        "page": Paginator(messages_, 100).get_page(request.GET.get("page")),
        "problems": list(outbox_services.problem_messages()),
        "counts": [(value, label, counts.get(value, 0))
                   for value, label in OutgoingMessage.Status.choices],
        "status": status,
        "query": _other_params(request),
        "max_tries": outbox_services.MAX_TRIES,
    })


@require_POST
@permission_required(OUTBOX_PERMISSION)
def outbox_seen(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(OutgoingMessage, pk=message_id)
    outbox_services.message_mark_seen(message=message, by=request.user,
                                      ip_address=client_ip(request))
    return redirect("review:outbox")


@require_POST
@permission_required(OUTBOX_PERMISSION)
def outbox_test(request: HttpRequest) -> HttpResponse:
    """A test email to the admin's own address, through the queue like every email."""
    if not request.user.email:
        messages.error(request, _("Your account has no email address to send a test to."))
    else:
        outbox_services.test_email_send(address=request.user.email, by=request.user,
                                        ip_address=client_ip(request))
        messages.info(request, _("A test email is queued for %(address)s. It shows below as "
                                 "sent once a worker has delivered it.")
                      % {"address": request.user.email})
    return redirect("review:outbox")


@permission_required(ERASE_PERMISSION)
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, intake_id: Any) -> HttpResponse:
    """A clinic admin erases one person's data: first a page that names what goes and what
    stays, then the confirmed POST."""
    if request.method == "POST":
        return _erase_confirmed(request, intake_id)
    return _erase_page(request, intake_id)


def _erase_render(request: HttpRequest, intake: Intake, form: EraseForm,
                  refused: str | None = None, status: int = 200) -> HttpResponse:
    return render(request, "review/erase.html", {
        "intake": intake, "goes": retention.what_goes(retention.person_intakes(intake)),
        "form": form, "refused": refused or retention.erasure_refused(intake),
    }, status=status)


@intake_view()
def _erase_page(request: HttpRequest, intake: Intake) -> HttpResponse:
    return _erase_render(request, intake, EraseForm())


@intake_write
def _erase_confirmed(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = EraseForm(request.POST)
    refused = None
    if form.is_valid():
        try:
            erased = services.person_erase(intake=intake, by=request.user,
                                           ip_address=client_ip(request))
        except services.ReviewError as error:
            refused = str(error)
        else:
            messages.success(request, ngettext(
                "The person's data was erased. Their application stays in the counts, "
                "with no details.",
                "The person's data was erased. Their %(count)d applications stay in the "
                "counts, with no details.", erased) % {"count": erased})
            return redirect("review:queue")
    # Refused: the page again, shown (and so audited) as a look.
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, intake=intake,
                 ip_address=client_ip(request))
    return _erase_render(request, intake, form, refused, status=400)
