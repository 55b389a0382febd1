"""Every write to an intake goes through here."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from intake.models import CandidacyAssessment, Client, Intake, QuestionnaireResponse
from intake.steps import QUESTIONNAIRE_CODES
from screening import candidacy, definitions


class IntakeIncomplete(Exception):
    """Submission was asked for before every step was done; `missing` names the steps."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


class IntakeLocked(Exception):
    """A submitted intake's answers cannot be changed from the public pages."""


def _ensure_draft(intake: Intake) -> None:
    if intake.status != Intake.Status.DRAFT:
        raise IntakeLocked(str(intake.pk))


def intake_start() -> Intake:
    return Intake.objects.create()


@transaction.atomic
def intake_save_contact(
    *, intake: Intake, first_name: str, last_name: str, email: str, phone: str
) -> Intake:
    _ensure_draft(intake)
    intake.first_name = first_name
    intake.last_name = last_name
    intake.email = email
    intake.phone = phone
    intake.save(update_fields=["first_name", "last_name", "email", "phone", "updated_at"])
    return intake


@transaction.atomic
def response_save(*, intake: Intake, questionnaire: str, answers: dict[str, object]) -> None:
    """Store a questionnaire's answers (a draft step), under its current version."""
    _ensure_draft(intake)
    definition = definitions.get(questionnaire)
    QuestionnaireResponse.objects.update_or_create(
        intake=intake,
        questionnaire=definition.code,
        defaults={"version": definition.version, "answers": answers},
    )


def missing_steps(intake: Intake) -> list[str]:
    """Keys of the steps not yet done, in order."""
    missing = [] if intake.email else ["contact"]
    done = set(intake.responses.values_list("questionnaire", flat=True))
    missing += [code for code in QUESTIONNAIRE_CODES if code not in done]
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


@transaction.atomic
def intake_submit(*, intake_id: object) -> Intake:
    """Submit a draft: score it and mark it submitted.

    Idempotent: the row is locked, and a second submission (a double click, a resent form)
    finds it submitted and returns it unchanged.
    """
    intake = Intake.objects.select_for_update().get(pk=intake_id)
    if intake.status == Intake.Status.SUBMITTED:
        return intake
    missing = missing_steps(intake)
    if missing:
        raise IntakeIncomplete(missing)
    answers = intake.responses.get(questionnaire="candidacy").answers
    assessment = candidacy.assess(answers)
    CandidacyAssessment.objects.create(
        intake=intake,
        tier=assessment.tier,
        reasons=assessment.as_dict()["reasons"],
        rules_version=assessment.rules_version,
        thresholds=assessment.thresholds,
    )
    intake.client = _client_for(intake.email)
    intake.status = Intake.Status.SUBMITTED
    intake.submitted_at = timezone.now()
    intake.save(update_fields=["client", "status", "submitted_at", "updated_at"])
    return intake
