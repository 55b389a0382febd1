"""PC-PTSD-5: the trauma-exposure gate, the count of "yes", and the configurable cut-off."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.definitions.pcptsd5 import GATE, PC_PTSD_5
from screening.scoring import ScoringError, score

YES, NO = "LA33-6", "LA32-8"
ITEMS = ("102012-2", "102013-0", "102014-8", "102015-5", "102016-3")


def answers(gate, *items):
    """The gate answer, then items 1-5 in order; None leaves an answer out."""
    result = {GATE: gate} if gate is not None else {}
    result.update({link_id: value for link_id, value in zip(ITEMS, items, strict=False)
                   if value is not None})
    return result


def yeses(count):
    return answers(YES, *([YES] * count + [NO] * (5 - count)))


def test_definition_uses_the_loinc_codes():
    assert [item.link_id for item in PC_PTSD_5.items] == [GATE, *ITEMS]
    assert GATE == "102011-4"
    assert (PC_PTSD_5.loinc, PC_PTSD_5.loinc_total) == ("102010-6", "102017-1")
    for item in PC_PTSD_5.items:
        assert [(o.code, o.display) for o in item.options] == [(YES, "Yes"), (NO, "No")]
        assert all(o.system == "http://loinc.org" for o in item.options)
    assert PC_PTSD_5.validated


def test_official_wording():
    assert PC_PTSD_5.item(GATE).text == "Have you ever experienced this kind of event?"
    assert PC_PTSD_5.description.startswith(
        "Sometimes things happen to people that are unusually or especially frightening, "
        "horrible, or traumatic.")
    assert PC_PTSD_5.item("102016-3").text.endswith(
        "for the event(s) or any problems the event(s) may have caused?")
    assert all(PC_PTSD_5.item(i).help_text == "In the past month, have you\u2026" for i in ITEMS)


def test_items_are_asked_only_after_yes_to_the_gate():
    assert [i.link_id for i in PC_PTSD_5.enabled_items({GATE: NO})] == [GATE]
    assert [i.link_id for i in PC_PTSD_5.enabled_items({})] == [GATE]
    assert [i.link_id for i in PC_PTSD_5.enabled_items({GATE: YES})] == [GATE, *ITEMS]


def test_no_at_the_gate_scores_zero_and_negative():
    result = score(PC_PTSD_5, answers(NO))
    assert (result.total, result.positive, result.missing) == (0, False, ())


def test_no_at_the_gate_ignores_stray_item_answers():
    """Items not asked do not count, even if a stale draft still holds them."""
    result = score(PC_PTSD_5, answers(NO, YES, YES, YES, YES, YES))
    assert (result.total, result.positive) == (0, False)


def test_yes_at_the_gate_and_no_symptoms_scores_zero():
    result = score(PC_PTSD_5, yeses(0))
    assert (result.total, result.positive, result.missing) == (0, False, ())


@pytest.mark.parametrize(("count", "positive"), [(2, False), (3, True), (5, True)])
def test_default_cut_off_is_three(count, positive):
    result = score(PC_PTSD_5, yeses(count))
    assert result.total == count
    assert result.positive is positive
    assert "cut-off used: 3" in result.cutoff


@pytest.mark.parametrize(("count", "positive"), [(3, False), (4, True)])
def test_the_clinic_can_use_four(count, positive):
    result = score(PC_PTSD_5, yeses(count), {"pcptsd5_cutoff": 4})
    assert result.positive is positive
    assert "cut-off used: 4" in result.cutoff


@pytest.mark.parametrize("bad", [0, 6, "3", None, True])
def test_a_cut_off_outside_the_scale_is_refused(bad):
    with pytest.raises(ValueError, match="pcptsd5_cutoff"):
        score(PC_PTSD_5, yeses(3), {"pcptsd5_cutoff": bad})


def test_unanswered_gate_cannot_be_scored():
    result = score(PC_PTSD_5, {})
    assert (result.total, result.positive, result.missing) == (None, None, (GATE,))


@pytest.mark.parametrize(
    ("items", "positive"),
    [
        ((YES, YES, None, NO, NO), None),  # 2 yes, the missing one could make 3
        ((YES, None, NO, NO, NO), False),  # 1 yes + at most 1 stays under 3
        ((YES, YES, YES, None, None), True),  # already 3
    ],
)
def test_missing_items_leave_the_total_unscored(items, positive):
    result = score(PC_PTSD_5, answers(YES, *items))
    assert result.total is None
    assert result.positive is positive
    assert result.missing == tuple(i for i, v in zip(ITEMS, items, strict=True) if v is None)


def test_an_answer_outside_the_options_names_the_item():
    with pytest.raises(ScoringError, match="102014-8") as error:
        score(PC_PTSD_5, {**yeses(2), "102014-8": "maybe"})
    assert error.value.link_id == "102014-8"


def test_a_gate_answer_outside_the_options_names_the_gate():
    with pytest.raises(ScoringError, match=GATE):
        score(PC_PTSD_5, {GATE: "yes"})


# Property tests --------------------------------------------------------------------------

answer = st.one_of(st.none(), st.sampled_from([YES, NO]))
RANK = {False: 0, None: 1, True: 2}


@given(st.one_of(st.none(), st.sampled_from([YES, NO])), st.lists(answer, min_size=5,
                                                                    max_size=5))
def test_total_is_a_count_of_yes_from_0_to_5(gate, items):
    result = score(PC_PTSD_5, answers(gate, *items))
    if gate == NO:
        assert result.total == 0 and result.positive is False
    elif gate is None or None in items:
        assert result.total is None
    else:
        assert result.total == items.count(YES)
        assert 0 <= result.total <= 5


@given(st.lists(answer, min_size=5, max_size=5), st.integers(min_value=0, max_value=4),
       st.integers(min_value=1, max_value=5))
def test_a_further_yes_never_lowers_the_result(items, index, cutoff):
    items[index] = NO
    raised = list(items)
    raised[index] = YES
    params = {"pcptsd5_cutoff": cutoff}
    before = score(PC_PTSD_5, answers(YES, *items), params)
    after = score(PC_PTSD_5, answers(YES, *raised), params)
    if before.total is not None:
        assert after.total == before.total + 1
    assert RANK[after.positive] >= RANK[before.positive]


@given(st.lists(answer, min_size=5, max_size=5), st.integers(min_value=1, max_value=5))
def test_a_decided_screen_holds_for_every_way_of_filling_the_gaps(items, cutoff):
    params = {"pcptsd5_cutoff": cutoff}
    result = score(PC_PTSD_5, answers(YES, *items), params)
    lowest = score(PC_PTSD_5, answers(YES, *[v or NO for v in items]), params)
    highest = score(PC_PTSD_5, answers(YES, *[v or YES for v in items]), params)
    if result.positive is True:
        assert lowest.positive is True
    elif result.positive is False:
        assert highest.positive is False
    else:
        assert lowest.positive is False and highest.positive is True
