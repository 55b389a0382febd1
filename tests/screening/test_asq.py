"""ASQ: NIMH wording, the acuity question asked only after a yes, positive on any yes to 1-4,
acute on yes to 5, and missing answers that never make a screen negative. Most tests read
version 1; version 2 (refusals, NIMH pathway) is tested at the end, with what both share."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening import definitions
from screening.definitions.asq import ACUITY, ASQ_V1, REFUSED, SCREEN_IDS
from screening.schema import EnableBehavior
from screening.scoring import ScoringError, score

Q1, Q2, Q3, Q4 = SCREEN_IDS
ASQ = ASQ_V1
ASQ_V2 = definitions.get("asq", "2")


def answers(*screen, acuity=None):
    """Questions 1-4 as "yes"/"no"/None (unanswered), then question 5."""
    result = {link_id: value for link_id, value in zip(SCREEN_IDS, screen, strict=True)
              if value is not None}
    if acuity is not None:
        result[ACUITY] = acuity
    return result


def test_definition_has_local_codes_and_no_loinc():
    assert [item.link_id for item in ASQ.items] == ["asq-1", "asq-2", "asq-3", "asq-4", "asq-5"]
    assert ASQ.loinc is None and ASQ.loinc_total is None
    assert ASQ.code == "asq" and ASQ.validated
    for item in ASQ.items:
        assert [(o.code, o.display) for o in item.options] == [("yes", "Yes"), ("no", "No")]
        assert all(o.system is None for o in item.options)
        assert item.required


def test_nimh_wording():
    assert [ASQ.item(i).text for i in (*SCREEN_IDS, ACUITY)] == [
        "In the past few weeks, have you wished you were dead?",
        "In the past few weeks, have you felt that you or your family would be better off if "
        "you were dead?",
        "In the past week, have you been having thoughts about killing yourself?",
        "Have you ever tried to kill yourself?",
        "Are you having thoughts of killing yourself right now?",
    ]


def test_acuity_question_is_asked_only_after_a_yes_to_1_to_4():
    acuity = ASQ.item(ACUITY)
    assert acuity.enable_behavior is EnableBehavior.ANY
    assert acuity not in ASQ.enabled_items(answers("no", "no", "no", "no"))
    assert acuity not in ASQ.enabled_items({})
    for index in range(4):
        screen = ["no"] * 4
        screen[index] = "yes"
        assert acuity in ASQ.enabled_items(answers(*screen))


def test_all_no_is_a_negative_screen_without_question_5():
    result = score(ASQ, answers("no", "no", "no", "no"))
    assert (result.total, result.positive, result.criteria) == (0, False, {"acute": False})
    assert result.flags == () and result.missing == ()


def test_a_yes_to_question_5_counts_even_when_branching_would_skip_it():
    """Seen without JavaScript, question 5 shows to everyone: a "yes, right now" is acute."""
    result = score(ASQ, answers("no", "no", "no", "no", acuity="yes"))
    assert (result.positive, result.criteria) == (True, {"acute": True})
    assert result.flags == ("asq-positive", "asq-acute")


def test_a_no_to_question_5_when_it_was_not_asked_changes_nothing():
    result = score(ASQ, answers("no", "no", "no", "no", acuity="no"))
    assert (result.positive, result.criteria, result.flags) == (False, {"acute": False}, ())


@pytest.mark.parametrize("index", range(4))
def test_any_single_yes_is_positive_and_non_acute_when_5_is_no(index):
    screen = ["no"] * 4
    screen[index] = "yes"
    result = score(ASQ, answers(*screen, acuity="no"))
    assert (result.total, result.positive) == (1, True)
    assert result.criteria == {"acute": False}
    assert result.flags == ("asq-positive",)
    assert result.missing == ()


def test_yes_to_5_is_an_acute_positive():
    result = score(ASQ, answers("yes", "yes", "no", "yes", acuity="yes"))
    assert (result.total, result.positive, result.criteria) == (3, True, {"acute": True})
    assert result.flags == ("asq-positive", "asq-acute")


def test_all_yes_counts_four():
    assert score(ASQ, answers("yes", "yes", "yes", "yes", acuity="no")).total == 4


def test_unanswered_question_5_after_a_yes_is_cannot_tell_acute():
    result = score(ASQ, answers("no", "yes", "no", "no"))
    assert (result.total, result.positive) == (1, True)
    assert result.criteria == {"acute": None}
    assert result.flags == ("asq-positive",)
    assert result.missing == (ACUITY,)


def test_missing_answers_without_a_yes_are_cannot_tell_never_negative():
    result = score(ASQ, answers("no", None, "no", "no"))
    assert (result.total, result.positive, result.criteria) == (None, None, {"acute": None})
    assert result.flags == ()
    assert result.missing == (Q2,)
    assert score(ASQ, {}).positive is None


def test_a_yes_is_positive_even_with_other_answers_missing():
    result = score(ASQ, answers(None, None, "yes", None, acuity="no"))
    assert (result.total, result.positive) == (None, True)
    assert result.flags == ("asq-positive",)
    assert result.missing == (Q1, Q2, Q4)


def test_an_answer_outside_the_options_is_refused_naming_the_item():
    with pytest.raises(ScoringError, match="asq-2") as error:
        score(ASQ, answers("no", "maybe", "no", "no"))
    assert error.value.link_id == Q2
    with pytest.raises(ScoringError, match="asq-5"):
        score(ASQ, answers("yes", "no", "no", "no", acuity=True))


yes_no = st.sampled_from(["yes", "no"])
maybe = st.one_of(st.none(), yes_no)


@given(st.tuples(yes_no, yes_no, yes_no, yes_no), yes_no)
def test_complete_answers(screen, acuity):
    result = score(ASQ, answers(*screen, acuity=acuity))
    assert result.total == screen.count("yes")
    assert 0 <= result.total <= 4
    assert result.positive is ("yes" in screen or acuity == "yes")
    assert result.criteria["acute"] is (acuity == "yes")
    assert ("asq-acute" in result.flags) <= ("asq-positive" in result.flags)


@given(st.tuples(maybe, maybe, maybe, maybe), st.integers(0, 3), maybe)
def test_turning_a_no_or_a_gap_into_yes_never_clears_positive(screen, index, acuity):
    raised = list(screen)
    raised[index] = "yes"
    before = score(ASQ, answers(*screen, acuity=acuity))
    after = score(ASQ, answers(*raised, acuity=acuity))
    assert after.positive is True
    assert before.total is None or after.total is None or after.total >= before.total


@given(st.tuples(maybe, maybe, maybe, maybe), st.tuples(yes_no, yes_no, yes_no, yes_no))
def test_a_known_result_holds_however_the_missing_answers_are_given(screen, fill):
    known = score(ASQ, answers(*screen))
    completed = [s if s is not None else f for s, f in zip(screen, fill, strict=True)]
    if known.positive is not None:
        assert score(ASQ, answers(*completed)).positive is known.positive


# -- version 2: refusals ------------------------------------------------------------------

def test_version_2_is_current_and_keeps_the_nimh_wording():
    assert definitions.get("asq") is ASQ_V2 and ASQ_V2.version == "2"
    assert [i.text for i in ASQ_V2.items] == [i.text for i in ASQ_V1.items]
    for link_id in SCREEN_IDS:
        assert [o.code for o in ASQ_V2.item(link_id).options] == ["yes", "no", "refused"]
    assert [o.code for o in ASQ_V2.item(ACUITY).options] == ["yes", "no"]


@pytest.mark.parametrize("position", range(4))
def test_a_refusal_is_a_positive_screen_and_asks_the_acuity_question(position):
    screen = ["no"] * 4
    screen[position] = REFUSED.code
    acuity = ASQ_V2.item(ACUITY)
    assert acuity in ASQ_V2.enabled_items(answers(*screen))
    result = score(ASQ_V2, answers(*screen, acuity="no"))
    assert result.positive is True and result.criteria == {"acute": False, "refused": True}
    assert result.flags == ("asq-positive",)
    assert result.total is None  # a refused item has no score


def test_a_positive_screen_with_the_acuity_question_unanswered_is_acute():
    for screen in (("yes", "no", "no", "no"), ("refused", "no", "no", "no")):
        result = score(ASQ_V2, answers(*screen))
        assert result.criteria["acute"] is True
        assert result.flags == ("asq-positive", "asq-acute")
        assert ACUITY in result.missing
    # Version 1 kept its own rule for answers given under it: cannot tell.
    assert score(ASQ_V1, answers("yes", "no", "no", "no")).criteria["acute"] is None


def test_an_item_merely_left_out_still_cannot_tell_in_version_2():
    result = score(ASQ_V2, answers("no", None, "no", "no"))
    assert result.positive is None and result.flags == ()
    assert score(ASQ_V2, answers("no", "no", "no", "no")).positive is False


@given(st.lists(st.sampled_from(["yes", "no", "refused", None]), min_size=4, max_size=4),
       st.sampled_from(["yes", "no", None]))
def test_version_2_never_reads_a_yes_or_refusal_as_negative(screen, acuity):
    result = score(ASQ_V2, answers(*screen, acuity=acuity))
    if "yes" in screen or "refused" in screen or acuity == "yes":
        assert result.positive is True and "asq-positive" in result.flags
    if acuity == "yes":
        assert result.criteria["acute"] is True
