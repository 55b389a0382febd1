"""Every write to an intake goes through here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from clinic.models import ConsentDocument
from clinic.selectors import clinic_profile, current_consent
from intake import tokens, workflow
from intake.models import (
    CandidacyAssessment,
    Client,
    ConsentSignature,
    IneligibleVisit,
    Intake,
    QuestionnaireResponse,
    ResumeToken,
    StatusChange,
)
from outbox.models import OutgoingMessage
from outbox.services import message_enqueue
from screening import battery, candidacy, definitions, rules
from screening.scoring import score


class IntakeIncomplete(Exception):
    """Submission was asked for before every page was done; `missing` names the pages."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


class StatusRefused(Exception):
    """A status move the workflow does not allow; the message says why."""


class IntakeLocked(Exception):
    """A submitted intake's answers cannot be changed from the public pages."""


class NotAsked(Exception):
    """Answers to a questionnaire this intake does not ask (the clinic had turned it off
    when the intake started) are not kept."""


# Statuses in which the client may change answers: a draft, or an intake the clinic sent
# back for more information.
EDITABLE = (Intake.Status.DRAFT, Intake.Status.NEEDS_INFO)


def _ensure_draft(intake: Intake) -> None:
    """Lock the row and check the status as stored now, not as the caller last read it
    (a late autosave from another tab must not change a submitted intake)."""
    stored = Intake.objects.select_for_update().only("status").get(pk=intake.pk).status
    if stored not in EDITABLE or intake.status not in EDITABLE:
        raise IntakeLocked(str(intake.pk))


def _touch(intake: Intake) -> None:
    """Record the client's activity, which the reminders measure from."""
    Intake.objects.filter(pk=intake.pk).update(updated_at=timezone.now())


def answers_by_questionnaire(intake: Intake) -> dict[str, dict[str, object]]:
    return dict(intake.responses.current().values_list("questionnaire", "answers"))


def scoring_params(answers: dict[str, dict[str, object]]) -> dict[str, object]:
    """What scoring needs beyond the answers: the clinic's thresholds (a check-in during
    care scores the same way)."""
    thresholds = candidacy.ClinicThresholds.from_profile(clinic_profile())
    return rules.scoring_params(thresholds, answers)


CONTACT_FIELDS = (
    "language",
    "first_name", "last_name", "preferred_name", "pronouns", "date_of_birth", "state",
    "email", "phone", "emergency_contact_name", "emergency_contact_phone",
    "emergency_contact_relationship",
)


REQUIRED_CONTACT_FIELDS = ("first_name", "last_name", "date_of_birth", "state", "email")


def intake_start(*, language: str = "en") -> Intake:
    """A new draft, asking the questionnaires the clinic's settings ask for now; it keeps
    them whatever the settings say later."""
    return Intake.objects.create(
        language=language, questionnaires_asked=list(clinic_profile().questionnaires_asked()))


@transaction.atomic
def intake_save_contact(*, intake: Intake, **details: Any) -> Intake:
    """Save contact details (all of them, or the valid part when pausing)."""
    _ensure_draft(intake)
    unknown = set(details) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"not contact fields: {sorted(unknown)}")
    for name, value in details.items():
        setattr(intake, name, value)
    intake.save(update_fields=[*details, "updated_at"])
    return intake


def gate_reason(intake: Intake) -> str | None:
    """Why the clinic cannot see this person at all, if it cannot (the early gate)."""
    profile = clinic_profile()
    age = intake.age_on(timezone.localdate())
    if age is not None and age < profile.minimum_age:
        return IneligibleVisit.Reason.UNDER_AGE
    if profile.states_served and intake.state and intake.state not in profile.states_served:
        return IneligibleVisit.Reason.OUTSIDE_STATES
    return None


@transaction.atomic
def intake_gate_out(*, intake: Intake, reason: str) -> None:
    """Keep only a count: the draft and everything typed into it are deleted."""
    _ensure_draft(intake)
    IneligibleVisit.objects.create(reason=reason)
    intake.delete()


def _store(intake: Intake, code: str, *, answers: dict[str, object], not_asked: list[str],
           declined: bool, params: dict[str, object], complete: bool = True,
           ) -> QuestionnaireResponse:
    definition = definitions.get(code)
    result = None if declined else score(definition, answers, params)
    # The draft row of this questionnaire (a sent one is never changed: a new row then).
    response, _ = QuestionnaireResponse.objects.update_or_create(
        intake=intake,
        questionnaire=definition.code,
        submitted_at=None,
        defaults={
            "version": definition.version,
            "answers": answers,
            "not_asked": not_asked,
            "declined": declined,
            "complete": complete,
            "score": result.as_dict() if result else None,
        },
    )
    return response


