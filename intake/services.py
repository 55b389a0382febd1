"""Every write to an intake goes through here."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.selectors import clinic_profile
from intake.models import CandidacyAssessment, Client, Intake, QuestionnaireResponse
from intake.notifications import urgent_alert_send
from screening import battery, candidacy, definitions, rules
from screening.scoring import score


class IntakeIncomplete(Exception):
    """Submission was asked for before every page was done; `missing` names the pages."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


class IntakeLocked(Exception):
    """A submitted intake's answers cannot be changed from the public pages."""


def _ensure_draft(intake: Intake) -> None:
    if intake.status != Intake.Status.DRAFT:
        raise IntakeLocked(str(intake.pk))


def answers_by_questionnaire(intake: Intake) -> dict[str, dict[str, object]]:
    return dict(intake.responses.values_list("questionnaire", "answers"))


def _scoring_params(answers: dict[str, dict[str, object]]) -> dict[str, object]:
    thresholds = candidacy.ClinicThresholds.from_profile(clinic_profile())
    return rules.scoring_params(thresholds, answers)


def intake_start() -> Intake:
    return Intake.objects.create()


@transaction.atomic
def intake_save_contact(
    *, intake: Intake, first_name: str, last_name: str, email: str, phone: str,
    date_of_birth: date | None = None, state: str = "",
) -> Intake:
    _ensure_draft(intake)
    intake.first_name = first_name
    intake.last_name = last_name
    intake.email = email
    intake.phone = phone
    intake.date_of_birth = date_of_birth
    intake.state = state
    intake.save(update_fields=["first_name", "last_name", "email", "phone", "date_of_birth",
                               "state", "updated_at"])
    return intake


def _store(intake: Intake, code: str, *, answers: dict[str, object], not_asked: list[str],
           declined: bool, params: dict[str, object]) -> QuestionnaireResponse:
    definition = definitions.get(code)
    result = None if declined else score(definition, answers, params)
    response, _ = QuestionnaireResponse.objects.update_or_create(
        intake=intake,
        questionnaire=definition.code,
        defaults={
            "version": definition.version,
            "answers": answers,
            "not_asked": not_asked,
            "declined": declined,
            "score": result.as_dict() if result else None,
        },
    )
    return response


def _sync_branching(intake: Intake) -> None:
    """Record questionnaires that no longer apply as not asked, and forget that record
    when they apply again (a changed answer earlier on)."""
    responses = {r.questionnaire: r for r in intake.responses.all()}
    answers = {code: r.answers for code, r in responses.items()}
    params = _scoring_params(answers)
    for code in battery.QUESTIONNAIRE_CODES:
        asked = battery.is_asked(code, answers)
        response = responses.get(code)
        if not asked and (response is None or response.answers):
            all_items = [item.link_id for item in definitions.get(code).items]
            _store(intake, code, answers={}, not_asked=all_items, declined=False, params=params)
        elif asked and response is not None and not response.answers and not response.declined \
                and response.not_asked:
            response.delete()


@transaction.atomic
def response_save(
    *, intake: Intake, questionnaire: str, answers: dict[str, object],
    not_asked: list[str] | None = None,
) -> QuestionnaireResponse:
    """Store a questionnaire's answers (a draft step) under its current version, scored."""
    _ensure_draft(intake)
    everything = answers_by_questionnaire(intake) | {questionnaire: answers}
    response = _store(intake, questionnaire, answers=answers, not_asked=not_asked or [],
                      declined=False, params=_scoring_params(everything))
    _sync_branching(intake)
    return response


@transaction.atomic
def section_decline(*, intake: Intake, section: battery.Section) -> None:
    """The client chose to skip a section after its content warning: nothing is scored,
    and the candidacy rules treat what it would have told us as "cannot tell"."""
    _ensure_draft(intake)
    for code in section.questionnaires:
        _store(intake, code, answers={}, not_asked=[], declined=True, params={})


def missing_pages(intake: Intake) -> list[str]:
    """Keys of the pages not yet done, in order."""
    missing = [] if intake.email else ["contact"]
    answers = answers_by_questionnaire(intake)
    missing += [
        code for code in battery.QUESTIONNAIRE_CODES
        if code not in answers and battery.is_asked(code, answers)
    ]
    return missing


def _client_for(email: str) -> Client:
    client = Client.objects.filter(email__iexact=email).first()
    if client is not None:
        return client
    try:
        with transaction.atomic():
            return Client.objects.create(email=email.lower())
    except IntegrityError:  # created by a concurrent submission with the same email
        return Client.objects.get(email__iexact=email)


def assess(intake: Intake) -> candidacy.Assessment:
    """The candidacy assessment of an intake's answers, as they stand."""
    return candidacy.assess_intake(
        {
            r.questionnaire: candidacy.ResponseData(r.version, r.answers, r.declined)
            for r in intake.responses.all()
        },
        candidacy.ClinicThresholds.from_profile(clinic_profile()),
        candidacy.Person(age=intake.age_on(timezone.localdate()), state=intake.state or None),
    )


@transaction.atomic
def intake_submit(*, intake_id: object) -> Intake:
    """Submit a draft: assess it and mark it submitted.

    Idempotent: the row is locked, and a second submission (a double click, a resent form)
    finds it submitted and returns it unchanged.
    """
    intake = Intake.objects.select_for_update().get(pk=intake_id)
    if intake.status == Intake.Status.SUBMITTED:
        return intake
    missing = missing_pages(intake)
    if missing:
        raise IntakeIncomplete(missing)
    assessment = assess(intake)
    record = assessment.as_dict()
    CandidacyAssessment.objects.create(
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
    intake.status = Intake.Status.SUBMITTED
    intake.submitted_at = timezone.now()
    intake.save(update_fields=["client", "status", "submitted_at", "updated_at"])
    if assessment.urgent:
        transaction.on_commit(lambda: urgent_alert_send(acute=assessment.acute))
    return intake
