"""Which questionnaires a clinic may turn off for new applications (`battery.LOCKED` is the
one home of the answer), what an intake then asks, and how the candidacy rules read a
questionnaire an intake never asked: "cannot tell", never "not met"."""

import pytest

from screening import battery, definitions
from screening.candidacy import ResponseData, Tier, assess_intake
from screening.examples import likely_answers
from screening.findings import Finding, Kind
from tests.screening.test_candidacy import NO_TRAUMA


def _assess(answers, omitted=()):
    responses = {code: ResponseData(definitions.get(code).version, given)
                 for code, given in answers.items()
                 if code not in omitted and battery.is_asked(code, answers)}
    return assess_intake(responses, omitted=omitted)


def _flags_and_safety(assessment):
    return {r.code: r.finding for r in assessment.reasons
            if r.kind in (Kind.SAFETY, Kind.RULE_OUT, Kind.REVIEW)}


def test_the_safety_questionnaires_are_locked_and_the_optional_ones_are_the_rest():
    assert set(battery.SAFETY_QUESTIONNAIRES) <= set(battery.LOCKED)
    assert set(battery.LOCKED) <= set(battery.QUESTIONNAIRE_CODES)
    assert battery.OPTIONAL_CODES == ("gad-7", "ace", "goals")
    assert all(str(why) for why in battery.LOCKED.values())  # each says why


@pytest.mark.parametrize("code", battery.OPTIONAL_CODES)
def test_no_flag_and_no_safety_finding_reads_an_optional_questionnaire(code):
    """Turning it off can change no flag for the clinician, and no safety finding."""
    everything = _flags_and_safety(_assess(likely_answers()))
    assert _flags_and_safety(_assess(likely_answers(), omitted=(code,))) == everything


@pytest.mark.parametrize("code", sorted(set(battery.LOCKED) - set(battery.SAFETY_QUESTIONNAIRES)))
def test_each_locked_questionnaire_carries_a_flag_or_the_tier(code):
    """Why each is locked: without its answers a flag or the tier could not be told."""
    full = _assess(likely_answers())
    answers = {c: a for c, a in likely_answers().items() if c != code}
    without = _assess(answers)
    assert (_flags_and_safety(without) != _flags_and_safety(full)
            or without.base_tier != full.base_tier), code


def test_a_locked_questionnaire_cannot_be_left_out_of_an_assessment():
    with pytest.raises(ValueError, match="every intake asks"):
        _assess(likely_answers(), omitted=("asq",))


def test_ace_not_asked_makes_childhood_trauma_cannot_tell_not_absent():
    """Someone who said no to every trauma question, the ACE's included, is "unlikely".
    Without the ACE, the specific adversities it names were never asked about (a "no" to
    the clinic's one question about childhood does not cover them), so the case stays
    with a clinician as "possible", and the reason quotes the ACE as not asked."""
    asked = _assess(likely_answers(NO_TRAUMA))
    assert asked.base_tier is Tier.UNLIKELY
    left_out = _assess(likely_answers(NO_TRAUMA), omitted=("ace",))
    reason = left_out.reason("childhood-trauma")
    assert reason.finding is Finding.CANNOT_TELL
    assert left_out.base_tier is Tier.POSSIBLE
    ace = next(a for a in reason.answers if a.questionnaire == "ace")
    assert ace.answer == "not asked in this application"
    assert "ace" not in left_out.scores


def test_gad7_not_asked_is_quoted_as_such_not_as_unanswered():
    reason = _assess(likely_answers(), omitted=("gad-7",)).reason("trauma-linked-symptoms")
    quoted = {a.questionnaire: a.answer for a in reason.answers}
    assert quoted["gad-7"] == "not asked in this application"
    answers = {c: a for c, a in likely_answers().items() if c != "gad-7"}
    skipped = _assess(answers).reason("trauma-linked-symptoms")  # missing, not left out
    assert {a.questionnaire: a.answer for a in skipped.answers}["gad-7"] == "not answered"


def test_what_a_new_intake_asks_given_what_was_turned_off():
    assert battery.questionnaires_offered([]) == battery.QUESTIONNAIRE_CODES
    offered = battery.questionnaires_offered(["goals", "gad-7"])
    assert offered == tuple(c for c in battery.QUESTIONNAIRE_CODES if c not in ("gad-7",
                                                                                "goals"))
    # A locked code stored as off (say, before it was locked) is asked all the same.
    assert battery.questionnaires_offered(["phq-9", "asq", "unknown"]) == \
        battery.QUESTIONNAIRE_CODES
    assert battery.omitted(offered) == ("gad-7", "goals")


def test_the_catalogue_lists_every_definition_and_version():
    listed = battery.catalogue(["ace"])
    assert {(entry.definition.code, entry.definition.version) for entry in listed} == \
        set(definitions.REGISTRY)
    current = {entry.definition.code: entry for entry in listed if entry.current}
    assert set(current) == {code for code, _version in definitions.REGISTRY}
    assert current["ace"].asked_in_new is False and not current["ace"].locked_because
    assert current["gad-7"].asked_in_new is True
    assert current["asq"].locked_because == battery.LOCKED["asq"]
    older = [entry for entry in listed if not entry.current]
    assert {(e.definition.code, e.definition.version) for e in older} >= {
        ("candidacy", "1"), ("asq", "1")}
    assert current["phq-9"].items == len(definitions.get("phq-9").items)
