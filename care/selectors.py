"""Reads of a course of care for the clinician's pages: the course with its sessions and
measures, and each instrument's totals by date, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from care.models import CareAlert, Course, DosingSession, Measure, MeasureResponse
from care.readiness import Concern, concerns
from clinic.selectors import clinic_profile
from intake.models import Intake
from screening import definitions
from screening.change import MEASURED, RULES, change
from screening.rules import ClinicThresholds


@dataclass(frozen=True)
class CourseRecord:
    course: Course
    sessions: list[DosingSession]
    measures: list[Measure]
    totals: dict[str, list[tuple[date, int]]]  # by instrument, oldest first
    answers: list[MeasureResponse]
    alerts: list[CareAlert]
    checks: dict[int, SessionCheck]  # by session id


def current_course(intake: Intake) -> Course | None:
    return (Course.objects.filter(intake=intake).select_related("started_by")
            .order_by("ended_at", "-started_at").first())


def course_record(course: Course) -> CourseRecord:
    """Four queries whatever the course's length: sessions, measures with their answers,
    alerts."""
    sessions = list(course.sessions.all())
    measures = list(course.measures.select_related("session").prefetch_related(
        Prefetch("responses", queryset=MeasureResponse.objects.order_by("answered_at"))))
    answers = [r for m in measures for r in m.responses.all()]
    totals: dict[str, list[tuple[date, int]]] = {code: [] for code in course.instruments}
    for response in sorted(answers, key=lambda r: r.answered_at):
        if response.total is not None and response.questionnaire in totals:
            totals[response.questionnaire].append(
                (timezone.localdate(response.answered_at), response.total))
    alerts = list(course.alerts.select_related("acknowledged_by"))
    thresholds = ClinicThresholds.from_profile(clinic_profile())
    checks = {m.session_id: _session_check(m, thresholds) for m in measures
              if m.session_id is not None}
    return CourseRecord(course, sessions, measures, totals, answers, alerts, checks)


@dataclass(frozen=True)
class SessionCheck:
    """A session's pre-session check as the clinician reads it: `concerns` None while it
    is not answered, [] when ready; the answers behind it, in words."""

    measure: Measure
    concerns: list[Concern] | None
    answers: list[tuple[str, str]]


def _session_check(measure: Measure, thresholds: ClinicThresholds) -> SessionCheck:
    given = {r.questionnaire: r for r in measure.responses.all()}
    check, asq = given.get("pre-session"), given.get("asq")
    score = (asq.score if asq else None) or {}
    found = concerns(check.answers if check else None, score.get("flags", []),
                     score.get("total") is not None, thresholds)
    words: list[tuple[str, str]] = []
    for response in (check, asq):
        if response is None:
            continue
        definition = definitions.get(response.questionnaire, response.version)
        for item in definition.items:
            if item.link_id in response.answers:
                words.append((str(item.text), str(item.display(response.answers[item.link_id]))))
            elif definition.is_enabled(item, response.answers):
                # Left blank: said so, never mistaken for a "no".
                words.append((str(item.text), str(_("Not answered"))))
    return SessionCheck(measure, found, words)


def _open() -> QuerySet[CareAlert]:
    return CareAlert.objects.filter(acknowledged_at__isnull=True,
                                    course__intake__erased_at__isnull=True)


def open_alert(intake: Intake) -> CareAlert | None:
    """The risk answer during this client's care nobody has acknowledged yet, if any."""
    return _open().filter(course__intake=intake).first()


def open_alerts() -> list[CareAlert]:
    """Every risk answer during care nobody has acknowledged, oldest first: the top of the
    queue. One query."""
    return list(_open().select_related("course__intake").order_by("raised_at", "id"))


def measure_state(measure: Measure, today: date) -> str:
    """done, cancelled, overdue or open: as the clinician's table says it."""
    if measure.completed_at is not None:
        return "done"
    if measure.session is not None and measure.session.cancelled_at is not None:
        return "cancelled"
    return "overdue" if measure.due_on < today else "open"


@dataclass(frozen=True)
class CourseRow:
    """One open course on the clinic's view of its courses of care."""

    course: Course
    next_session: DosingSession | None
    due: int  # check-ins asked and still open, not yet late
    overdue: int
    worsened: list[str]  # instruments up by at least the reliable change since the first
    check: SessionCheck | None  # the next session's pre-session check, once asked

    @property
    def needs_attention(self) -> bool:
        """The next session's check is not done, or is done with concerns."""
        return self.check is not None and self.check.concerns != []


def clinic_view(today: date) -> list[CourseRow]:
    """Every open course, soonest session first, in four queries however many there are:
    the courses with their counts and each instrument's first and latest totals, their
    next sessions, and those sessions' check-ins with their answers."""
    open_measure = Q(measures__completed_at__isnull=True) & ~Q(
        measures__session__cancelled_at__isnull=False)
    totals = {}
    for code in MEASURED:
        answered = (MeasureResponse.objects.filter(measure__course=OuterRef("pk"),
                                                   questionnaire=code, total__isnull=False))
        totals[f"first_{code}"] = Subquery(answered.order_by("answered_at", "id")
                                           .values("total")[:1])
        totals[f"latest_{code}"] = Subquery(answered.order_by("-answered_at", "-id")
                                            .values("total")[:1])
    courses = list(
        Course.objects.filter(ended_at__isnull=True, intake__erased_at__isnull=True)
        .select_related("intake")
        .annotate(due=Count("measures", filter=open_measure & Q(measures__due_on__gte=today)),
                  overdue=Count("measures",
                                filter=open_measure & Q(measures__due_on__lt=today)),
                  **totals))
    upcoming = (DosingSession.objects.filter(course__in=courses, cancelled_at__isnull=True,
                                             on_date__gte=today).order_by("on_date", "id"))
    next_sessions: dict[object, DosingSession] = {}
    for session in upcoming:
        next_sessions.setdefault(session.course_id, session)
    measures = (Measure.objects.filter(session__in=list(next_sessions.values()))
                .prefetch_related("responses"))
    thresholds = ClinicThresholds.from_profile(clinic_profile())
    checks = {m.session_id: _session_check(m, thresholds) for m in measures}
    rows = []
    for course in courses:
        worse = []
        for code in MEASURED:
            first, latest = getattr(course, f"first_{code}"), getattr(course, f"latest_{code}")
            if first is not None and latest is not None and change(
                    RULES[code], baseline=first, latest=latest).worse:
                worse.append(code)
        session = next_sessions.get(course.pk)
        rows.append(CourseRow(course, session, course.due, course.overdue, worse,
                              checks.get(session.pk) if session else None))
    far = date.max
    return sorted(rows, key=lambda r: (r.next_session.on_date if r.next_session else far,
                                       str(r.course.pk)))
