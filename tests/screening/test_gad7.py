"""GAD-7: official wording and LOINC codes (item 2's own score-2 code), the 0-21 total and its
bands, the >=10 cut-off, and missing answers that are never scored as 0."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.definitions.gad7 import BANDS, GAD7, ITEM2
from screening.schema import LOINC
from screening.scoring import ScoringError, score

ITEMS = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")
CODES = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")  # scores 0, 1, 2, 3
ITEM2_CODES = ("LA6568-5", "LA6569-3", "LA18938-3", "LA6571-9")


def answers(*item_scores):
    """Items 1-7 by score, in order; None leaves an item unanswered."""
    return {
        link_id: (ITEM2_CODES if link_id == ITEM2 else CODES)[value]
        for link_id, value in zip(ITEMS, item_scores, strict=True)
        if value is not None
    }


def test_definition_uses_the_loinc_codes():
    assert [item.link_id for item in GAD7.items] == list(ITEMS)
    assert (GAD7.code, GAD7.loinc, GAD7.loinc_total) == ("gad-7", "69737-5", "70274-6")
    assert GAD7.validated
    for link_id in ITEMS:
        options = GAD7.item(link_id).options
        expected = ITEM2_CODES if link_id == ITEM2 else CODES
        assert [(o.code, o.score) for o in options] == list(zip(expected, range(4), strict=True))
        assert all(o.system == LOINC for o in options)


def test_item2_shows_the_same_scale_as_the_others():
    """The client sees one scale; only the LOINC code of item 2's score-2 answer differs."""
    displays = {tuple(o.display for o in GAD7.item(i).options) for i in ITEMS}
    assert displays == {("Not at all", "Several days", "More than half the days",
                         "Nearly every day")}


def test_official_wording():
    assert GAD7.description == (
        "Over the last 2 weeks, how often have you been bothered by the following problems?")
    assert [GAD7.item(i).text for i in ITEMS] == [
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ]
    assert GAD7.recall == "Last 2 weeks"


@pytest.mark.parametrize(
    ("item_scores", "total", "band", "positive"),
    [
        ((0, 0, 0, 0, 0, 0, 0), 0, "minimal", False),
        ((1, 1, 1, 1, 0, 0, 0), 4, "minimal", False),
        ((1, 1, 1, 1, 1, 0, 0), 5, "mild", False),
        ((0, 2, 0, 0, 0, 0, 0), 2, "minimal", False),  # item 2's LA18938-3 scores 2
        ((3, 3, 3, 0, 0, 0, 0), 9, "mild", False),
        ((3, 3, 3, 1, 0, 0, 0), 10, "moderate", True),
        ((2, 2, 2, 2, 2, 2, 2), 14, "moderate", True),
        ((3, 3, 3, 3, 3, 0, 0), 15, "severe", True),
        ((3, 3, 3, 3, 3, 3, 3), 21, "severe", True),
    ],
)
def test_hand_worked_totals_and_bands(item_scores, total, band, positive):
    result = score(GAD7, answers(*item_scores))
    assert (result.total, result.band, result.positive) == (total, band, positive)
    assert result.missing == () and result.flags == ()
    assert result.cutoff.startswith("\u226510")


@pytest.mark.parametrize(
    ("item_scores", "positive"),
    [
        ((3, 3, 3, 1, None, 0, 0), True),  # 10 answered
        ((1, 1, 1, 1, 1, 2, None), None),  # 7 + up to 3
        ((1, 1, 1, 1, 1, 1, None), False),  # 6 + up to 3 stays below 10
        ((None,) * 7, None),
    ],
)
def test_missing_items_leave_no_total_and_a_three_valued_cut_off(item_scores, positive):
    result = score(GAD7, answers(*item_scores))
    assert result.total is None and result.band is None
    assert result.positive is positive
    assert result.missing == tuple(i for i, s in zip(ITEMS, item_scores, strict=True)
                                   if s is None)


def test_an_answer_outside_the_options_is_refused_naming_the_item():
    # LA6570-1 is the other items' score-2 code, not item 2's: refused, never guessed.
    with pytest.raises(ScoringError, match="68509-9") as error:
        score(GAD7, {**answers(0, None, 0, 0, 0, 0, 0), ITEM2: "LA6570-1"})
    assert error.value.link_id == ITEM2
    with pytest.raises(ScoringError, match="69736-7"):
        score(GAD7, {**answers(0, 0, 0, 0, 0, 0, None), "69736-7": "sometimes"})


def test_bands_cover_0_to_21_without_overlap():
    for total in range(0, 22):
        assert sum(band.low <= total <= band.high for band in BANDS) == 1, total
    assert min(band.low for band in BANDS) == 0
    assert max(band.high for band in BANDS) == 21
    assert sum(band.high - band.low + 1 for band in BANDS) == 22


complete = st.lists(st.integers(0, 3), min_size=7, max_size=7)
partial = st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=7, max_size=7)


@given(complete)
def test_complete_answers_score_within_range_with_a_band(item_scores):
    result = score(GAD7, answers(*item_scores))
    assert result.total == sum(item_scores)
    assert 0 <= result.total <= 21
    assert result.band is not None
    assert result.positive is (result.total >= 10)


@given(complete, st.integers(0, 6), st.integers(1, 3))
def test_raising_an_item_never_lowers_the_total_or_clears_positive(item_scores, index, step):
    raised = list(item_scores)
    raised[index] = min(3, raised[index] + step)
    before, after = score(GAD7, answers(*item_scores)), score(GAD7, answers(*raised))
    assert after.total - before.total == raised[index] - item_scores[index]
    assert not (before.positive is True and after.positive is False)


@given(partial, complete)
def test_a_known_cut_off_holds_however_the_missing_items_are_answered(item_scores, fill):
    known = score(GAD7, answers(*item_scores))
    completed = [s if s is not None else f for s, f in zip(item_scores, fill, strict=True)]
    if known.positive is not None:
        assert score(GAD7, answers(*completed)).positive is known.positive
