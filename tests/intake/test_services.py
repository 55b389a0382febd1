"""Intake writes: drafts, idempotent submission, scoring stored with the intake."""

import pytest
from django.db import IntegrityError

from intake import services
from intake.models import CandidacyAssessment, Client, Intake, QuestionnaireResponse
from screening import definitions
from tests import factories

pytestmark = pytest.mark.django_db


def test_submit_scores_and_stores_the_assessment():
    intake = services.intake_submit(intake_id=factories.draft_intake().pk)
    assert intake.status == Intake.Status.SUBMITTED
    assert intake.submitted_at is not None
    assessment = CandidacyAssessment.objects.get(intake=intake)
    assert (assessment.tier, assessment.base_tier, assessment.urgent) == (
        "likely", "likely", False)
    assert assessment.rules_version
    assert assessment.thresholds["pcl5_cutoff"] == 33
    assert {r["code"] for r in assessment.reasons} >= {"childhood-trauma", "prior-treatment"}
    assert assessment.scores["pcl-5"]["total"] == 40


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
    # The PCL-5 is not listed: it applies only after a "yes" at the PC-PTSD-5 gate.
    assert raised.value.missing == ["contact", "candidacy", "pc-ptsd-5", "phq-9", "gad-7",
                                    "asq", "ace", "audit-c", "drug-screen", "dissociatives",
                                    "medical", "psychiatric", "medications", "goals",
                                    "consent"]
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
    response = QuestionnaireResponse.objects.get(intake=intake, questionnaire="candidacy")
    assert response.answers == {"wish-to-heal": "no"}
    assert response.version == definitions.get("candidacy").version


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


def test_each_saved_page_is_scored_under_its_version():
    intake = factories.draft_intake()
    phq9 = QuestionnaireResponse.objects.get(intake=intake, questionnaire="phq-9")
    assert phq9.score["total"] == 0
    assert phq9.score["band"]


def test_clinic_thresholds_are_used_and_stored(submitted_intake):
    from clinic.models import ClinicProfile

    ClinicProfile.objects.filter(pk=1).update(pcl5_cutoff=41)
    intake = services.intake_submit(intake_id=factories.draft_intake(email="b@example.org").pk)
    assessment = CandidacyAssessment.objects.get(intake=intake)
    assert assessment.thresholds["pcl5_cutoff"] == 41
    assert assessment.scores["pcl-5"]["positive"] is False


def test_a_declined_section_is_stored_unscored():
    intake = services.intake_start()
    from screening import battery

    services.section_decline(intake=intake, section=battery.section_of("ace"))
    response = QuestionnaireResponse.objects.get(intake=intake, questionnaire="ace")
    assert response.declined and response.score is None and response.answers == {}


def test_the_clients_age_on_the_day_is_used_for_the_minimum_age_rule():
    from datetime import date

    from django.utils import timezone

    today = timezone.localdate()
    intake = factories.draft_intake(email="young@example.org")
    services.intake_save_contact(
        intake=intake, first_name="Y", last_name="Z", email="young@example.org", phone="",
        date_of_birth=date(today.year - 18, today.month, today.day) if (today.month, today.day)
        != (2, 29) else date(today.year - 18, 3, 1), state="CA",
    )
    assert services.assess(intake).reason("under-minimum-age").finding == "not-met"
    intake.date_of_birth = date(today.year - 17, 1, 1)
    assert services.assess(intake).reason("under-minimum-age").finding == "met"


def test_items_the_branching_skips_are_recorded_as_not_asked_by_any_caller(client,
                                                                           clinician):
    """Not only the page's form: any caller of the service (demo data, imports) records
    what the branching skipped, so staff read "Not asked", not "Not answered"."""
    from django.urls import reverse

    from screening.definitions import asq

    intake = factories.submitted_intake()  # every ASQ screen question "no"
    response = intake.responses.current().get(questionnaire="asq")
    assert asq.ACUITY in response.not_asked
    factories.staff_login(client, clinician)
    page = client.get(reverse("review:intake", args=[intake.pk])).context["responses"]
    rows = {row.item.link_id: row.shown
            for r in page if r["definition"].code == "asq" for row in r["answers"]}
    assert rows[asq.ACUITY] == "not-asked"


@pytest.mark.django_db(transaction=True)
def test_a_pause_that_crosses_the_pages_submission_leaves_the_page_done():
    """The autosave and the page's own submission arrive together: the pause waits for the
    intake's lock and then finds the page done, whatever it had read before."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, transaction

    intake = services.intake_start()
    answers = {"wish-to-heal": "yes"}
    services.response_save(intake=intake, questionnaire="candidacy", answers=answers,
                           complete=False)

    def pause() -> bool:
        try:
            return services.response_save(intake=intake, questionnaire="candidacy",
                                          answers=answers, complete=None).complete
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as other, transaction.atomic():
        services.response_save(intake=intake, questionnaire="candidacy", answers=answers)
        paused = other.submit(pause)  # blocks on the intake's row until this commits
        with pytest.raises(TimeoutError):
            paused.result(timeout=0.5)
    assert paused.result(timeout=10) is True
    assert QuestionnaireResponse.objects.get(intake=intake, questionnaire="candidacy").complete


def test_a_pause_on_a_page_never_done_leaves_it_to_finish():
    intake = services.intake_start()
    saved = services.response_save(intake=intake, questionnaire="candidacy",
                                   answers={"wish-to-heal": "yes"}, complete=None)
    assert saved.complete is False
