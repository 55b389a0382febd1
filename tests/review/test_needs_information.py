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
                           revisit=("medications",),
                           message="Tell us more about your medicines, please."),
        by=clinician, ip_address=None)
    run_jobs()
    submitted_intake.refresh_from_db()
    assert submitted_intake.status == "needs-info"
    message = mail.outbox[-1]
    assert message.to == ["ana@example.org"]
    assert "medication" not in message.body.lower()  # no health detail in the email
    assert "medicines" not in message.body.lower()  # nor the clinician's message
    link = re.search(r"/intake/resume/(\S+)/", message.body)[0]

    # Behind the link, the clinician's message first, with the part it names.
    response = client.post(link)
    assert response.url == reverse("intake:more-information")
    page = client.get(response.url).content.decode()
    assert "Tell us more about your medicines, please." in page
    assert "Your medications" in page
    assert reverse("intake:questionnaire", args=["medications"]) in page
    response = client.get(reverse("intake:questionnaire", args=["medications"]))
    assert response.status_code == 200
    answers = likely_answers({"medications": {
        "benzodiazepine": "yes", "benzo-name": "lorazepam", "benzo-how-often": "daily",
        "benzo-daily-mg": "1"}})["medications"]
    url = reverse("intake:questionnaire", args=["medications"])
    assert client.post(url, answers).url == reverse("intake:review")
    # The message is there on the page they send from, too.
    review_page = client.get(reverse("intake:review")).content.decode()
    assert "Tell us more about your medicines" in review_page
    assert client.post(reverse("intake:review")).url == reverse("intake:done")
    # The thank-you page knows it was sent again, and promises no first-read wait.
    done = client.get(reverse("intake:done")).content.decode()
    assert "Your answers are with us again." in done
    assert "within three working days" not in done

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
                {"target": "needs-info", "revisit": ["medical", "medications"], "note": "",
                 "message": "Please tell us more."})
    submitted_intake.refresh_from_db()
    assert submitted_intake.status == "needs-info"
    reopened = submitted_intake.responses.filter(complete=False)
    assert set(reopened.values_list("questionnaire", flat=True)) == {"medical", "medications"}


def _ask(intake, clinician, *revisit):
    services.status_change(intake=intake, by=clinician, ip_address=None, move=workflow.Move(
        "needs-info", revisit=revisit or ("medications",), message="More, please."))
    intake.refresh_from_db()
    return intake


def test_reopening_the_same_page_twice_and_staff_see_only_what_was_sent(client, clinician,
                                                                         submitted_intake):
    from intake import services as intake_services

    intake = _ask(submitted_intake, clinician)
    intake_services.response_save(intake=intake, questionnaire="medications",
                                  answers={"benzodiazepine": "yes"}, complete=False)
    services.status_change(intake=intake, move=workflow.Move("in-review"), by=clinician,
                           ip_address=None)
    again = _ask(intake, clinician)
    assert again.status == "needs-info"  # the draft row is reused, nothing breaks
    # The clinician sees the answers as sent, not the client's unsent draft.
    shown = {r.questionnaire: r for r in again.responses.for_staff(again)}
    assert shown["medications"].answers.get("benzodiazepine") == "no"
    assert shown["medications"].submitted_at is not None


def test_a_consent_already_sent_stands_when_the_client_answers_again(submitted_intake,
                                                                      clinician):
    from clinic.selectors import current_consent
    from intake import services as intake_services

    intake = _ask(submitted_intake, clinician)
    sent = intake.consent
    again = intake_services.consent_sign(intake=intake, document=current_consent(),
                                         typed_name="Someone Else", ip_address=None)
    assert again.pk == sent.pk and again.typed_name == sent.typed_name


def _answer_again(intake, clinician, answers, message="More, please."):
    """One round: the clinic asks about the medications, the client changes them and
    sends the intake again."""
    from intake import services as intake_services

    intake = _ask(intake, clinician, "medications")
    intake.refresh_from_db()
    intake_services.response_save(intake=intake, questionnaire="medications",
                                  answers=likely_answers({"medications": answers})[
                                      "medications"])
    return intake_services.intake_submit(intake_id=intake.pk)


