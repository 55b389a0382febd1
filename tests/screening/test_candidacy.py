"""The candidacy rules: tiers, three-valued findings, and reasons that cite answers."""

import json

import pytest

from screening.candidacy import RULES_VERSION, Finding, Tier, assess
from tests.factories import LIKELY_ANSWERS


def _reason(assessment, code):
    return next(r for r in assessment.reasons if r.code == code)


def test_trauma_symptoms_and_prior_treatment_make_a_likely_candidate():
    assessment = assess(LIKELY_ANSWERS)
    assert assessment.tier is Tier.LIKELY
    assert assessment.rules_version == RULES_VERSION


def test_no_trauma_indication_is_unlikely_but_still_goes_to_review():
    answers = {**LIKELY_ANSWERS, "childhood-trauma": "no", "trauma-pattern": "none"}
    assessment = assess(answers)
    assert assessment.tier is Tier.UNLIKELY
    assert _reason(assessment, "adult-trauma").finding is Finding.NOT_MET


@pytest.mark.parametrize("trauma_pattern", ["single", "repeated", "both"])
def test_adult_trauma_alone_is_a_trauma_indication(trauma_pattern):
    answers = {**LIKELY_ANSWERS, "childhood-trauma": "no", "trauma-pattern": trauma_pattern}
    assert assess(answers).tier is Tier.LIKELY


def test_prefer_not_to_answer_is_cannot_tell_never_no():
    """A withheld answer must not count as 'no trauma' and push someone to 'unlikely'."""
    answers = {**LIKELY_ANSWERS, "childhood-trauma": "prefer-not", "trauma-pattern": "none"}
    assessment = assess(answers)
    assert _reason(assessment, "childhood-trauma").finding is Finding.CANNOT_TELL
    assert assessment.tier is Tier.POSSIBLE


def test_missing_answers_make_a_possible_candidate():
    assert assess({"childhood-trauma": "yes"}).tier is Tier.POSSIBLE


@pytest.mark.parametrize(
    ("therapy", "medication", "tier"),
    [
        ("little", "never", Tier.LIKELY),
        ("never", "some", Tier.LIKELY),
        ("never", "never", Tier.POSSIBLE),  # nothing tried yet
        ("much", "much", Tier.POSSIBLE),  # treatment already helps
    ],
)
def test_prior_treatment_without_enough_relief(therapy, medication, tier):
    answers = {**LIKELY_ANSWERS, "therapy-relief": therapy, "medication-relief": medication}
    assert assess(answers).tier is tier


def test_wish_to_heal_is_shown_but_does_not_change_the_tier():
    with_wish = assess({**LIKELY_ANSWERS, "wish-to-heal": "yes"})
    without = assess({**LIKELY_ANSWERS, "wish-to-heal": "no"})
    assert with_wish.tier is without.tier is Tier.LIKELY
    assert _reason(with_wish, "wish-to-heal").finding is Finding.MET
    assert _reason(without, "wish-to-heal").finding is Finding.NOT_MET


def test_each_reason_names_the_answers_behind_it():
    reason = _reason(assess(LIKELY_ANSWERS), "prior-treatment")
    assert [a.link_id for a in reason.answers] == ["therapy-relief", "medication-relief"]
    assert reason.answers[0].answer == "I tried it, and it helped little or not at all"
    assert reason.answers[1].answer == "I haven't taken medication for this"


def test_an_unanswered_item_is_quoted_as_not_answered():
    reason = _reason(assess({}), "childhood-trauma")
    assert reason.answers[0].answer == "(not answered)"


def test_no_tier_declines_anyone():
    """Every outcome is a tier a clinician reviews; there is no 'declined' outcome at all."""
    assert {t.value for t in Tier} == {"urgent", "likely", "possible", "unlikely"}


def test_the_result_is_json_ready_for_storage():
    stored = json.loads(json.dumps(assess(LIKELY_ANSWERS).as_dict()))
    assert stored["tier"] == "likely"
    assert stored["reasons"][0]["answers"][0]["link_id"] == "childhood-trauma"