def _sync_branching(intake: Intake) -> None:
    """Record questionnaires that no longer apply as not asked, and forget that record
    when they apply again (a changed answer earlier on)."""
    responses = {r.questionnaire: r for r in intake.responses.current()}
    answers = {code: r.answers for code, r in responses.items()}
    params = scoring_params(answers)
    for code in intake.questionnaires:
        asked = battery.is_asked(code, answers)
        response = responses.get(code)
        if not asked and (response is None or response.answers):
            all_items = [item.link_id for item in definitions.get(code).items]
            _store(intake, code, answers={}, not_asked=all_items, declined=False, params=params)
        elif (asked and response is not None and response.submitted_at is None
              and _is_not_asked_record(response)):
            response.delete()


def _is_not_asked_record(response: QuestionnaireResponse) -> bool:
    """The row that records a whole questionnaire as not asked (every item skipped by the
    branching), as opposed to a page the client answered by leaving it all blank."""
    items = {item.link_id for item in definitions.get(response.questionnaire).items}
    return not response.answers and not response.declined and set(response.not_asked) >= items


@transaction.atomic
def response_save(
    *, intake: Intake, questionnaire: str, answers: dict[str, object],
    not_asked: list[str] | None = None, complete: bool | None = True,
) -> QuestionnaireResponse:
    """Store a questionnaire's answers under its current version, scored. `complete` is
    False for answers saved part-way, which the page will ask to finish; None for a pause,
    where a page done before stays done, as stored under the intake's lock (an autosave
    that crosses the page's own submission must not undo it). Without
    `not_asked`, the items the branching skips are worked out from the answers. A
    questionnaire the intake does not ask is refused (`NotAsked`)."""
    _ensure_draft(intake)
    if questionnaire not in intake.questionnaires_asked:
        raise NotAsked(questionnaire)
    if complete is None:
        complete = intake.responses.current().filter(questionnaire=questionnaire,
                                                     complete=True).exists()
    everything = answers_by_questionnaire(intake) | {questionnaire: answers}
    if not_asked is None:
        not_asked = definitions.get(questionnaire).not_asked(answers)
    response = _store(intake, questionnaire, answers=answers, not_asked=not_asked,
                      declined=False, params=scoring_params(everything), complete=complete)
    _sync_branching(intake)
    _touch(intake)
    flags = _safety_flags(intake)
    if flags:
        _urgent_raise(intake, acute=bool(flags & battery.ACUTE_FLAGS))
    return response


def _safety_flags(intake: Intake) -> frozenset[str]:
    """The suicide-risk flags the answers saved so far raise."""
    found: set[str] = set()
    for scored in intake.responses.current().exclude(score=None).values_list("score",
                                                                              flat=True):
        found.update(scored.get("flags", ()))
    return frozenset(found & (battery.URGENT_FLAGS | battery.ACUTE_FLAGS))


def _urgent_raise(intake: Intake, *, acute: bool) -> None:
    """Mark the case urgent and queue the staff alert, in the caller's transaction: the
    client's next page may then say the team has been told. Once urgent, a case stays
    urgent; one that turns acute is alerted again."""
    current = (Intake.objects.select_for_update().filter(pk=intake.pk)
               .values("urgent_since", "urgent_acute", "urgent_alerts").get())
    if current["urgent_since"] is None:
        change = {"urgent_since": timezone.now(), "urgent_acute": acute, "urgent_alerts": 1}
    elif acute and not current["urgent_acute"]:
        change = {"urgent_acute": True, "urgent_alerts": current["urgent_alerts"] + 1}
    else:
        return
    Intake.objects.filter(pk=intake.pk).update(**change)
    for name, value in {**current, **change}.items():
        setattr(intake, name, value)
    message_enqueue(kind=OutgoingMessage.Kind.URGENT_ALERT,
                    recipient=OutgoingMessage.Recipient.CLINICIANS,
                    params={"intake": str(intake.pk), "acute": intake.urgent_acute})


