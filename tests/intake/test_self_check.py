"""The anonymous "Is KAP right for me?" self-check."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from intake.models import Intake, QuestionnaireResponse
from intake.views import SESSION_DRAFT
from screening.examples import likely_answers
from screening.self_check import self_check

pytestmark = pytest.mark.django_db

URL = reverse("self-check")


def test_the_self_check_asks_the_candidacy_questions_without_a_name(client):
    html = client.get(URL).content.decode()
    assert html.count("<fieldset") == 7
    assert 'type="email"' not in html and 'name="first_name"' not in html


def test_answers_give_a_plain_result_and_nothing_is_stored(client):
    response = client.post(URL, likely_answers()["candidacy"])
    html = response.content.decode()
    assert "KAP may be worth exploring with a clinician" in html
    assert "This is not a diagnosis" in html
    assert Intake.objects.count() == 0
    assert QuestionnaireResponse.objects.count() == 0
    assert Session.objects.count() == 0


def test_no_trauma_says_why_other_options_may_suit_better(client):
    answers = likely_answers({"candidacy": {"childhood-trauma": "no",
                                            "trauma-pattern": "none"}})["candidacy"]
    html = client.post(URL, answers).content.decode()
    assert "Other options may suit you better" in html
    assert "offered for the effects of trauma" in html


def test_a_question_left_blank_still_gives_a_result(client):
    answers = dict(likely_answers()["candidacy"])
    answers.pop("wish-to-heal")
    response = client.post(URL, answers)
    assert response.status_code == 200
    assert "intake/self_check_result.html" in [t.name for t in response.templates]


def test_starting_an_application_carries_the_answers_over(client):
    answers = likely_answers()["candidacy"]
    result = client.post(URL, answers).content.decode()
    assert 'name="trauma-pattern" value="repeated"' in result
    response = client.post(reverse("intake:start"), answers)
    assert response.url == reverse("intake:contact")
    intake = Intake.objects.get(pk=client.session[SESSION_DRAFT])
    assert intake.responses.get(questionnaire="candidacy").answers == answers


def test_the_result_explains_itself_and_never_closes_the_door():
    unsure = self_check({})
    assert unsure.worth_exploring  # not knowing is a reason to talk, not to turn away
    assert "a clinician can talk it through" in " ".join(unsure.points)
    no_trauma = self_check({"childhood-trauma": "no", "trauma-pattern": "none"})
    assert not no_trauma.worth_exploring
    assert "other kinds of care may fit better" in " ".join(no_trauma.points)


def test_change_my_answers_goes_back_with_the_answers_still_ticked(client):
    answers = likely_answers()["candidacy"]
    result = client.post(URL, answers).content.decode()
    assert 'name="action" value="change"' in result
    back = client.post(URL, {**answers, "action": "change"})
    html = back.content.decode()
    assert back.status_code == 200 and "intake/self_check.html" in [t.name for t in back.templates]
    for link_id, value in answers.items():
        assert re.search(rf'name="{link_id}" value="{value}"[^>]*checked', html), link_id
