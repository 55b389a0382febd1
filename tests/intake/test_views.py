"""The client's journey: start, contact, every questionnaire page, check and send."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from intake.models import CandidacyAssessment, Intake, QuestionnaireResponse
from intake.views import SESSION_DRAFT
from screening import battery
from screening.examples import answers_for, likely_answers

pytestmark = pytest.mark.django_db

CONTACT = {"first_name": "Ana", "last_name": "Silva", "email": "ana@example.org",
           "phone": "555-0100", "date_of_birth": "1988-03-14", "state": "CA"}


def q_url(code):
    return reverse("intake:questionnaire", args=[code])


@pytest.fixture
def started(client):
    client.post(reverse("intake:start"))
    return Intake.objects.get(pk=client.session[SESSION_DRAFT])


@pytest.fixture
def with_contact(client, started):
    client.post(reverse("intake:contact"), CONTACT)
    started.refresh_from_db()
    return started


def walk(client, answers, stop_before=None):
    """Answer every page as a client would, following where each page leads."""
    url = reverse("intake:contact")
    response = client.post(url, CONTACT)
    while True:
        url = response.url
        if url == reverse("intake:review") or url == stop_before:
            return url
        if url == reverse("intake:consent"):
            response = client.post(url, {"typed_name": "Ana Silva", "agree": "on"})
        elif "/before/" in url:
            response = client.post(url, {"choice": "continue"})
        elif "/support/" in url:
            html = client.get(url).content.decode()
            response = client.get(re.search(r'href="(/intake/questions/[^"]+)"', html)[1])
            response = type("R", (), {"url": response.wsgi_request.path})
        else:
            code = url.rstrip("/").split("/")[-1]
            response = client.post(url, answers[code])
            assert response.status_code == 302, response.context["form"].errors


def test_home_page_shows_the_clinic_content_and_a_way_to_start(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Ketamine-assisted psychotherapy" in response.content
    assert reverse("intake:start").encode() in response.content
    assert b"988" in response.content  # crisis resources on every page


def test_start_page_explains_and_creates_nothing_on_get(client):
    response = client.get(reverse("intake:start"))
    assert response.status_code == 200
    assert b"There are 14 steps" in response.content
    assert Intake.objects.count() == 0


def test_starting_creates_one_draft_even_when_clicked_twice(client):
    client.post(reverse("intake:start"))
    response = client.post(reverse("intake:start"))
    assert response.url == reverse("intake:contact")
    assert Intake.objects.count() == 1


@pytest.mark.parametrize("name", ["intake:contact", "intake:review"])
def test_steps_without_a_draft_send_the_visitor_to_the_start(client, name):
    response = client.get(reverse(name))
    assert response.url == reverse("intake:start")


def test_contact_step_saves_and_moves_on_to_the_candidacy_questions(client, started):
    response = client.post(reverse("intake:contact"), CONTACT)
    assert response.url == q_url("candidacy")
    started.refresh_from_db()
    assert (started.first_name, started.email) == ("Ana", "ana@example.org")


def test_contact_step_bad_email_gets_a_message_next_to_the_field_and_keeps_the_rest(
    client, started
):
    response = client.post(reverse("intake:contact"), {**CONTACT, "email": "ana-at-example"},
                           follow=True)
    assert response.redirect_chain == [(reverse("intake:contact"), 302)]  # no resubmit on back
    assert response.status_code == 200
    form = response.context["form"]
    assert "This doesn't look like an email address" in form.errors["email"][0]
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_email"' in html  # the summary links to the field
    assert 'value="Ana"' in html and 'value="555-0100"' in html
    assert 'value="ana-at-example"' in html  # even the bad value is kept to correct


@pytest.mark.parametrize(
    ("born", "message"),
    [("2999-01-01", "That date is in the future"), ("14/03/1988", "Please enter a date like"),
     ("1800-01-01", "Please check the year")],
)
def test_contact_step_checks_the_date_of_birth(client, started, born, message):
    response = client.post(reverse("intake:contact"), {**CONTACT, "date_of_birth": born},
                           follow=True)
    assert message in response.context["form"].errors["date_of_birth"][0]
    assert 'value="ana@example.org"' in response.content.decode()


@pytest.mark.parametrize(
    ("change", "profile", "reason", "text"),
    [
        ({"state": "TX"}, {"states_served": ["CA", "OR"]}, "outside-states",
         "SAMHSA National Helpline"),
        ({"date_of_birth": "2012-05-01"}, {}, "under-age", "adults aged 18 or over"),
    ],
)
def test_the_early_gate_keeps_nothing_but_a_count(client, started, change, profile, reason,
                                                  text):
    from clinic.models import ClinicProfile
    from intake.models import IneligibleVisit

    ClinicProfile.objects.filter(pk=1).update(**profile)
    response = client.post(reverse("intake:contact"), {**CONTACT, **change})
    assert response.url == reverse("intake:gate-check")  # first: are these right?
    assert b"Let me correct them" in client.get(response.url).content
    assert Intake.objects.exists()  # nothing deleted on a possible typo
    response = client.post(response.url, {"choice": "confirm"})
    assert response.url == reverse("intake:not-eligible")
    assert not Intake.objects.exists()  # the draft and what was typed are gone
    assert list(IneligibleVisit.objects.values_list("reason", flat=True)) == [reason]
    page = client.get(response.url).content.decode()
    assert text in page and "Call or text 988" in page
    assert "We have not kept the details you typed." in page
    assert client.get(q_url("candidacy")).url == reverse("intake:start")


def test_candidacy_page_renders_each_question_as_a_fieldset_with_a_legend(client, with_contact):
    html = client.get(q_url("candidacy")).content.decode()
    assert html.count("<fieldset") == 7
    assert html.count("<legend") == 7
    assert "Step 2 of 14" in html


def test_a_question_left_blank_is_saved_as_unanswered(client, with_contact):
    partial = dict(likely_answers()["candidacy"])
    partial.pop("therapy-relief")
    response = client.post(q_url("candidacy"), partial)
    assert response.status_code == 302  # on to the next page
    stored = with_contact.responses.current().get(questionnaire="candidacy")
    assert "therapy-relief" not in stored.answers and stored.complete


def test_an_answer_outside_the_options_gets_a_message_and_keeps_the_others(client,
                                                                           with_contact):
    answers = {**likely_answers()["candidacy"], "therapy-relief": "forged"}
    response = client.post(q_url("candidacy"), answers, follow=True)
    assert response.status_code == 200
    assert response.context["form"].errors["therapy-relief"]
    html = response.content.decode()
    assert 'href="#id_therapy-relief_0"' in html
    assert re.search(r'<input[^>]*name="trauma-pattern"[^>]*value="repeated"[^>]*checked', html)
    assert not with_contact.responses.exists()


def test_skipping_a_whole_validated_questionnaire_is_honest_all_the_way(client, with_contact):
    """The page says a skipped question leaves it unscored and a clinician sees that; the
    score and the clinician's page then say exactly that."""
    for code in ("candidacy",):
        client.post(q_url(code), likely_answers()[code])
    page = client.get(q_url("phq-9")).content.decode()
    assert "You may leave any question blank" in page and "can't be scored" in page
    skipped = client.post(q_url("phq-9"), {})
    assert skipped.status_code == 302, [t.name for t in skipped.templates][:2]
    phq9 = with_contact.responses.current().get(questionnaire="phq-9")
    assert phq9.answers == {} and phq9.score["total"] is None


