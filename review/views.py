import csv
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.services import audit_record, client_ip
from clinic.selectors import clinic_profile
from intake.fhir import intake_bundle
from intake.models import Intake
from outbox import services as outbox_services
from outbox.models import OutgoingMessage
from review import services
from review.access import (
    AUDIT_PERMISSION,
    EXPORT_PERMISSION,
    OUTBOX_PERMISSION,
    get_intake_for_user,
    permission_required,
    staff_required,
)
from review.forms import (
    AcknowledgeForm,
    AssignForm,
    AuditFilterForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)
from review.models import Note
from review.selectors import earlier_intakes, filtered_queue, status_counts
from screening import definitions

SESSION_QUEUE_FILTERS = "review_queue_filters"
PAGE_SIZE = 50


def _queue_filters(request: HttpRequest) -> QueueFilterForm:
    """The filters the clinician set, kept in the session: a search by name must never
    travel in a URL."""
    return QueueFilterForm(request.session.get(SESSION_QUEUE_FILTERS) or {})


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            request.session.pop(SESSION_QUEUE_FILTERS, None)
        else:
            form = QueueFilterForm(request.POST)
            if not form.is_valid():
                return render(request, "review/queue.html", {
                    "form": form, "page": None, "counts": status_counts()})
            request.session[SESSION_QUEUE_FILTERS] = {
                k: v for k, v in request.POST.items() if k in form.fields and v}
        return redirect("review:queue")
    form = _queue_filters(request)
    intakes = filtered_queue(form.cleaned_data if form.is_valid() else {})
    page = Paginator(intakes, PAGE_SIZE).get_page(request.GET.get("page"))
    # The queue shows names and addresses: which records a page showed is on the record.
    audit_record(actor=request.user, action=AuditEvent.Action.QUEUE_VIEW,
                 ip_address=client_ip(request),
                 detail={"page": page.number, "intakes": [str(i.pk) for i in page]})
    return render(request, "review/queue.html", {
        "form": form, "page": page, "counts": status_counts(),
        "filtered": bool(request.session.get(SESSION_QUEUE_FILTERS)),
        "can_export": request.user.has_perm(EXPORT_PERMISSION),
    })


@permission_required(EXPORT_PERMISSION)
def queue_csv(request: HttpRequest) -> HttpResponse:
    """The filtered queue as CSV, for clinic admins; audited as an export."""
    form = _queue_filters(request)
    intakes = list(filtered_queue(form.cleaned_data if form.is_valid() else {}))
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT,
                 ip_address=client_ip(request),
                 detail={"what": "queue-csv", "rows": len(intakes)})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="intakes.csv"'
    writer = csv.writer(response)
    writer.writerow(["submitted", "first name", "last name", "email", "state", "status",
                     "tier", "urgent", "assigned to"])
    for intake in intakes:
        assignment = getattr(intake, "assignment", None)
        assessment = getattr(intake, "assessment", None)  # none yet for an urgent draft
        writer.writerow([
            timezone.localtime(intake.submitted_at).strftime("%Y-%m-%d %H:%M")
            if intake.submitted_at else "not sent yet",
            *(_csv_safe(v) for v in (intake.first_name, intake.last_name, intake.email)),
            intake.state, intake.status, assessment.base_tier if assessment else "",
            "yes" if intake.urgent else "no",
            _csv_safe(assignment.clinician.get_username()) if assignment else "",
        ])
    return response


def _csv_safe(value: str) -> str:
    """Text a client typed, defused for spreadsheets (no formula can start a cell)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@staff_required
def keepalive(request: HttpRequest) -> HttpResponse:
    """"Stay logged in": the request itself gives the session another 15 minutes."""
    return HttpResponse(status=204)


@staff_required
def stats(request: HttpRequest) -> HttpResponse:
    """Counts and charts only: no single client's record is shown, so nothing is audited."""
    from review.stats import dashboard

    return render(request, "review/stats.html", {"stats": dashboard()})


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
                                                 "query": _other_params(request)})


