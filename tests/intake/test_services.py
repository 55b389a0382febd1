"""Intake writes: drafts, idempotent submission, scoring stored with the intake."""

import pytest
from django.db import IntegrityError

from intake import services
from intake.models import CandidacyAssessment, Client, Intake, QuestionnaireResponse
from tests import factories

pytestmark = pytest.mark.django_db


def test_submit_scores_and_stores_the_assessment():
    intake = services.intake_submit(intake_id=factories.draft_intake().pk)
    assert intake.status == Intake.Status.SUBMITTED
    assert intake.submitted_at is not None
    assessment = CandidacyAssessment.objects.get(intake=intake)
    assert assessment.tier == "likely"
    assert assessment.rules_version
    assert {r["code"] for r in assessment.reasons} >= {"childhood-trauma", "prior-treatment"}


def test_a_second_submit_changes_nothing():
    draft = factories.draft_intake()
    first = services.intake_submit(intake_id=draft.pk)
    second = services.intake_submit(intake_id=draft.pk)
    assert second.submitted_at == first.submitted_at
    assert CandidacyAssessment.objects.filter(intake=draft).count() == 1


def test_submit_refuses_an_incomplete_intake_and_names_the_missing_steps():
    intake = services.intake_start()
    with pytest.raises(services.IntakeIncomplete) as raised:
        services.intake_submit(intake_id=intake.pk)
    assert raised.value.missing == ["contact", "candidacy"]
    intake.refresh_from_db()
    assert intake.status == Intake.Status.DRAFT


def test_intakes_with_the_same_email_share_one_client_whatever_the_case():
    one = factories.submitted_intake(email="Sam@Example.org")
    two = factories.submitted_intake(email="sam@example.org")
    assert one.client_id == two.client_id
    assert Client.objects.count() == 1


def test_client_email_is_unique_ignoring_case():
    Client.objects.create(email="a@example.org")
    with pytest.raises(IntegrityError):
        Client.objects.create(email="A@example.org")


def test_saving_a_step_again_replaces_its_answers():
    intake = factories.draft_intake()
    services.response_save(intake=intake, questionnaire="candidacy", answers={"wish-to-heal": "no"})
    response = QuestionnaireResponse.objects.get(intake=intake)
    assert response.answers == {"wish-to-heal": "no"}
    assert response.version == "1"


def test_a_submitted_intake_cannot_be_changed_through_the_public_services():
    intake = factories.submitted_intake()
    with pytest.raises(services.IntakeLocked):
        services.response_save(intake=intake, questionnaire="candidacy", answers={})
    with pytest.raises(services.IntakeLocked):
        services.intake_save_contact(
            intake=intake, first_name="X", last_name="Y", email="x@example.org", phone=""
        )


def test_the_database_refuses_a_submitted_intake_without_a_submission_time():
    intake = factories.draft_intake()
    with pytest.raises(IntegrityError):
        Intake.objects.filter(pk=intake.pk).update(status="submitted")