def test_unknown_questionnaire_is_404(client, with_contact):
    assert client.get(q_url("nope")).status_code == 404


def test_answers_come_back_when_the_page_is_revisited(client, with_contact):
    client.post(q_url("candidacy"), likely_answers()["candidacy"])
    form = client.get(q_url("candidacy")).context["form"]
    assert form["trauma-pattern"].value() == "repeated"


def test_a_content_warning_comes_before_the_trauma_questions(client, with_contact):
    response = client.post(q_url("candidacy"), likely_answers()["candidacy"])
    assert response.url == reverse("intake:warning", args=["trauma"])
    page = client.get(response.url)
    assert b"very stressful experiences" in page.content
    assert b"Skip this part" in page.content
    assert client.post(response.url, {"choice": "continue"}).url == q_url("pc-ptsd-5")


def test_skipping_a_section_records_it_as_declined_and_moves_on(client, with_contact):
    response = client.post(reverse("intake:warning", args=["trauma"]), {"choice": "skip"})
    assert response.url == q_url("phq-9")
    declined = QuestionnaireResponse.objects.filter(intake=with_contact, declined=True)
    assert set(declined.values_list("questionnaire", flat=True)) == {"pc-ptsd-5", "pcl-5"}


def test_save_and_stop_at_a_warning_keeps_the_draft(client, with_contact):
    response = client.post(reverse("intake:warning", args=["childhood"]), {"choice": "stop"})
    assert response.url == reverse("intake:pause")
    assert b"Your answers are saved" in client.get(response.url).content


