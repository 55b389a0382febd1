"""ACE questionnaire for adults: count of "yes", bands, >= 1 and >= 4, three-valued."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.definitions.ace import ACE, BANDS, HEALTH_IMPACT
from screening.scoring import ScoringError, band_for, score

YES, NO = "LA33-6", "LA32-8"
ITEMS = tuple(f"ace-{n}" for n in range(1, 11))


def answers(*values):
    """Ten answers in item order; None leaves an item unanswered."""
    assert len(values) == 10
    return {link_id: v for link_id, v in zip(ITEMS, values, strict=True) if v is not None}


def yeses(count):
    return answers(*([YES] * count + [NO] * (10 - count)))


def test_definition_has_ten_yes_no_items_and_an_unscored_follow_up():
    assert [item.link_id for item in ACE.items] == [*ITEMS, HEALTH_IMPACT]
    for link_id in ITEMS:
        item = ACE.item(link_id)
        assert [(o.code, o.display, o.score) for o in item.options] == [
            (YES, "Yes", 1), (NO, "No", 0)]
    follow_up = ACE.item(HEALTH_IMPACT)
    assert not follow_up.required
    assert all(o.score is None for o in follow_up.options)
    assert ACE.validated and ACE.loinc is None


def test_official_wording_of_sample_items():
    assert ACE.item("ace-2").text == (
        "Did you lose a parent through divorce, abandonment, death, or other reason?")
    assert ACE.item("ace-10").text == (
        "Did you experience unwanted sexual contact (such as fondling or oral/anal/vaginal "
        "intercourse/penetration)?")
    assert "prior to your 18th birthday" in ACE.description


@pytest.mark.parametrize(
    ("count", "band", "positive", "high"),
    [
        (0, "0", False, False),
        (1, "1-3", True, False),
        (3, "1-3", True, False),
        (4, "4 or more (high)", True, True),
        (10, "4 or more (high)", True, True),
    ],
)
def test_hand_worked_counts(count, band, positive, high):
    result = score(ACE, yeses(count))
    assert result.total == count
    assert result.band == band
    assert result.positive is positive
    assert result.criteria == {"high": high}
    assert result.missing == ()


def test_which_items_are_yes_does_not_matter():
    values = [NO] * 10
    values[9] = YES  # only the last category
    assert score(ACE, answers(*values)).total == 1


def test_the_follow_up_question_does_not_change_the_score_and_may_be_skipped():
    with_follow_up = score(ACE, {**yeses(2), HEALTH_IMPACT: "a-lot"})
    without = score(ACE, yeses(2))
    assert with_follow_up.total == without.total == 2
    assert without.missing == ()


@pytest.mark.parametrize(
    ("values", "positive", "high"),
    [
        ((YES, YES, YES, None, NO, NO, NO, NO, NO, NO), True, None),  # 3 + the missing one
        ((None, NO, NO, NO, NO, NO, NO, NO, NO, NO), None, False),  # 0 + at most 1
        ((YES, YES, YES, YES, None, None, NO, NO, NO, NO), True, True),  # already 4
        ((None,) * 10, None, None),
    ],
)
def test_missing_items_leave_the_count_unscored(values, positive, high):
    result = score(ACE, answers(*values))
    assert result.total is None
    assert result.band is None
    assert result.positive is positive
    assert result.criteria["high"] is high
    assert result.missing == tuple(i for i, v in zip(ITEMS, values, strict=True) if v is None)


def test_an_answer_outside_the_options_names_the_item():
    with pytest.raises(ScoringError, match="ace-7") as error:
        score(ACE, {**yeses(1), "ace-7": "yes"})
    assert error.value.link_id == "ace-7"


def test_an_unscored_answer_outside_the_options_is_also_an_error():
    with pytest.raises(ScoringError, match=HEALTH_IMPACT):
        score(ACE, {**yeses(1), HEALTH_IMPACT: "very much"})


def test_bands_cover_0_to_10_without_overlap():
    for total in range(11):
        assert sum(band.low <= total <= band.high for band in BANDS) == 1, total
    assert BANDS[0].low == 0 and BANDS[-1].high == 10
    assert all(a.high + 1 == b.low for a, b in zip(BANDS, BANDS[1:], strict=False))


# Property tests --------------------------------------------------------------------------

answer = st.one_of(st.none(), st.sampled_from([YES, NO]))
RANK = {False: 0, None: 1, True: 2}


@given(st.lists(st.sampled_from([YES, NO]), min_size=10, max_size=10))
def test_complete_answers_count_yes_within_0_to_10(values):
    result = score(ACE, answers(*values))
    assert result.total == values.count(YES)
    assert 0 <= result.total <= 10
    assert result.band == band_for(result.total, BANDS) is not None
    assert result.positive is (result.total >= 1)
    assert result.criteria["high"] is (result.total >= 4)


@given(st.lists(answer, min_size=10, max_size=10), st.integers(min_value=0, max_value=9))
def test_a_further_yes_never_lowers_the_result(values, index):
    values[index] = NO
    raised = list(values)
    raised[index] = YES
    before, after = score(ACE, answers(*values)), score(ACE, answers(*raised))
    if before.total is not None:
        assert after.total == before.total + 1
    assert RANK[after.positive] >= RANK[before.positive]
    assert RANK[after.criteria["high"]] >= RANK[before.criteria["high"]]


@given(st.lists(answer, min_size=10, max_size=10))
def test_decided_results_hold_for_every_way_of_filling_the_gaps(values):
    result = score(ACE, answers(*values))
    lowest = score(ACE, answers(*[v or NO for v in values]))
    highest = score(ACE, answers(*[v or YES for v in values]))
    for get in (lambda s: s.positive, lambda s: s.criteria["high"]):
        if get(result) is True:
            assert get(lowest) is True
        elif get(result) is False:
            assert get(highest) is False
        else:
            assert get(lowest) is False and get(highest) is True
