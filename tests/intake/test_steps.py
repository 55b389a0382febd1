"""The pages of an intake, made from the questionnaires it asks (plain Python, no
requests): a section with none of its questionnaires asked is no step at all."""

import pytest

from intake import steps
from screening import battery
from screening.examples import likely_answers

WITHOUT = {code: steps.journey(c for c in battery.QUESTIONNAIRE_CODES if c != code)
           for code in battery.OPTIONAL_CODES}


def test_every_questionnaire_is_the_full_journey():
    assert steps.FULL.questionnaires == battery.QUESTIONNAIRE_CODES
    assert steps.FULL.step_count == len(battery.SECTIONS) + 3  # contact, consent, review
    assert steps.journey(reversed(battery.QUESTIONNAIRE_CODES)) == steps.FULL  # any order


def test_without_gad7_its_step_is_gone_and_the_steps_after_it_move_up():
    journey = WITHOUT["gad-7"]
    assert journey.step_count == steps.FULL.step_count - 1
    assert not journey.has_page("gad-7")
    assert "Worry and anxiety" not in [str(t) for t in journey.step_titles]
    assert len(journey.step_titles) == journey.step_count
    assert journey.page("asq").step_number == steps.FULL.page("asq").step_number - 1
    assert journey.page("phq-9").step_number == steps.FULL.page("phq-9").step_number
    assert journey.next_page("phq-9", {}).key == "asq"
    assert steps.FULL.next_page("phq-9", {}).key == "gad-7"


def test_without_ace_its_content_warning_goes_too():
    journey = WITHOUT["ace"]
    assert not journey.has_page("warning:childhood")
    assert steps.FULL.next_page("asq", {}).key == "warning:childhood"
    assert journey.next_page("asq", {}).key == "audit-c"
    # "Skip this section" on the trauma warning still leads to the next section there is.
    assert journey.first_page_of_next_section("trauma").key == "phq-9"
    assert journey.first_page_of_next_section("safety").key == "audit-c"


def test_without_goals_the_medications_lead_to_the_consent():
    journey = WITHOUT["goals"]
    assert journey.next_page("medications", {}).key == steps.CONSENT
    assert journey.first_page_of_next_section("medications").key == steps.CONSENT
    assert journey.pages[-1].step_number == journey.step_count


def test_branching_still_passes_the_pcl5_by_in_a_shorter_journey():
    answers = likely_answers({"pc-ptsd-5": {"102011-4": "LA32-8"}})
    assert WITHOUT["gad-7"].next_page("pc-ptsd-5", answers).key == "phq-9"


def test_a_page_the_intake_does_not_have_is_a_key_error():
    with pytest.raises(KeyError):
        WITHOUT["gad-7"].page("gad-7")