@transaction.atomic
def section_decline(*, intake: Intake, section: battery.Section) -> None:
    """The client chose to skip a section after its content warning: nothing is scored,
    and the candidacy rules treat what it would have told us as "cannot tell". Answers
    already given in it (the client came back to the warning) are kept, never wiped."""
    _ensure_draft(intake)
    asked = [code for code in section.questionnaires if code in intake.questionnaires_asked]
    answered = set(intake.responses.current().filter(questionnaire__in=asked)
                   .exclude(answers={}).values_list("questionnaire", flat=True))
    for code in asked:
        if code not in answered:
            _store(intake, code, answers={}, not_asked=[], declined=True, params={})
    _touch(intake)


def missing_pages(intake: Intake) -> list[str]:
    """Keys of the pages not yet done, in order: where a returning client carries on.
    Contact details count as done only once they pass the early gate; questionnaires the
    intake does not ask are no pages of it."""
    contact_done = (all(getattr(intake, name) for name in REQUIRED_CONTACT_FIELDS)
                    and gate_reason(intake) is None)
    missing = [] if contact_done else ["contact"]
    responses = {r.questionnaire: r for r in intake.responses.current()}
    answers = {code: r.answers for code, r in responses.items()}
    missing += [
        code for code in intake.questionnaires
        if battery.is_asked(code, answers)
        and (code not in responses or not responses[code].complete
             # answered under an older version: asked again, to cover what it lacked
             or (responses[code].version != definitions.get(code).version
                 and not responses[code].declined))
    ]
    consent = ConsentSignature.objects.filter(intake=intake).select_related("document").first()
    current = current_consent()
    # A signature already sent stands for its version (it cannot change); a draft's is
    # asked again when the clinic has published a newer one.
    if consent is None or (current is not None and consent.submitted_at is None
                           and consent.document.version != current.version):
        missing.append("consent")
    return missing


@transaction.atomic
def consent_sign(*, intake: Intake, document: ConsentDocument, typed_name: str,
                 ip_address: str | None) -> ConsentSignature:
    """Record the typed-name signature of this consent version (a re-signature replaces
    an earlier one, e.g. after the clinic published a new version)."""
    _ensure_draft(intake)
    sent = ConsentSignature.objects.filter(intake=intake, submitted_at__isnull=False).first()
    if sent is not None:  # a signature already sent stands (and cannot change)
        return sent
    signature, _ = ConsentSignature.objects.update_or_create(
        intake=intake,
        defaults={"document": document, "typed_name": typed_name,
                  "signed_on": timezone.localdate(), "ip_address": ip_address},
    )
    _touch(intake)
    return signature


def resume_link_create(*, intake: Intake) -> str:
    """A new resume link token; only the newest link of an intake works. Called by the
    worker as it writes the email: it adds a row and locks nothing, so the client's own
    pages never wait on a mail server."""
    if intake.status not in EDITABLE:
        raise IntakeLocked(str(intake.pk))
    raw, hashed = tokens.new_token()
    ResumeToken.objects.create(intake=intake, token_hash=hashed,
                               expires_at=timezone.now() + timedelta(days=tokens.RESUME_DAYS))
    return raw


# A link to the application goes to one address at most once every few minutes.
RENEW_EVERY_MINUTES = 10
# Emails that carry a link back to the application.
LINK_KINDS = (OutgoingMessage.Kind.RESUME_LINK, OutgoingMessage.Kind.REMINDER,
              OutgoingMessage.Kind.MORE_INFORMATION)


def _client_email_queue(intake: Intake, kind: str) -> OutgoingMessage:
    return message_enqueue(kind=kind, recipient=OutgoingMessage.Recipient.CLIENT,
                           params={"intake": str(intake.pk)})


def resume_link_send(*, intake: Intake) -> bool:
    """Queue an email with a link back to the draft (written, with its token, when sent),
    unless one with a link went to the same address in the last 10 minutes: that one is on
    its way, and nobody can flood an inbox. True if a new one was queued."""
    recent = timezone.now() - timedelta(minutes=RENEW_EVERY_MINUTES)
    # Every draft with this address counts: starting new drafts with someone else's
    # address does not send them more.
    same_address = [str(pk) for pk in Intake.objects.filter(
        email__iexact=intake.email).values_list("pk", flat=True)] if intake.email else []
    if OutgoingMessage.objects.filter(
            kind__in=LINK_KINDS, params__intake__in=[str(intake.pk), *same_address],
            created_at__gt=recent).exists():
        return False
    _client_email_queue(intake, OutgoingMessage.Kind.RESUME_LINK)
    return True


