"""The client's journey: start, contact, candidacy, check and send, confirmation."""

import re

import pytest
from django.urls import reverse

from intake.models import CandidacyAssessment, Intake
from intake.views import SESSION_DRAFT
from tests.factories import LIKELY_ANSWERS

pytestmark = pytest.mark.django_db

CONTACT = {"first_name": "Ana", "last_name": "Silva", "email": "ana@example.org",
           "phone": "555-0100"}


@pytest.fixture
def started(client):
    client.post(reverse("intake:start"))
    return Intake.objects.get(pk=client.session[SESSION_DRAFT])


def test_home_page_shows_the_clinic_content_and_a_way_to_start(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Ketamine-assisted psychotherapy" in response.content
    assert reverse("intake:start").encode() in response.content
    assert b"988" in response.content  # crisis resources on every page


def test_start_page_explains_and_creates_nothing_on_get(client):
    response = client.get(reverse("intake:start"))
    assert response.status_code == 200
    assert Intake.objects.count() == 0


def test_starting_creates_one_draft_even_when_clicked_twice(client):
    client.post(reverse("intake:start"))
    response = client.post(reverse("intake:start"))
    assert response.status_code == 302
    assert response.url == reverse("intake:contact")
    assert Intake.objects.count() == 1


@pytest.mark.parametrize("name", ["intake:contact", "intake:review"])
def test_steps_without_a_draft_send_the_visitor_to_the_start(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url == reverse("intake:start")


def test_contact_step_saves_and_moves_on(client, started):
    response = client.post(reverse("intake:contact"), CONTACT)
    assert response.status_code == 302
    assert response.url == reverse("intake:questionnaire", args=["candidacy"])
    started.refresh_from_db()
    assert (started.first_name, started.email) == ("Ana", "ana@example.org")


def test_contact_step_bad_email_gets_a_message_next_to_the_field_and_keeps_the_rest(
    client, started
):
    response = client.post(reverse("intake:contact"), {**CONTACT, "email": "ana-at-example"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "This doesn't look like an email address" in form.errors["email"][0]
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_email"' in html  # the summary links to the field
    assert 'value="Ana"' in html and 'value="555-0100"' in html
    assert 'value="ana-at-example"' in html  # even the bad value is kept to correct


def test_candidacy_step_renders_each_question_as_a_fieldset_with_a_legend(client, started):
    client.post(reverse("intake:contact"), CONTACT)
    html = client.get(reverse("intake:questionnaire", args=["candidacy"])).content.decode()
    assert html.count("<fieldset") == 6
    assert html.count("<legend") == 6
    assert "Step 2 of 3" in html


def test_candidacy_step_missing_answer_keeps_the_others(client, started):
    client.post(reverse("intake:contact"), CONTACT)
    partial = {k: v for k, v in LIKELY_ANSWERS.items() if k != "therapy-relief"}
    response = client.post(reverse("intake:questionnaire", args=["candidacy"]), partial)
    assert response.status_code == 200
    assert response.context["form"].errors["therapy-relief"] == ["Please choose one answer."]
    html = response.content.decode()
    assert 'href="#id_therapy-relief_0"' in html
    assert re.search(r'<input[^>]*name="trauma-pattern"[^>]*value="repeated"[^>]*checked', html)
    assert not re.search(r'<input[^>]*name="trauma-pattern"[^>]*value="single"[^>]*checked', html)
    assert started.responses.count() == 0


def test_unknown_questionnaire_is_404(client, started):
    assert client.get(reverse("intake:questionnaire", args=["nope"])).status_code == 404


def test_answers_come_back_when_the_step_is_revisited(client, started):
    client.post(reverse("intake:contact"), CONTACT)
    url = reverse("intake:questionnaire", args=["candidacy"])
    client.post(url, LIKELY_ANSWERS)
    form = client.get(url).context["form"]
    assert form["trauma-pattern"].value() == "repeated"


def test_whole_journey_submits_once_and_confirms(client, started):
    client.post(reverse("intake:contact"), CONTACT)
    client.post(reverse("intake:questionnaire", args=["candidacy"]), LIKELY_ANSWERS)
    review = client.get(reverse("intake:review"))
    assert b"ana@example.org" in review.content
    assert b"Repeated or long-lasting" in review.content
    first = client.post(reverse("intake:review"))
    second = client.post(reverse("intake:review"))  # a double click on "Send"
    assert first.url == second.url == reverse("intake:done")
    started.refresh_from_db()
    assert started.status == Intake.Status.SUBMITTED
    assert CandidacyAssessment.objects.filter(intake=started).count() == 1
    done = client.get(reverse("intake:done"))
    assert b"Thank you, Ana" in done.content
    assert b"What happens next" in done.content


def test_submitting_before_finishing_sends_the_visitor_to_the_missing_step(client, started):
    client.post(reverse("intake:contact"), CONTACT)
    response = client.post(reverse("intake:review"))
    assert response.url == reverse("intake:questionnaire", args=["candidacy"])
    started.refresh_from_db()
    assert started.status == Intake.Status.DRAFT


def test_after_submission_the_steps_lead_to_the_confirmation(client, started):
    client.post(reverse("intake:contact"), CONTACT)
    client.post(reverse("intake:questionnaire", args=["candidacy"]), LIKELY_ANSWERS)
    client.post(reverse("intake:review"))
    response = client.post(reverse("intake:contact"), {**CONTACT, "first_name": "Changed"})
    assert response.url == reverse("intake:done")
    started.refresh_from_db()
    assert started.first_name == "Ana"


def test_confirmation_without_a_submission_goes_to_the_start(client):
    assert client.get(reverse("intake:done")).url == reverse("intake:start")


def test_no_personal_details_appear_in_intake_urls(client, started):
    response = client.post(reverse("intake:contact"), CONTACT)
    assert "ana" not in response.url.lower()
