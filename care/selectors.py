"""Reads of a course of care for the clinician's pages: the course with its sessions and
measures, and each instrument's totals by date, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from care.models import CareAlert, Course, DosingSession, Measure, MeasureResponse
from care.readiness import Concern, concerns
from clinic.selectors import clinic_profile
from intake.models import Intake
from screening import definitions
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
    return SessionCheck(measure, found, words)


def open_alerts() -> list[CareAlert]:
    """Every risk answer during care nobody has acknowledged, oldest first: the top of the
    queue. One query."""
    return list(CareAlert.objects.filter(acknowledged_at__isnull=True,
                                         course__intake__erased_at__isnull=True)
                .select_related("course__intake").order_by("raised_at", "id"))


def measure_state(measure: Measure, today: date) -> str:
    """done, cancelled, overdue or open: as the clinician's table says it."""
    if measure.completed_at is not None:
        return "done"
    if measure.session is not None and measure.session.cancelled_at is not None:
        return "cancelled"
    return "overdue" if measure.due_on < today else "open"