def resume_token_intake(raw: str) -> Intake | None:
    """The draft a resume link leads to, if the link is real, not expired, and the newest
    one sent for it."""
    token = (ResumeToken.objects.select_related("intake")
             .filter(token_hash=tokens.token_hash(raw), expires_at__gt=timezone.now()).first())
    if token is None or token.intake.status not in EDITABLE:
        return None
    if ResumeToken.objects.filter(intake_id=token.intake_id, pk__gt=token.pk).exists():
        return None  # a newer link was sent since
    return token.intake


@transaction.atomic
def resume_token_redeem(raw: str) -> Intake | None:
    """Use a resume link once: the draft it leads to, and every link to it stops working
    (a copy left in a mail log or a shared inbox cannot open the application again)."""
    intake = resume_token_intake(raw)
    if intake is not None:
        ResumeToken.objects.filter(intake=intake).delete()
    return intake


def resume_link_renew(*, email: str) -> bool:
    """Send a fresh link to the newest draft with this email, if there is one. The caller
    says the same thing either way, so nobody learns whether an address applied."""
    intake = (Intake.objects.filter(status__in=EDITABLE, email__iexact=email)
              .order_by("-updated_at").first())
    if intake is None:
        return False
    return resume_link_send(intake=intake)


REMINDER_AFTER_DAYS = (2, 7)  # first and second reminder; never a third


def draft_reminders_send(*, now: datetime | None = None) -> int:
    """Queue reminders for drafts left unfinished, each at most once a run and twice in
    all; each draft is counted and committed with its email on its own."""
    now = now or timezone.now()
    due = Intake.objects.filter(
        status=Intake.Status.DRAFT, reminders_sent__lt=len(REMINDER_AFTER_DAYS),
        updated_at__lte=now - timedelta(days=REMINDER_AFTER_DAYS[0]),
    ).exclude(email="").values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            intake = Intake.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status=Intake.Status.DRAFT).first()
            if intake is None or intake.reminders_sent >= len(REMINDER_AFTER_DAYS):
                continue
            wait = timedelta(days=REMINDER_AFTER_DAYS[intake.reminders_sent])
            if intake.updated_at > now - wait:
                continue
            # .update() leaves updated_at alone: a reminder is not the client's activity.
            Intake.objects.filter(pk=pk).update(reminders_sent=intake.reminders_sent + 1)
            _client_email_queue(intake, OutgoingMessage.Kind.REMINDER)
        sent += 1
    return sent


def client_by_email(email: str) -> QuerySet[Client]:
    """By the unique index on lower(email): `email__iexact` compares upper() with upper(),
    which that index cannot serve (a scan of every client)."""
    return Client.objects.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


def _client_for(email: str) -> Client:
    client = client_by_email(email).first()
    if client is not None:
        return client
    try:
        with transaction.atomic():
            return Client.objects.create(email=email.lower())
    except IntegrityError:  # created by a concurrent submission with the same email
        return client_by_email(email).get()


def assess(intake: Intake) -> candidacy.Assessment:
    """The candidacy assessment of an intake's answers, as they stand; the questionnaires it
    did not ask read "cannot tell", quoted as not asked."""
    return candidacy.assess_intake(
        {
            r.questionnaire: candidacy.ResponseData(r.version, r.answers, r.declined)
            for r in intake.responses.current()
        },
        candidacy.ClinicThresholds.from_profile(clinic_profile()),
        candidacy.Person(age=intake.age_on(timezone.localdate()), state=intake.state or None),
        omitted=battery.omitted(intake.questionnaires_asked),
    )


