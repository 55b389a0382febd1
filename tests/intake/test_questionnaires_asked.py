"""An intake asks the questionnaires the clinic's settings asked for when it started: a
questionnaire turned off is no page, no step, no missing answer and no finding of its own
("not asked", which reads "cannot tell"), and a later change of the settings leaves
intakes already started as they were."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from clinic.models import ClinicProfile
from intake import services
from intake.models import Intake, QuestionnaireResponse
from intake.views import SESSION_DRAFT
from screening import battery
from screening.examples import answers_for, likely_answers
from screening.findings import Finding
from tests import factories
from tests.intake.test_views import CONTACT, q_url, walk

pytestmark = pytest.mark.django_db


def _turn_off(*codes):
    ClinicProfile.objects.filter(pk=1).update(questionnaires_off=list(codes))


@pytest.fixture
def without_gad7(client):
    """A visitor whose application started while the clinic had GAD-7 turned off."""
    _turn_off("gad-7")
    client.post(reverse("intake:start"))
    intake = Intake.objects.get(pk=client.session[SESSION_DRAFT])
    client.post(reverse("intake:contact"), CONTACT)
    return intake


def test_a_new_intake_keeps_the_questionnaires_the_settings_ask_for_now():
    _turn_off("gad-7", "goals")
    intake = services.intake_start()
    assert "gad-7" not in intake.questionnaires_asked
    assert "goals" not in intake.questionnaires_asked
    assert intake.questionnaires == tuple(
        c for c in battery.QUESTIONNAIRE_CODES if c not in ("gad-7", "goals"))
    intake.refresh_from_db()  # as stored
    assert set(intake.questionnaires_asked) == set(intake.questionnaires)


def test_an_intake_started_with_gad7_off_never_shows_its_page(client, without_gad7):
    response = client.get(q_url("gad-7"))
    assert response.status_code == 302
    assert response.url != q_url("gad-7")
    # Nor can its answers be sent to that address, or saved by any caller of the service.
    client.post(q_url("gad-7"), answers_for("gad-7"))
    assert not QuestionnaireResponse.objects.filter(intake=without_gad7,
                                                    questionnaire="gad-7").exists()
    with pytest.raises(services.NotAsked):
        services.response_save(intake=without_gad7, questionnaire="gad-7",
                               answers=answers_for("gad-7"))


def test_its_progress_counts_one_step_fewer_and_the_mood_page_leads_to_safety(
        client, without_gad7):
    mood = client.get(q_url("phq-9")).content.decode()
    assert "Step 4 of 13" in mood  # every questionnaire: 14 steps
    assert "Worry and anxiety" not in mood  # not among "All steps"
    safety = client.get(q_url("asq")).content.decode()
    assert "Step 5 of 13" in safety
    saved = client.post(q_url("phq-9"), answers_for("phq-9"))
    assert saved.url == q_url("asq")
    # An application started with every questionnaire still counts them all.
    factories.in_session(client, Intake.objects.create())
    assert "Step 4 of 14" in client.get(q_url("phq-9")).content.decode()


def test_it_submits_without_gad7_answers_and_the_assessment_reads_it_as_not_asked(
        client, without_gad7):
    answers = likely_answers()
    assert walk(client, answers) == reverse("intake:review")
    review = client.get(reverse("intake:review")).content.decode()
    assert "GAD-7" not in review  # the check-and-send page lists what was asked
    without_gad7.refresh_from_db()
    assert services.missing_pages(without_gad7) == []
    assert client.post(reverse("intake:review")).url == reverse("intake:done")
    without_gad7.refresh_from_db()
    assert without_gad7.status == Intake.Status.SUBMITTED
    assert not without_gad7.responses.filter(questionnaire="gad-7").exists()
    assessment = without_gad7.assessment
    assert "gad-7" not in assessment.scores
    symptoms = next(r for r in assessment.reasons if r["code"] == "trauma-linked-symptoms")
    quoted = {a["questionnaire"]: a["answer"] for a in symptoms["answers"]}
    assert quoted["gad-7"] == "not asked in this application"
    # The example's PCL-5 numbing carries the indication on its own: still likely.
    assert symptoms["finding"] == Finding.MET
    assert assessment.tier == "likely"


def test_without_gad7_anxiety_is_cannot_tell_never_a_negative_finding(client, without_gad7):
    """With no PCL-5 numbing and a PHQ-9 under 10, the GAD-7 was the only way to tell: it
    must not read as "no anxiety" (which would let the case look settled)."""
    answers = likely_answers({"pcl-5": {f"pcl5-{n}": "0" for n in (12, 13, 14)}})
    walk(client, answers)
    client.post(reverse("intake:review"))
    without_gad7.refresh_from_db()
    reasons = {r["code"]: r for r in without_gad7.assessment.reasons}
    assert reasons["trauma-linked-symptoms"]["finding"] == Finding.CANNOT_TELL
    assert without_gad7.assessment.base_tier == "possible"
    # Asked and answered "not at all" instead, the same case reads "not met".
    _turn_off()
    full = factories.submitted_intake(email="asked@example.org", answers=answers)
    symptoms = next(r for r in full.assessment.reasons if r["code"] == "trauma-linked-symptoms")
    assert symptoms["finding"] == Finding.NOT_MET


def test_an_intake_started_before_the_change_still_asks_it(client):
    client.post(reverse("intake:start"))
    intake = Intake.objects.get(pk=client.session[SESSION_DRAFT])
    client.post(reverse("intake:contact"), CONTACT)
    _turn_off("gad-7")  # the clinic changes its settings while this client is answering
    page = client.get(q_url("gad-7"))
    assert page.status_code == 200
    assert "Step 5 of 14" in page.content.decode()
    walk(client, likely_answers(), stop_before=q_url("gad-7"))
    intake.refresh_from_db()
    assert services.missing_pages(intake)[0] == "gad-7"
    with pytest.raises(services.IntakeIncomplete) as incomplete:
        services.intake_submit(intake_id=intake.pk)
    assert "gad-7" in incomplete.value.missing


def test_turning_it_back_on_affects_only_new_intakes():
    _turn_off("gad-7")
    during = services.intake_start()
    ClinicProfile.objects.filter(pk=1).update(questionnaires_off=[])
    after = services.intake_start()
    during.refresh_from_db()
    assert "gad-7" not in during.questionnaires_asked
    assert "gad-7" in after.questionnaires_asked
    assert "gad-7" not in services.missing_pages(during)
    assert "gad-7" in services.missing_pages(after)


def test_the_start_page_counts_the_steps_new_applications_have(client):
    assert "There are 14 steps" in client.get(reverse("intake:start")).content.decode()
    _turn_off("gad-7", "ace")
    assert "There are 12 steps" in client.get(reverse("intake:start")).content.decode()


def test_without_ace_there_is_no_childhood_warning_and_skipping_safety_leads_on(client):
    _turn_off("ace")
    client.post(reverse("intake:start"))
    client.post(reverse("intake:contact"), CONTACT)
    warning = reverse("intake:warning", args=["childhood"])
    assert client.get(warning).url != warning
    assert client.post(q_url("asq"), answers_for("asq")).url == q_url("audit-c")


def test_the_set_is_kept_as_it_was_made_and_always_has_the_safety_screens():
    intake = services.intake_start()
    fewer = ["candidacy", "phq-9", "asq"]
    with pytest.raises(DatabaseError, match="Cannot update rows"), transaction.atomic():
        Intake.objects.filter(pk=intake.pk).update(questionnaires_asked=fewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Intake.objects.create(questionnaires_asked=["candidacy", "phq-9"])  # no ASQ
    Intake.objects.filter(pk=intake.pk).update(language="es")  # other changes are fine
    intake.refresh_from_db()
    assert intake.questionnaires_asked == battery.every_questionnaire()
