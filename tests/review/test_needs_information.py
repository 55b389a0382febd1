"""Needs information: the clinic sends the client back to named parts, the client answers
and sends again, the review goes on."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from intake import workflow
from intake.models import CandidacyAssessment, Intake
from review import services
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db


def test_needs_information_requires_the_parts_to_revisit(submitted_intake, clinician):
    with pytest.raises(services.ReviewError, match="look at again"):
        services.status_change(intake=submitted_intake,
                               move=workflow.Move("needs-info"), by=clinician,
                               ip_address=None)


def test_the_client_revisits_resubmits_and_the_clinician_approves(
    client, submitted_intake, clinician, run_jobs
):
    services.status_change(
        intake=submitted_intake,
        move=workflow.Move("needs-info", note="Check the medication answers.",
                           revisit=("medications",)),
        by=clinician, ip_address=None)
    run_jobs()
    submitted_intake.refresh_from_db()
    assert submitted_intake.status == "needs-info"
    message = mail.outbox[-1]
    assert message.to == ["ana@example.org"]
    assert "medication" not in message.body.lower()  # no health detail in the email
    link = re.search(r"/intake/resume/(\S+)/", message.body)[0]

    response = client.post(link)
    assert response.url == reverse("intake:questionnaire", args=["medications"])
    answers = likely_answers({"medications": {
        "benzodiazepine": "yes", "benzo-name": "lorazepam", "benzo-how-often": "daily",
        "benzo-daily-mg": "1"}})["medications"]
    assert client.post(response.url, answers).url == reverse("intake:review")
    assert client.post(reverse("intake:review")).url == reverse("intake:done")

    submitted_intake.refresh_from_db()
    assert submitted_intake.status == "submitted" and submitted_intake.resubmitted_at
    first, second = CandidacyAssessment.objects.filter(intake=submitted_intake).order_by("id")
    assert submitted_intake.assessment == second
    assert second.base_tier == "possible"  # the benzodiazepine is now a review flag
    assert first.base_tier == "likely"  # the first submission's assessment stays as it was
    sent = submitted_intake.responses.filter(questionnaire="medications").order_by("id")
    assert [r.answers.get("benzodiazepine") for r in sent] == ["no", "yes"]
    assert all(r.submitted_at for r in sent)  # both frozen: the first as sent, then the new
    assert submitted_intake.responses.current().get(questionnaire="medications") == sent[1]
    assert Intake.objects.count() == 1

    services.status_change(intake=submitted_intake, move=workflow.Move("in-review"),
                           by=clinician, ip_address=None)
    services.status_change(
        intake=submitted_intake,
        move=workflow.Move("approved", "review-flags-cleared", "Dose fine; consult."),
        by=clinician, ip_address=None)
    submitted_intake.refresh_from_db()
    assert submitted_intake.status == "approved"


def test_the_status_form_sends_the_parts_to_revisit(client, clinician, submitted_intake):
    factories.staff_login(client, clinician)
    client.post(reverse("review:status", args=[submitted_intake.pk]),
                {"target": "needs-info", "revisit": ["medical", "medications"], "note": ""})
    submitted_intake.refresh_from_db()
    assert submitted_intake.status == "needs-info"
    reopened = submitted_intake.responses.filter(complete=False)
    assert set(reopened.values_list("questionnaire", flat=True)) == {"medical", "medications"}


def test_reopening_the_same_page_twice_and_staff_see_only_what_was_sent(client, clinician,
                                                                         submitted_intake):
    from intake import services as intake_services

    intake = intake_services.intake_reopen(intake=submitted_intake, revisit=["medications"])
    intake_services.response_save(intake=intake, questionnaire="medications",
                                  answers={"benzodiazepine": "yes"}, complete=False)
    services.status_change(intake=intake, move=workflow.Move("in-review"), by=clinician,
                           ip_address=None)
    again = intake_services.intake_reopen(intake=intake, revisit=["medications"])
    assert again.status == "needs-info"  # the draft row is reused, nothing breaks
    # The clinician sees the answers as sent, not the client's unsent draft.
    shown = {r.questionnaire: r for r in again.responses.for_staff(again)}
    assert shown["medications"].answers.get("benzodiazepine") == "no"
    assert shown["medications"].submitted_at is not None


def test_a_consent_already_sent_stands_when_the_client_answers_again(submitted_intake):
    from clinic.selectors import current_consent
    from intake import services as intake_services

    intake = intake_services.intake_reopen(intake=submitted_intake, revisit=["medications"])
    sent = intake.consent
    again = intake_services.consent_sign(intake=intake, document=current_consent(),
                                         typed_name="Someone Else", ip_address=None)
    assert again.pk == sent.pk and again.typed_name == sent.typed_name