@staff_required
def intake_detail(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    intake = get_intake_for_user(request, intake_id)
    return render(request, "review/intake_detail.html", {
        **_record(intake),
        "needs_acknowledgement": services.needs_acknowledgement(intake),
        "earlier": earlier_intakes(intake),
        "forms": {
            "acknowledge": AcknowledgeForm(), "assign": AssignForm(), "note": NoteForm(),
            "status": StatusForm(intake=intake),
        },
    })


@staff_required
def intake_pdf(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    """One intake as a PDF for the client's chart; audited as an export."""
    import weasyprint

    intake = get_intake_for_user(request, intake_id, action=AuditEvent.Action.EXPORT)
    html = render_to_string("review/intake_pdf.html", {**_record(intake), "clinic":
                            clinic_profile(), "printed": timezone.localtime()},
                            request=request)
    pdf = weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="intake.pdf"'
    return response


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The PDF is built from our own HTML alone: it never loads anything from anywhere."""
    raise ValueError(f"not fetched: {url[:40]}")


def _record(intake: Intake) -> dict[str, Any]:
    """Everything the intake page and its PDF show about one client's record."""
    assessment = getattr(intake, "assessment", None)  # none yet for an urgent draft
    responses = []
    for response in intake.responses.for_staff(intake):
        # A draft has no assessment yet: each page's own score, for pages answered.
        score = (assessment.scores.get(response.questionnaire) if assessment
                 else response.score if response.answers else None)
        definition = definitions.get(response.questionnaire, response.version)
        not_asked = set(response.not_asked)
        responses.append({
            "definition": definition,
            "declined": response.declined,
            "score": score,
            "all_not_asked": bool(not_asked) and not response.answers,
            "answers": [
                (item,
                 "not-asked" if item.link_id in not_asked
                 else item.display(response.answers[item.link_id])
                 if item.link_id in response.answers else None)
                for item in definition.items
            ],
        })
    return {
        "intake": intake,
        "responses": responses,
        "reasons": assessment.reasons if assessment else [],
        "age": intake.age_on(timezone.localdate()),
        "consent": getattr(intake, "consent", None),
        "notes": intake.notes.select_related("author", "corrects").all(),
        "status_changes": intake.status_changes.select_related("by").all(),
    }


@staff_required
def intake_fhir(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    """The intake as a FHIR Bundle, for the client's chart; audited as an export."""
    intake = get_intake_for_user(request, intake_id, action=AuditEvent.Action.EXPORT)
    response = JsonResponse(intake_bundle(intake), content_type="application/fhir+json",
                            json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="intake-bundle.json"'
    return response


def _write(form_class: Callable[..., Any], write: Callable[..., Any]) -> Callable[..., Any]:
    """A POST that validates a form and calls one service; errors come back as messages,
    and the clinician lands on the intake page again either way."""

    @staff_required
    @require_POST
    def view(request: HttpRequest, intake_id: UUID) -> HttpResponse:
        intake = get_intake_for_user(request, intake_id)
        kwargs = {"intake": intake} if form_class is StatusForm else {}
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                write(request, intake, form)
            except services.ReviewError as refused:
                messages.error(request, str(refused))
        return redirect("review:intake", intake.pk)

    return view


acknowledge = _write(AcknowledgeForm, lambda request, intake, form: (
    services.acknowledgement_record(intake=intake, by=request.user,
                                    action_taken=form.cleaned_data["action_taken"],
                                    ip_address=client_ip(request))))

assign = _write(AssignForm, lambda request, intake, form: services.assignment_set(
    intake=intake, clinician=form.cleaned_data["clinician"], by=request.user,
    ip_address=client_ip(request)))

note = _write(NoteForm, lambda request, intake, form: services.note_add(
    intake=intake, author=request.user, body=form.cleaned_data["body"],
    ip_address=client_ip(request),
    corrects=Note.objects.filter(pk=form.cleaned_data["corrects"], intake=intake).first()
    if form.cleaned_data["corrects"] else None))

change_status = _write(StatusForm, lambda request, intake, form: services.status_change(
    intake=intake, move=form.move(), by=request.user, ip_address=client_ip(request)))


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