def test_no_trauma_at_the_gate_skips_the_pcl5_and_stores_it_as_not_asked(client, with_contact):
    response = client.post(q_url("pc-ptsd-5"), {"102011-4": "LA32-8"})
    assert response.url == q_url("phq-9")
    pcl5 = QuestionnaireResponse.objects.get(intake=with_contact, questionnaire="pcl-5")
    assert pcl5.answers == {} and len(pcl5.not_asked) == 20 and not pcl5.declined
    assert client.get(q_url("pcl-5")).url == q_url("phq-9")


def test_changing_the_gate_to_yes_brings_the_pcl5_back(client, with_contact):
    client.post(q_url("pc-ptsd-5"), {"102011-4": "LA32-8"})
    client.post(q_url("pc-ptsd-5"), answers_for("pc-ptsd-5", {"102011-4": "LA33-6"}))
    assert not QuestionnaireResponse.objects.filter(intake=with_contact,
                                                    questionnaire="pcl-5").exists()
    assert client.get(q_url("pcl-5")).status_code == 200


def test_items_skipped_by_branching_are_stored_as_not_asked(client, with_contact):
    client.post(q_url("pc-ptsd-5"), {"102011-4": "LA32-8", "102012-2": "LA33-6"})
    response = QuestionnaireResponse.objects.get(intake=with_contact, questionnaire="pc-ptsd-5")
    assert response.answers == {"102011-4": "LA32-8"}  # the stray answer is dropped
    assert "102012-2" in response.not_asked


def test_phq9_item9_leads_straight_to_support(client, with_contact):
    answers = answers_for("phq-9", {"44260-8": "LA6569-3"})
    response = client.post(q_url("phq-9"), answers)
    assert response.url == reverse("intake:safety")
    page = client.get(response.url)
    assert b"Call or text 988" in page.content
    assert q_url("gad-7").encode() in page.content
    # One address for every help page: it says nothing about which answers led there.
    asq_response = client.post(q_url("asq"), {"asq-1": "yes", "asq-2": "no", "asq-3": "no",
                                              "asq-4": "no", "asq-5": "yes"})
    assert asq_response.url == response.url


def test_an_acute_asq_answer_shows_the_call_now_page(client, with_contact):
    response = client.post(q_url("asq"), {"asq-1": "yes", "asq-2": "no", "asq-3": "no",
                                          "asq-4": "no", "asq-5": "yes"})
    assert response.url == reverse("intake:safety")
    assert b"Please reach out for help now" in client.get(response.url).content


def test_the_asq_acuity_question_left_blank_after_a_yes_counts_as_acute(client, with_contact):
    """The safety rule for a blank safety question (ASQ pathway): treated as the answer
    that needs help soonest."""
    no_risk = {"asq-1": "no", "asq-2": "no", "asq-3": "no", "asq-4": "no"}
    assert client.post(q_url("asq"), no_risk).status_code == 302
    at_risk = client.post(q_url("asq"), no_risk | {"asq-3": "yes"})
    assert at_risk.status_code == 302
    with_contact.refresh_from_db()
    assert with_contact.urgent_since and with_contact.urgent_acute


