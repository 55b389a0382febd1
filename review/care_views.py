"""The clinician's pages of a client's course of care: start it on an approved
application, plan its dosing sessions, and read each questionnaire's progress as a chart
with its numbers. Access and audit as for the intake page (`review.decorators`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record, client_ip
from care import services as care_services
from care.models import CareAlert, DosingSession
from care.selectors import clinic_view, course_record, current_course, measure_state
from intake.models import Intake
from review.access import staff_required
from review.decorators import intake_view, intake_write
from review.forms import AcknowledgeForm, CareFilterForm, CourseStartForm, SessionForm
from review.progress import course_charts

PAGE_SIZE = 50
_SHOWN = {
    "due": lambda row: row.due or row.overdue,
    "overdue": lambda row: row.overdue,
    "worsened": lambda row: row.worsened,
    "attention": lambda row: row.needs_attention,
}


@staff_required
def courses(request: HttpRequest) -> HttpResponse:
    """The clinic's open courses of care: who is due or overdue, whose scores worsened by a
    reliable change, whose next session's check needs attention. Names are shown, so the
    look is audited with the records it showed."""
    form = CareFilterForm(request.GET or None)
    show = form.cleaned_data["show"] if form.is_valid() else ""
    rows = clinic_view(timezone.localdate())
    if show:
        rows = [row for row in rows if _SHOWN[show](row)]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(actor=request.user, action=AuditEvent.Action.CARE_LIST_VIEW,
                 ip_address=client_ip(request),
                 detail={"show": show, "page": page.number,
                         "intakes": [str(r.course.intake_id) for r in page]})
    return render(request, "review/courses.html", {
        "form": form, "page": page, "show": show,
        "query": f"show={show}&" if show else ""})


def _page(request: HttpRequest, intake: Intake, *, failed: dict[str, Any] | None = None,
          ) -> HttpResponse:
    course = current_course(intake)
    forms: dict[str, Any] = {"start": CourseStartForm(initial=care_services.plan_defaults()),
                             "session": SessionForm(), "acknowledge": AcknowledgeForm(),
                             **(failed or {})}
    today = timezone.localdate()
    context: dict[str, Any] = {"intake": intake, "course": course, "forms": forms,
                               "can_start": intake.status == Intake.Status.APPROVED,
                               "today": today}
    if course is not None:
        record = course_record(course)
        context.update(
            record=record,
            alerts=record.alerts,
            open_alert=next((a for a in record.alerts if a.acknowledged_at is None), None),
            charts=course_charts(course.instruments, record.totals, [
                (s.on_date, s.label, s.cancelled_at is not None) for s in record.sessions]),
            measures=[(m, measure_state(m, today)) for m in record.measures],
            sessions=[(s, record.checks.get(s.pk)) for s in record.sessions],
        )
    return render(request, "review/course.html", context, status=400 if failed else 200)


def _refused(request: HttpRequest, intake: Intake, name: str, form: Any,
             refused: Exception | None = None) -> HttpResponse:
    """A write that did not happen: the page again with the form as sent, audited as a
    look (it shows the record)."""
    if refused is not None:
        form.add_error(None, str(refused))
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, intake=intake,
                 ip_address=client_ip(request))
    return _page(request, intake, failed={name: form})


@intake_view()
def course(request: HttpRequest, intake: Intake) -> HttpResponse:
    return _page(request, intake)


def _to_course(intake: Intake) -> HttpResponse:
    return redirect(reverse("review:course", args=[intake.pk]))


@intake_write
def course_start(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = CourseStartForm(request.POST)
    if not form.is_valid():
        return _refused(request, intake, "start", form)
    try:
        care_services.course_start(intake=intake, by=request.user,
                                   ip_address=client_ip(request), **form.cleaned_data)
    except care_services.CareRefused as refused:
        return _refused(request, intake, "start", form, refused)
    messages.success(request, _("Course of care started."))
    return _to_course(intake)


@intake_write
def session_plan(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = SessionForm(request.POST)
    course = current_course(intake)
    if course is None:
        raise Http404
    if not form.is_valid():
        return _refused(request, intake, "session", form)
    try:
        care_services.session_plan(course=course, by=request.user,
                                   ip_address=client_ip(request), **form.cleaned_data)
    except care_services.CareRefused as refused:
        return _refused(request, intake, "session", form, refused)
    messages.success(request, _("Session planned."))
    return _to_course(intake)


@intake_write
def session_cancel(request: HttpRequest, intake: Intake, session_id: int) -> HttpResponse:
    session = DosingSession.objects.filter(pk=session_id, course__intake=intake).first()
    if session is None:
        raise Http404
    try:
        care_services.session_cancel(session=session, by=request.user,
                                     ip_address=client_ip(request))
    except care_services.CareRefused as refused:
        messages.error(request, str(refused))
        return _to_course(intake)
    messages.success(request, _("Session cancelled; it stays in the course's history."))
    return _to_course(intake)


@intake_write
def alert_acknowledge(request: HttpRequest, intake: Intake, alert_id: int) -> HttpResponse:
    alert = CareAlert.objects.filter(pk=alert_id, course__intake=intake).first()
    if alert is None:
        raise Http404
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _refused(request, intake, "acknowledge", form)
    try:
        care_services.alert_acknowledge(alert=alert, by=request.user,
                                        action_taken=form.cleaned_data["action_taken"],
                                        ip_address=client_ip(request))
    except care_services.CareRefused as refused:
        return _refused(request, intake, "acknowledge", form, refused)
    messages.success(request, _("Acknowledged. Thank you for following this up."))
    return _to_course(intake)