@transaction.atomic
def intake_submit(*, intake_id: object) -> Intake:
    """Submit a draft: assess it and mark it submitted.

    Idempotent: the row is locked, and a second submission (a double click, a resent form)
    finds it submitted and returns it unchanged.
    """
    intake = Intake.objects.select_for_update().get(pk=intake_id)
    if intake.status not in EDITABLE:
        return intake
    missing = missing_pages(intake)
    if missing:
        raise IntakeIncomplete(missing)
    resubmission = intake.status == Intake.Status.NEEDS_INFO
    assessment = assess(intake)
    record = assessment.as_dict()
    # Scores saved page by page used what was known then (AUDIT-C's cut-off depends on sex,
    # asked later): store the final ones on the responses too.
    # A page sent before keeps its row; a changed score then makes a new one.
    for response in intake.responses.current():
        final = record["scores"].get(response.questionnaire)
        if final is not None and final != response.score:
            if response.submitted_at is not None:
                response.pk = None
                response.submitted_at = None
            response.score = final
            response.save()
    now = timezone.now()
    intake.responses.filter(submitted_at=None).update(submitted_at=now)
    ConsentSignature.objects.filter(intake=intake, submitted_at=None).update(submitted_at=now)
    intake.assessment = CandidacyAssessment.objects.create(
        intake=intake,
        tier=assessment.tier,
        base_tier=assessment.base_tier,
        urgent=assessment.urgent,
        acute=assessment.acute,
        reasons=record["reasons"],
        scores=record["scores"],
        rules_version=assessment.rules_version,
        thresholds=assessment.thresholds,
    )
    intake.client = _client_for(intake.email)
    if resubmission:  # the first submission time stays: it orders the queue
        intake.resubmitted_at = now
    else:
        intake.submitted_at = now
    ResumeToken.objects.filter(intake=intake).delete()
    intake.save(update_fields=["client", "submitted_at", "resubmitted_at", "assessment",
                               "updated_at"])
    status_move(intake=intake, move=workflow.Move(Intake.Status.SUBMITTED), by=None, at=now)
    if assessment.urgent:  # alerted already if a page made it urgent before
        _urgent_raise(intake, acute=assessment.acute)
    submission_emails_queue(intake=intake)
    return intake


def submission_emails_queue(*, intake: Intake) -> None:
    """With the submission: a note to the clinic and a confirmation to the client, each
    its own message (the urgent alert, when needed, is queued by `_urgent_raise`)."""
    Kind, Recipient = OutgoingMessage.Kind, OutgoingMessage.Recipient
    if clinic_profile().email:
        message_enqueue(kind=Kind.CLINIC_NOTICE, recipient=Recipient.CLINIC,
                        params={"intake": str(intake.pk)})
    _client_email_queue(intake, Kind.CONFIRMATION)


@transaction.atomic
def status_move(*, intake: Intake, move: workflow.Move, by: AbstractBaseUser | None,
                at: datetime | None = None, ip_address: str | None = None) -> StatusChange:
    """The one writer of status history: check the move against the workflow (`by=None`
    is the client), record it (a staff move with its audit row), and make it. Asking for
    more information opens the pages again and emails the client their link; the message
    waits for them behind it. Callers hold the intake's row lock."""
    try:
        workflow.check_move(intake.status, move, client=by is None)
    except workflow.MoveNotAllowed as refused:
        raise StatusRefused(str(refused)) from refused
    change = StatusChange.objects.create(
        intake=intake, from_status=intake.status, to_status=move.target,
        reason_code=move.reason_code, note=move.note.strip(), message=move.message.strip(),
        revisit=list(move.revisit), by=by, at=at or timezone.now())
    if by is not None:  # the client's own moves are on the record as this row alone
        audit_record(actor=by, action=AuditEvent.Action.STATUS, intake=intake,
                     ip_address=ip_address,
                     detail={"from": change.from_status, "to": change.to_status})
    if move.target == Intake.Status.NEEDS_INFO:
        _reopen(intake, list(move.revisit))
    Intake.objects.filter(pk=intake.pk).update(status=move.target, updated_at=change.at)
    intake.status = move.target
    return change


def _reopen(intake: Intake, revisit: list[str]) -> None:
    """The pages to look at again get a draft row each, a copy of what was sent (which
    stays as it was); the client gets an email with a link to them."""
    for response in intake.responses.current().filter(questionnaire__in=revisit):
        if response.submitted_at is None:  # asked again before a resubmission: still a draft
            response.complete = False
            response.save(update_fields=["complete", "updated_at"])
            continue
        response.pk = None
        response.submitted_at = None
        response.complete = False
        response.save()
    _client_email_queue(intake, OutgoingMessage.Kind.MORE_INFORMATION)


def more_information_request(intake: Intake) -> StatusChange | None:
    """The clinic's open request for more information, with its message for the client."""
    if intake.status != Intake.Status.NEEDS_INFO:
        return None
    return intake.status_changes.filter(to_status=Intake.Status.NEEDS_INFO).last()


@transaction.atomic
def intake_withdraw(*, intake: Intake) -> StatusChange:
    """The client withdraws while the clinic waits for them; their link stops working."""
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    change = status_move(intake=intake, move=workflow.Move(Intake.Status.WITHDRAWN), by=None)
    ResumeToken.objects.filter(intake=intake).delete()
    return change