def test_whole_journey_submits_once_and_confirms(client, started, run_jobs):
    assert walk(client, likely_answers()) == reverse("intake:review")
    review = client.get(reverse("intake:review"))
    assert b"ana@example.org" in review.content
    assert b"Repeated or long-lasting" in review.content
    first = client.post(reverse("intake:review"))
    second = client.post(reverse("intake:review"))  # a double click on "Send"
    assert mail.outbox == []  # the request only queued its emails
    run_jobs()
    assert first.url == second.url == reverse("intake:done")
    started.refresh_from_db()
    assert started.status == Intake.Status.SUBMITTED
    assessment = CandidacyAssessment.objects.get(intake=started)
    assert assessment.tier == "likely"
    assert set(assessment.scores) >= {"phq-9", "gad-7", "pcl-5", "ace", "asq"}
    done = client.get(reverse("intake:done"))
    assert b"Thank you, Ana" in done.content
    assert b"What happens next" in done.content
    assert b"usually within three working days" in done.content  # routine: the usual wait
    # Not urgent: no alert; the client gets a confirmation that says nothing of health.
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "Hello Ana" in mail.outbox[0].body


def test_an_urgent_submission_alerts_staff_without_phi_and_shows_help(
    client, started, clinician, run_jobs
):
    answers = likely_answers({"phq-9": {"44260-8": "LA6570-1"}})
    walk(client, answers)
    client.post(reverse("intake:review"))
    run_jobs()
    assessment = CandidacyAssessment.objects.get(intake=started)
    assert (assessment.tier, assessment.base_tier, assessment.urgent) == (
        "urgent", "likely", True)
    alerts = [m for m in mail.outbox if m.subject == "Urgent safety follow-up needed"]
    assert len(alerts) == 1
    assert mail.outbox[0] is alerts[0]  # the alert jumps the queue
    alert = alerts[0]
    assert alert.to == [clinician.email]
    for phi in ("Ana", "Silva", "ana@example.org", "555-0100", str(started.pk)):
        assert phi not in alert.body and phi not in alert.subject
    confirmation = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    # The same words every client gets: nothing about their answers (the crisis lines
    # are on every confirmation).
    for health in ("urgent", "PHQ", "score", "tier", "risk", "Silva"):
        assert health.lower() not in (confirmation.body + confirmation.subject).lower()
    assert "&amp;" not in confirmation.body  # plain text, not HTML-escaped
    assert reverse("review:queue") in alert.body
    done = client.get(reverse("intake:done"))
    assert b"Help is here now" in done.content
    assert b"Call or text 988" in done.content
    # What happens next is true for them: the team was told; no "three working days".
    assert b"Our team has been told" in done.content
    assert b"three working days" not in done.content
    assert "three working days" not in confirmation.body  # same email for everyone


def test_submitting_before_finishing_sends_the_visitor_to_the_missing_page(client, with_contact):
    response = client.post(reverse("intake:review"))
    assert response.url == q_url("candidacy")
    with_contact.refresh_from_db()
    assert with_contact.status == Intake.Status.DRAFT


def test_after_submission_the_pages_lead_to_the_confirmation(client, started):
    walk(client, likely_answers())
    client.post(reverse("intake:review"))
    response = client.post(reverse("intake:contact"), {**CONTACT, "first_name": "Changed"})
    assert response.url == reverse("intake:done")
    started.refresh_from_db()
    assert started.first_name == "Ana"


def test_confirmation_without_a_submission_goes_to_the_start(client):
    assert client.get(reverse("intake:done")).url == reverse("intake:start")


def test_every_questionnaire_page_renders(client, with_contact):
    for code in battery.QUESTIONNAIRE_CODES:
        if code == "pcl-5":
            client.post(q_url("pc-ptsd-5"), answers_for("pc-ptsd-5", {"102011-4": "LA33-6"}))
        assert client.get(q_url(code)).status_code == 200, code


def test_no_personal_details_appear_in_intake_urls(client, started):
    """Every page the journey visits is addressed by fixed names, never by what was typed."""
    visited = [client.post(reverse("intake:contact"), CONTACT).url]
    visited.append(walk(client, likely_answers()))
    for url in visited:
        for typed in ("ana", "silva", "1988", "555"):
            assert typed not in url.lower()


