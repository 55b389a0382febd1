"""Every write a clinician makes goes through here, and each writes its own audit row."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from care.models import CareAlert, Course
from clinic.selectors import clinic_profile
from intake import workflow
from intake.models import Client, Intake, ResumeToken, StatusChange
from intake.services import StatusRefused, status_move
from outbox.models import OutgoingMessage
from outbox.services import message_enqueue
from review import escalation, retention
from review.models import Acknowledgement, Assignment, Note, StatsSnapshot
from review.selectors import open_cases_of


class ReviewError(Exception):
    """A write the review rules refuse; the message is for the clinician."""


def needs_acknowledgement(intake: Intake) -> bool:
    """An urgent intake nobody has acknowledged yet: nothing else may happen to it."""
    return intake.urgent and not Acknowledgement.objects.filter(intake=intake).exists()


def _locked(intake: Intake) -> Intake:
    return (Intake.objects.select_for_update(of=("self",)).select_related("assessment")
            .get(pk=intake.pk))


def _require_acknowledged(intake: Intake) -> None:
    if needs_acknowledgement(intake):
        raise ReviewError(_("This urgent case must be acknowledged first."))


@transaction.atomic
def acknowledgement_record(*, intake: Intake, by: AbstractBaseUser, action_taken: str,
                           ip_address: str | None) -> Acknowledgement:
    intake = _locked(intake)
    if not intake.urgent:
        raise ReviewError(_("Only urgent safety cases are acknowledged."))
    if not action_taken.strip():
        raise ReviewError(_("Say what was done (for example: called the client, safety plan)."))
    if Acknowledgement.objects.filter(intake=intake).exists():
        raise ReviewError(_("This case was already acknowledged."))
    acknowledgement = Acknowledgement.objects.create(intake=intake, by=by,
                                                     action_taken=action_taken.strip())
    audit_record(actor=by, action=AuditEvent.Action.ACKNOWLEDGE, intake=intake,
                 ip_address=ip_address)
    return acknowledgement


@transaction.atomic
def assignment_set(*, intake: Intake, clinician: AbstractBaseUser, by: AbstractBaseUser,
                   ip_address: str | None) -> Assignment:
    intake = _locked(intake)
    _require_acknowledged(intake)
    assignment, _created = Assignment.objects.update_or_create(
        intake=intake, defaults={"clinician": clinician, "assigned_by": by})
    audit_record(actor=by, action=AuditEvent.Action.ASSIGN, intake=intake,
                 ip_address=ip_address, detail={"clinician": clinician.pk})
    return assignment


@transaction.atomic
def note_add(*, intake: Intake, author: AbstractBaseUser, body: str, ip_address: str | None,
             corrects: Note | None = None) -> Note:
    """Append a note; a correction points at the note it corrects, which stays as it was."""
    intake = _locked(intake)
    _require_acknowledged(intake)
    if not body.strip():
        raise ReviewError(_("A note cannot be empty."))
    if corrects is not None:
        if corrects.intake_id != intake.pk:
            raise ReviewError(_("A correction must be on the same intake."))
        if Note.objects.filter(corrects=corrects).exists():
            raise ReviewError(_("That note was already corrected; correct the correction."))
    note = Note.objects.create(intake=intake, author=author, body=body.strip(),
                               corrects=corrects)
    audit_record(actor=author, action=AuditEvent.Action.NOTE, intake=intake,
                 ip_address=ip_address, detail={"note": note.pk})
    return note


@transaction.atomic
def status_change(*, intake: Intake, move: workflow.Move, by: AbstractBaseUser,
                  ip_address: str | None) -> StatusChange:
    """A clinician moves an intake along the workflow, once any urgent case is
    acknowledged; the intake's one status service records it."""
    intake = _locked(intake)
    _require_acknowledged(intake)
    try:
        return status_move(intake=intake, move=move, by=by, ip_address=ip_address)
    except StatusRefused as refused:
        raise ReviewError(str(refused)) from refused


def urgent_realerts_send(*, now: datetime | None = None) -> int:
    """Alert again, then escalate, every urgent case nobody has acknowledged, on the
    schedule in `escalation`. Each case is locked and committed on its own; a case another
    run holds is left to it. Returns how many alerts were queued."""
    now = now or timezone.now()
    profile = clinic_profile()
    realert_after = timedelta(minutes=profile.urgent_realert_minutes)
    escalate_every = timedelta(minutes=profile.urgent_escalate_every_minutes)
    waiting = (Intake.objects.filter(urgent_since__isnull=False, acknowledgement__isnull=True)
               .exclude(status__in=workflow.CLOSED).values_list("pk", flat=True))
    queued = 0
    for pk in list(waiting):
        with transaction.atomic():
            intake = (Intake.objects.select_for_update(skip_locked=True, of=("self",))
                      .filter(pk=pk, acknowledgement__isnull=True).first())
            if intake is None or now < escalation.next_alert_due(
                    urgent_since=intake.urgent_since, alerts_sent=intake.urgent_alerts,
                    realert_after=realert_after, escalate_every=escalate_every):
                continue
            number = intake.urgent_alerts + 1
            _alert_again(number, since=intake.urgent_since, now=now,
                         params={"intake": str(intake.pk), "acute": intake.urgent_acute})
            Intake.objects.filter(pk=pk).update(urgent_alerts=number)
            queued += 1
    return queued + _care_realerts_send(now, realert_after, escalate_every)


