"""Every write of a course of care, each with its audit row: a clinician starts a course and
plans its sessions; the periodic job asks each measure when `care.plan` says; the client
answers by link."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from care import plan
from care.models import CareAlert, Course, DosingSession, Measure, MeasureResponse
from clinic.selectors import clinic_profile
from intake import tokens
from intake.models import Intake
from intake.services import scoring_params
from outbox.models import OutgoingMessage
from outbox.services import message_enqueue
from screening import battery, definitions
from screening.change import MEASURED
from screening.scoring import score

Kind = OutgoingMessage.Kind


class CareRefused(Exception):
    """A write the course's rules refuse; the message is for the clinician."""


def plan_defaults() -> dict[str, object]:
    """A new course's measurement plan, from the clinic settings."""
    profile = clinic_profile()
    return {"instruments": [c for c in MEASURED if c in profile.measure_instruments],
            "at_baseline": profile.measure_at_baseline,
            "before_sessions": profile.measure_before_sessions,
            "every_weeks": profile.measure_every_weeks}


@transaction.atomic
def course_start(*, intake: Intake, by: AbstractBaseUser, instruments: list[str],
                 at_baseline: bool, before_sessions: bool, every_weeks: int | None,
                 ip_address: str | None) -> Course:
    """Only on an application approved for consultation, one open course at a time. The
    baseline, if planned, is asked at once (its email goes through the queue)."""
    intake = Intake.objects.select_for_update(of=("self",)).get(pk=intake.pk)
    if intake.status != Intake.Status.APPROVED:
        raise CareRefused(_("A course of care starts once the application is approved for "
                            "consultation."))
    if Course.objects.filter(intake=intake, ended_at__isnull=True).exists():
        raise CareRefused(_("This client's course of care has started already."))
    chosen = [code for code in MEASURED if code in instruments]
    if not chosen:
        raise CareRefused(_("Choose at least one questionnaire to follow."))
    course = Course.objects.create(
        intake=intake, started_by=by, started_on=timezone.localdate(), instruments=chosen,
        at_baseline=at_baseline, before_sessions=before_sessions, every_weeks=every_weeks)
    audit_record(actor=by, action=AuditEvent.Action.CARE_START, intake=intake,
                 ip_address=ip_address, detail={"course": str(course.pk)})
    _ask_due(course, today=course.started_on)
    return course


def _open_course(course: Course) -> Course:
    course = Course.objects.select_for_update().select_related("intake").get(pk=course.pk)
    if course.ended_at is not None:
        raise CareRefused(_("This course of care has ended."))
    return course


@transaction.atomic
def session_plan(*, course: Course, on_date: date, setting: str, label: str,
                 by: AbstractBaseUser, ip_address: str | None) -> DosingSession:
    course = _open_course(course)
    if on_date < course.started_on:
        raise CareRefused(_("A session cannot be planned before the course started."))
    session = DosingSession.objects.create(course=course, on_date=on_date, setting=setting,
                                           label=label.strip(), planned_by=by)
    audit_record(actor=by, action=AuditEvent.Action.SESSION_PLAN, intake=course.intake,
                 ip_address=ip_address, detail={"session": session.pk})
    _ask_due(course, today=timezone.localdate())
    return session


@transaction.atomic
def session_cancel(*, session: DosingSession, by: AbstractBaseUser,
                   ip_address: str | None) -> DosingSession:
    """Kept in the history, struck through; its measure, if not yet answered, is no longer
    asked and its link stops working (`_askable`)."""
    course = _open_course(session.course)
    session = DosingSession.objects.select_for_update().get(pk=session.pk, course=course)
    if session.on_date < timezone.localdate():
        raise CareRefused(_("A session in the past cannot be cancelled: it stays on the "
                            "record as planned."))
    if session.cancelled_at is None:
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
        audit_record(actor=by, action=AuditEvent.Action.SESSION_CANCEL, intake=course.intake,
                     ip_address=ip_address, detail={"session": session.pk})
    return session


def _occasions(course: Course) -> list[plan.Occasion]:
    sessions = list(course.sessions.filter(cancelled_at__isnull=True)
                    .values_list("pk", "on_date"))
    return plan.occasions(start=course.started_on, sessions=sessions,
                          instruments=course.instruments, at_baseline=course.at_baseline,
                          before_sessions=course.before_sessions,
                          every_weeks=course.every_weeks)