def test_skipping_a_section_already_answered_keeps_the_answers(client, with_contact):
    client.post(q_url("pc-ptsd-5"), answers_for("pc-ptsd-5", {"102011-4": "LA32-8"}))
    client.post(reverse("intake:warning", args=["trauma"]), {"choice": "skip"})
    kept = QuestionnaireResponse.objects.get(intake=with_contact, questionnaire="pc-ptsd-5")
    assert kept.answers == {"102011-4": "LA32-8"} and not kept.declined


def test_answers_under_an_older_version_are_shown_and_asked_again(client, with_contact):
    from intake import services

    old = dict(likely_answers()["candidacy"])
    old.pop("dissociation")
    QuestionnaireResponse.objects.create(intake=with_contact, questionnaire="candidacy",
                                         version="1", answers=old)
    assert services.missing_pages(with_contact)[0] == "candidacy"
    form = client.get(q_url("candidacy")).context["form"]
    assert form["trauma-pattern"].value() == "repeated"  # kept, not blank
    assert form["dissociation"].value() is None  # new in version 2: to be answered


def test_get_help_now_speaks_of_an_application_only_to_someone_who_has_one(client):
    saved = "Your application is saved as far as you got"
    assert saved not in client.get(reverse("crisis")).content.decode()
    client.post(reverse("intake:start"))
    assert saved in client.get(reverse("crisis")).content.decode()


def test_the_crisis_lines_are_links_to_call_and_to_text(client):
    html = client.get(reverse("crisis")).content.decode()
    assert 'href="tel:988"' in html and 'href="sms:988"' in html and 'href="tel:911"' in html


def test_take_me_back_returns_to_the_page_the_client_left(client, with_contact):
    client.post(q_url("candidacy"), likely_answers()["candidacy"])
    paused = client.post(q_url("phq-9"), {"action": "pause"})
    assert paused.url == reverse("intake:pause")
    page = client.get(reverse("intake:pause")).content.decode()
    assert f'href="{q_url("phq-9")}"' in page


def test_the_start_page_gives_the_same_estimate_as_the_progress_bar(client, with_contact):
    from intake import steps

    start = client.get(reverse("intake:start")).content.decode()
    total = steps.FULL.minutes_left(steps.CONTACT)
    assert f"about {total} minutes in all" in start
    assert "20 to 30" not in start


def test_the_review_page_folds_each_part_and_offers_to_finish_later(client, started):
    walk(client, likely_answers())
    html = client.get(reverse("intake:review")).content.decode()
    assert html.count('<details class="review-answers">') >= 8
    assert "asks about hard experiences" in html  # said before a sensitive part opens
    later = f'{reverse("intake:pause")}?from=review'
    assert f'href="{later}"' in html
    back = client.get(later).content.decode()
    assert f'href="{reverse("intake:review")}"' in back


def test_a_page_with_errors_survives_a_reload_and_a_good_post_clears_it(client, started):
    """Post-redirect-get: the browser never offers to resend the form, and nothing typed
    is lost on a reload."""
    bad = {**CONTACT, "email": "ana-at-example"}
    assert client.post(reverse("intake:contact"), bad).url == reverse("intake:contact")
    for _ in range(2):  # the redirect, then a reload
        html = client.get(reverse("intake:contact")).content.decode()
        assert 'value="ana-at-example"' in html and 'id="error-summary"' in html
    client.post(reverse("intake:contact"), CONTACT)
    assert 'id="error-summary"' not in client.get(reverse("intake:contact")).content.decode()


def test_a_failed_page_keeps_only_its_own_fields_and_gate_out_forgets_them(client, started):
    from intake.views import SESSION_FAILED_POST

    client.post(reverse("intake:contact"), {**CONTACT, "date_of_birth": "2015-01-01"})
    client.post(reverse("intake:contact"), {**CONTACT, "email": "bad", "junk": "x" * 1000})
    kept = client.session[SESSION_FAILED_POST]["data"]
    assert "junk" not in kept and kept["email"] == ["bad"]
    client.post(reverse("intake:gate-check"), {"choice": "confirm"})
    assert not Intake.objects.exists()
    assert SESSION_FAILED_POST not in client.session  # "nothing you typed is kept": true