def test_the_intake_page_marks_a_resubmission_and_shows_what_changed(client, clinician,
                                                                    submitted_intake):
    """Each round keeps its own list: a second resubmission does not hide the first."""
    intake = _answer_again(submitted_intake, clinician, {
        "benzodiazepine": "yes", "benzo-name": "lorazepam", "benzo-how-often": "daily",
        "benzo-daily-mg": "1"})
    intake = _answer_again(intake, clinician, {"benzodiazepine": "no"})
    factories.staff_login(client, clinician)
    response = client.get(reverse("review:intake", args=[intake.pk]))
    rounds = response.context["resubmissions"]
    assert len(rounds) == 2
    first, second = rounds
    assert [p.title for p in first.pages] == ["Your medicines"]
    benzo = next(r for r in first.pages[0].rows if r[1] == "No")
    assert benzo[2] == "Yes"  # old → new, in words
    assert (first.before.base_tier, first.after.base_tier) == ("likely", "possible")
    assert next(r for r in second.pages[0].rows if r[1] == "Yes")[2] == "No"
    assert (second.before.base_tier, second.after.base_tier) == ("possible", "likely")
    assert first.asked.message == "More, please."
    html = response.content.decode()
    assert 'id="sent-again-marker"' in html
    assert "What changed when the client sent it again" in html
    assert "Likely candidate → Possible candidate, needs review" in html


def test_the_timeline_is_in_time_order_with_every_move_the_clients_too(
        client, clinician, submitted_intake):
    intake = _answer_again(submitted_intake, clinician, {"benzodiazepine": "no"})
    factories.staff_login(client, clinician)
    events = client.get(reverse("review:intake", args=[intake.pk])).context["timeline"]
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert [e.what for e in events] == [
        "Sent the application", "Submitted → Needs information",
        "Sent the application again, with more information"]
    assert events[0].who == "The client" and events[1].who != "The client"
    assert "message to the client: “More, please.”" in events[1].detail


def test_the_client_may_withdraw_while_the_clinic_waits_for_them(client, clinician,
                                                                submitted_intake):
    intake = _ask(submitted_intake, clinician)
    factories.in_session(client, intake)
    page = client.get(reverse("intake:more-information")).content.decode()
    assert reverse("intake:withdraw") in page
    assert client.get(reverse("intake:withdraw")).status_code == 200  # a confirmation first
    intake.refresh_from_db()
    assert intake.status == "needs-info"
    done = client.post(reverse("intake:withdraw"))
    assert "The clinic will see that you withdrew." in done.content.decode()
    intake.refresh_from_db()
    assert intake.status == "withdrawn"
    assert intake.resume_tokens.count() == 0
    change = intake.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == ("needs-info", "withdrawn",
                                                                 None)
    # Promise kept: the clinic sees it, in its history and among closed cases.
    factories.staff_login(client, clinician)
    events = client.get(reverse("review:intake", args=[intake.pk])).context["timeline"]
    assert events[-1].what == "Withdrew the application"


def test_a_client_cannot_withdraw_what_the_clinic_is_not_waiting_on(client, submitted_intake):
    from intake import services as intake_services

    with pytest.raises(intake_services.StatusRefused):
        intake_services.intake_withdraw(intake=submitted_intake)


def test_the_story_of_a_resubmission_reads_in_spanish_too(client, clinician, submitted_intake):
    intake = _answer_again(submitted_intake, clinician, {"benzodiazepine": "no"})
    factories.staff_login(client, clinician)
    html = client.get(reverse("review:intake", args=[intake.pk]),
                      HTTP_ACCEPT_LANGUAGE="es").content.decode()
    for spanish in ("Enviada de nuevo", "Qué cambió cuando el cliente la volvió a enviar",
                    "Envió la solicitud", "Revisado y no encontrado"):
        assert spanish in html
    text = re.sub(r"<[^>]+>", " ", html)  # what a person reads, not attribute values
    for code in ("needs-info", "in-review", "not-met", "cannot-tell", "Sent again"):
        assert code not in text


def test_a_blank_that_stays_blank_is_no_change(client, clinician, submitted_intake):
    """Questions branching leaves out after the change (or before it) and questions left
    blank both times are not listed as changed."""
    intake = _answer_again(submitted_intake, clinician, {
        "benzodiazepine": "yes", "benzo-name": "lorazepam", "benzo-how-often": "daily",
        "benzo-daily-mg": "1"})
    intake = _answer_again(intake, clinician, {"benzodiazepine": "no"})
    factories.staff_login(client, clinician)
    second = client.get(reverse("review:intake", args=[intake.pk])).context["resubmissions"][1]
    for _question, old, new in second.pages[0].rows:
        assert "not-asked" not in (old, new)
    # Back to "no": only the answers that were given and are now gone are listed.
    assert all(old is not None for _q, old, _new in second.pages[0].rows)


def test_reasons_are_stored_in_the_clinics_language_whatever_the_clients(client):
    """A Spanish-speaking client's assessment reads like everyone else's to staff
    (`screening.candidacy.assess_intake` writes its reasons in English)."""
    from django.utils import translation

    with translation.override("es"):
        intake = factories.submitted_intake()
    texts = [r["text"] for r in intake.assessment.reasons]
    english = factories.submitted_intake(email="en@example.org").assessment.reasons
    assert texts == [r["text"] for r in english]