def _alert_again(number: int, *, since: datetime, now: datetime,
                 params: dict[str, object]) -> None:
    """Alert number `number` of a case nobody has acknowledged: to the clinicians, and from
    the third on to clinic admins and the clinic's address as well (`escalation`)."""
    params = {**params, "waited_minutes": int((now - since).total_seconds() // 60)}
    message_enqueue(kind=OutgoingMessage.Kind.URGENT_ALERT,
                    recipient=OutgoingMessage.Recipient.CLINICIANS, params=params)
    if escalation.escalates(number):
        message_enqueue(kind=OutgoingMessage.Kind.URGENT_ESCALATION,
                        recipient=OutgoingMessage.Recipient.CLINIC_ADMINS, params=params)


def _care_realerts_send(now: datetime, realert_after: timedelta,
                        escalate_every: timedelta) -> int:
    """The same schedule for risk answers during a course of care."""
    queued = 0
    waiting = (CareAlert.objects.filter(acknowledged_at__isnull=True,
                                        course__intake__erased_at__isnull=True)
               .values_list("pk", flat=True))
    for pk in list(waiting):
        with transaction.atomic():
            alert = (CareAlert.objects.select_for_update(skip_locked=True)
                     .filter(pk=pk, acknowledged_at__isnull=True).first())
            if alert is None or now < escalation.next_alert_due(
                    urgent_since=alert.raised_at, alerts_sent=alert.alerts_sent,
                    realert_after=realert_after, escalate_every=escalate_every):
                continue
            number = alert.alerts_sent + 1
            _alert_again(number, since=alert.raised_at, now=now,
                         params={"intake": str(alert.course.intake_id), "acute": alert.acute,
                                 "care_alert": alert.pk})
            CareAlert.objects.filter(pk=pk).update(alerts_sent=number)
            queued += 1
    return queued


@transaction.atomic
def cases_hand_over(*, from_user: AbstractBaseUser, to_user: AbstractBaseUser | None,
                    by: AbstractBaseUser, ip_address: str | None) -> int:
    """Move someone's open cases to another clinician, or leave them unassigned (they then
    show as such in the queue). Urgent cases move too, acknowledged or not: who holds a
    case must never wait on it. Each move is audited."""
    moved = 0
    for intake in open_cases_of(from_user).select_for_update(of=("self",)):
        if to_user is None:
            Assignment.objects.filter(intake=intake).delete()
        else:
            Assignment.objects.filter(intake=intake).update(clinician=to_user, assigned_by=by)
        audit_record(actor=by, action=AuditEvent.Action.ASSIGN, intake=intake,
                     ip_address=ip_address,
                     detail={"clinician": to_user.pk if to_user else None,
                             "handover_from": from_user.pk})
        moved += 1
    return moved


def _erase(intake: Intake, *, now: datetime) -> None:
    """Erase one application's personal data, leaving the shell `retention` describes.
    The protected records go through the owner's function; the rest is the app's own."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {retention.ERASE_FUNCTION}(%s)", [intake.pk])
        cursor.execute(f"SELECT {retention.CARE_ERASE_FUNCTION}(%s)", [intake.pk])
    # The course of care goes whole: its check-ins' answers went just above, and its
    # sessions and measures with it.
    Course.objects.filter(intake=intake).delete()
    ResumeToken.objects.filter(intake=intake).delete()
    Acknowledgement.objects.filter(intake=intake).update(action_taken="")
    client_id = intake.client_id
    Intake.objects.filter(pk=intake.pk).update(**retention.PERSONAL_FIELDS, client=None,
                                               erased_at=now)
    if client_id is not None and not Intake.objects.filter(client_id=client_id).exists():
        Client.objects.filter(pk=client_id).delete()


@transaction.atomic
def person_erase(*, intake: Intake, by: AbstractBaseUser, ip_address: str | None) -> int:
    """A clinic admin erases everything the clinic holds of one person (every application
    sent under their address). Each erased application keeps an audit row that says who
    erased it and when, and nothing about the person. Returns how many were erased."""
    intake = _locked(intake)
    intakes = retention.person_intakes(intake)
    for each in [intake, *(other for other in intakes if other.pk != intake.pk)]:
        refused = retention.erasure_refused(each)
        if refused:
            raise ReviewError(refused)
    now = timezone.now()
    for each in intakes:
        _erase(each, now=now)
        audit_record(actor=by, action=AuditEvent.Action.ERASE, intake=each,
                     ip_address=ip_address, detail={"why": "request"})
    return len(intakes)


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """The clinic's retention policy: erase closed cases and unfinished drafts past its
    limits. Each application is erased and committed on its own, with its audit row; the
    run leaves one more row with the counts and the limits used (no one's details)."""
    now = now or timezone.now()
    profile = clinic_profile()
    erased = {"closed": 0, "drafts": 0}
    for key, due in (("closed", retention.closed_due), ("drafts", retention.drafts_due)):
        for pk in list(due(profile, now).values_list("pk", flat=True)):
            with transaction.atomic():
                intake = (due(profile, now).select_for_update(skip_locked=True, of=("self",))
                          .filter(pk=pk).first())
                if intake is None:
                    continue
                _erase(intake, now=now)
                audit_record(actor=None, action=AuditEvent.Action.ERASE, intake=intake,
                             detail={"why": "retention", "rule": key})
                erased[key] += 1
    if any(erased.values()):
        audit_record(actor=None, action=AuditEvent.Action.RETENTION, detail={
            **erased, "closed_days": profile.retain_closed_days,
            "draft_days": profile.retain_draft_days})
    return erased


def stats_snapshot_refresh() -> StatsSnapshot:
    """Count the statistics again and keep them for the page (a periodic job)."""
    from review.stats import dashboard, dashboard_to_json

    computed_at = timezone.now()
    numbers = dashboard_to_json(dashboard())
    snapshot, _created = StatsSnapshot.objects.update_or_create(
        pk=1, defaults={"computed_at": computed_at, "data": numbers})
    return snapshot