def _ask_due(course: Course, *, today: date) -> int:
    """Make each measure whose day to ask has come, once, and queue its link. A measure
    whose due day has passed before it was ever made is not asked late."""
    asked = 0
    for occasion in _occasions(course):
        if occasion.ask_on > today or occasion.due_on < today:
            continue
        try:
            with transaction.atomic():
                measure = Measure.objects.create(
                    course=course, occasion=occasion.kind, session_id=occasion.session,
                    ask_on=occasion.ask_on, due_on=occasion.due_on,
                    instruments=list(occasion.codes))
        except IntegrityError:
            continue  # made before (the constraints say once)
        message_enqueue(kind=Kind.MEASURE_LINK, recipient=OutgoingMessage.Recipient.CLIENT,
                        params={"measure": measure.pk})
        asked += 1
    return asked


def measures_ask(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic job: ask what is due on every open course, and remind once those not
    done after `plan.REMINDER_AFTER_DAYS`. Each course is committed on its own."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"asked": 0, "reminded": 0}
    open_courses = Course.objects.filter(ended_at__isnull=True,
                                         intake__erased_at__isnull=True)
    for pk in list(open_courses.values_list("pk", flat=True)):
        with transaction.atomic():
            course = (Course.objects.select_for_update(skip_locked=True)
                      .filter(pk=pk, ended_at__isnull=True).first())
            if course is not None:
                counts["asked"] += _ask_due(course, today=today)
    remind = (Measure.objects.filter(
        completed_at__isnull=True, links_sent=1, due_on__gte=today,
        first_sent_at__lte=now - timedelta(days=plan.REMINDER_AFTER_DAYS),
        course__ended_at__isnull=True)
        .exclude(session__cancelled_at__isnull=False))
    for pk in list(remind.values_list("pk", flat=True)):
        with transaction.atomic():
            changed = Measure.objects.filter(pk=pk, links_sent=1).update(links_sent=2)
            if changed:
                message_enqueue(kind=Kind.MEASURE_REMINDER,
                                recipient=OutgoingMessage.Recipient.CLIENT,
                                params={"measure": pk})
                counts["reminded"] += 1
    return counts


def _askable() -> QuerySet[Measure]:
    """Measures that may still be asked: not done, course open, session not cancelled,
    the person not erased. The one place that says so (a cancelled session's link stops
    working through it)."""
    return (Measure.objects.select_related("course__intake")
            .filter(completed_at__isnull=True, course__ended_at__isnull=True,
                    course__intake__erased_at__isnull=True)
            .exclude(session__cancelled_at__isnull=False))


def measure_askable(measure_id: int) -> Measure | None:
    return _askable().filter(pk=measure_id).first()


@transaction.atomic
def measure_link_create(*, measure: Measure) -> str:
    """A fresh link for the measure; the one before stops working. Only its hash is
    kept. Called as the email is written, so the link in the inbox is the one that works."""
    raw, hashed = tokens.new_token()
    now = timezone.now()
    expires = now + timedelta(days=plan.LINK_DAYS)
    if measure.occasion == plan.BEFORE_SESSION:
        # A check before a session is no use after it: the link ends with its day.
        end_of_day = timezone.make_aware(datetime.combine(
            measure.due_on + timedelta(days=1), time.min))
        expires = min(expires, end_of_day)
    Measure.objects.filter(pk=measure.pk).update(token_hash=hashed, link_expires_at=expires)
    Measure.objects.filter(pk=measure.pk, first_sent_at__isnull=True).update(
        first_sent_at=now, links_sent=1)
    return raw


def measure_for_link(raw: str) -> Measure | None:
    """The measure a link opens, if the link is the newest one sent, unexpired, unused."""
    return _askable().filter(token_hash=tokens.token_hash(raw),
                             link_expires_at__gt=timezone.now()).first()


@transaction.atomic
def measure_link_redeem(raw: str) -> Measure | None:
    """Use a link once: the measure it opens, and the link stops working (a copy in a
    shared inbox or a mail log cannot open it again)."""
    measure = measure_for_link(raw)
    if measure is not None:
        Measure.objects.filter(pk=measure.pk).update(token_hash=None)
    return measure


def measure_next(measure: Measure) -> str | None:
    """The first questionnaire of the measure not answered yet."""
    answered = set(measure.responses.values_list("questionnaire", flat=True))
    return next((code for code in measure.instruments if code not in answered), None)


@transaction.atomic
def measure_answer(*, measure: Measure, questionnaire: str, answers: dict[str, object],
                   not_asked: list[str], at: datetime | None = None) -> MeasureResponse:
    """Store one questionnaire's answers, scored, with its recall window; the last one
    completes the measure. A page sent twice (a double click) keeps the first answers.
    `at`: when it was answered, now unless demo data lays down a course's history."""
    measure = Measure.objects.select_for_update().select_related("course__intake").get(
        pk=measure.pk)
    if measure.completed_at is not None or questionnaire not in measure.instruments:
        raise CareRefused(_("This check-in is closed."))
    existing = measure.responses.filter(questionnaire=questionnaire).first()
    if existing is not None:
        return existing
    definition = definitions.get(questionnaire)
    result = score(definition, answers, scoring_params({questionnaire: answers}))
    response = MeasureResponse.objects.create(
        measure=measure, questionnaire=questionnaire, version=definition.version,
        answers=answers, not_asked=not_asked, score=result.as_dict() if result else None,
        recall_days=definition.recall_window.days if definition.recall_window else None,
        answered_at=at or timezone.now())
    if response_shows_risk(response):
        alert_raise(course=measure.course, measure=measure,
                    acute=bool(set(result.flags) & battery.ACUTE_FLAGS))
    if measure_next(measure) is None:
        measure.completed_at = response.answered_at
        measure.token_hash = None
        measure.save(update_fields=["completed_at", "token_hash"])
        audit_record(actor=None, action=AuditEvent.Action.MEASURE_ANSWERED,
                     intake=measure.course.intake, detail={"measure": measure.pk})
    return response


def alert_raise(*, course: Course, measure: Measure | None, acute: bool) -> CareAlert:
    """Alert the clinicians, in the caller's transaction (so the client's next page may
    say the team has been told). A course with an alert nobody has acknowledged yet keeps
    that one, pointing at the latest check-in; a risk answer in another check-in, or one
    that turns it acute, alerts again."""
    Course.objects.select_for_update().filter(pk=course.pk).get()
    alert = CareAlert.objects.filter(course=course, acknowledged_at__isnull=True).first()
    if alert is None:
        alert = CareAlert.objects.create(course=course, measure=measure, acute=acute)
    elif (acute and not alert.acute) or (measure is not None
                                         and alert.measure_id != measure.pk):
        alert.acute = alert.acute or acute
        alert.measure = measure or alert.measure
        alert.alerts_sent += 1
        alert.save(update_fields=["acute", "measure", "alerts_sent"])
    else:
        return alert
    message_enqueue(kind=Kind.URGENT_ALERT, recipient=OutgoingMessage.Recipient.CLINICIANS,
                    params={"intake": str(course.intake_id), "acute": alert.acute,
                            "care_alert": alert.pk})
    return alert


def response_shows_risk(response: MeasureResponse) -> bool:
    flags = set((response.score or {}).get("flags", ()))
    return bool(flags & (battery.URGENT_FLAGS | battery.ACUTE_FLAGS))


def risk_answered(measure: Measure) -> bool:
    """Whether this check-in holds a risk answer (its client is shown help at once)."""
    return any(response_shows_risk(r) for r in measure.responses.all())


@transaction.atomic
def alert_acknowledge(*, alert: CareAlert, by: AbstractBaseUser, action_taken: str,
                      ip_address: str | None) -> CareAlert:
    alert = CareAlert.objects.select_for_update().select_related("course").get(pk=alert.pk)
    if alert.acknowledged_at is not None:
        raise CareRefused(_("This alert was already acknowledged."))
    if not action_taken.strip():
        raise CareRefused(_("Say what was done (for example: called the client, safety "
                            "plan)."))
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = by
    alert.action_taken = action_taken.strip()
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "action_taken"])
    audit_record(actor=by, action=AuditEvent.Action.ACKNOWLEDGE, intake=alert.course.intake,
                 ip_address=ip_address, detail={"care_alert": alert.pk})
    return alert
