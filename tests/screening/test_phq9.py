"""PHQ-9: official wording and LOINC codes, the 0-27 total and its bands, the >=10 cut-off,
the item 9 safety flag, and missing answers that are never scored as 0."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.definitions.phq9 import BANDS, DIFFICULTY, ITEM9, PHQ9
from screening.schema import LOINC, EnableBehavior
from screening.scoring import ScoringError, score

ITEMS = ("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5",
         "44253-3", "44260-8")
CODES = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")  # scores 0, 1, 2, 3


def answers(*item_scores):
    """Items 1-9 by score, in order; None leaves an item unanswered."""
    return {link_id: CODES[value] for link_id, value in zip(ITEMS, item_scores, strict=True)
            if value is not None}


def test_definition_uses_the_loinc_codes():
    assert [item.link_id for item in PHQ9.items] == [*ITEMS, "69722-7"]
    assert ITEM9 == "44260-8" and DIFFICULTY == "69722-7"
    assert (PHQ9.code, PHQ9.loinc, PHQ9.loinc_total) == ("phq-9", "44249-1", "44261-6")
    assert PHQ9.validated
    for link_id in ITEMS:
        options = PHQ9.item(link_id).options
        assert [(o.code, o.display, o.score) for o in options] == [
            ("LA6568-5", "Not at all", 0),
            ("LA6569-3", "Several days", 1),
            ("LA6570-1", "More than half the days", 2),
            ("LA6571-9", "Nearly every day", 3),
        ]
        assert all(o.system == LOINC for o in options)


def test_official_wording():
    assert PHQ9.description == (
        "Over the last 2 weeks, how often have you been bothered by any of the following "
        "problems?")
    assert PHQ9.item("44250-9").text == "Little interest or pleasure in doing things"
    assert PHQ9.item("44258-2").text == (
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or "
        "your family down")
    assert PHQ9.item("44253-3").text.startswith(
        "Moving or speaking so slowly that other people could have noticed? Or the opposite")
    assert PHQ9.item(ITEM9).text == (
        "Thoughts that you would be better off dead or of hurting yourself in some way")
    assert PHQ9.item(DIFFICULTY).text.startswith("If you checked off any problems,")
    assert all(isinstance(item.text, str) for item in PHQ9.items)  # never gettext
    assert PHQ9.recall == "Last 2 weeks"


def test_difficulty_item_is_optional_unscored_and_asked_only_after_a_problem():
    difficulty = PHQ9.item(DIFFICULTY)
    assert not difficulty.required
    assert difficulty.enable_behavior is EnableBehavior.ANY
    assert all(o.score is None for o in difficulty.options)
    assert [o.code for o in difficulty.options] == ["LA6572-7", "LA6573-5", "LA6575-0",
                                                    "LA6574-3"]
    assert difficulty not in PHQ9.enabled_items(answers(0, 0, 0, 0, 0, 0, 0, 0, 0))
    assert difficulty not in PHQ9.enabled_items({})
    assert difficulty in PHQ9.enabled_items(answers(0, 0, 0, 0, 0, 0, 0, 1, 0))
    assert difficulty in PHQ9.enabled_items({ITEM9: CODES[3]})


def test_difficulty_answer_does_not_change_the_total():
    with_difficulty = {**answers(1, 1, 1, 1, 1, 0, 0, 0, 0), DIFFICULTY: "LA6574-3"}
    assert score(PHQ9, with_difficulty).total == 5
    assert score(PHQ9, with_difficulty).missing == ()


@pytest.mark.parametrize(
    ("item_scores", "total", "band", "positive"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "minimal", False),
        ((1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "minimal", False),
        ((1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "mild", False),
        ((3, 3, 3, 0, 0, 0, 0, 0, 0), 9, "mild", False),
        ((3, 3, 3, 1, 0, 0, 0, 0, 0), 10, "moderate", True),
        ((0, 1, 2, 3, 0, 1, 2, 3, 0), 12, "moderate", True),
        ((2, 2, 2, 2, 2, 2, 2, 0, 0), 14, "moderate", True),
        ((3, 3, 3, 3, 3, 0, 0, 0, 0), 15, "moderately severe", True),
        ((3, 3, 3, 3, 3, 3, 1, 0, 0), 19, "moderately severe", True),
        ((3, 3, 3, 3, 3, 3, 2, 0, 0), 20, "severe", True),
        ((3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "severe", True),
    ],
)
def test_hand_worked_totals_and_bands(item_scores, total, band, positive):
    result = score(PHQ9, answers(*item_scores))
    assert (result.total, result.band, result.positive) == (total, band, positive)
    assert result.missing == ()
    assert result.questionnaire == "phq-9" and result.version == "1"
    assert result.cutoff.startswith("\u226510")


def test_item9_above_0_flags_whatever_the_total():
    result = score(PHQ9, answers(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert (result.total, result.band, result.positive) == (1, "minimal", False)
    assert result.flags == ("phq9-item9",)
    assert result.criteria == {"item9": True}


def test_item9_at_0_does_not_flag():
    result = score(PHQ9, answers(3, 3, 3, 3, 3, 3, 3, 3, 0))
    assert result.flags == ()
    assert result.criteria == {"item9": False}


def test_item9_missing_is_cannot_tell_never_a_cleared_flag():
    result = score(PHQ9, answers(0, 0, 0, 0, 0, 0, 0, 0, None))
    assert result.criteria == {"item9": None}
    assert result.flags == ()
    assert result.missing == (ITEM9,)
    assert result.total is None and result.band is None


@pytest.mark.parametrize(
    ("item_scores", "positive"),
    [
        ((3, 3, 3, 1, None, 0, 0, 0, 0), True),  # 10 answered: reached whatever is missing
        ((1, 1, 1, 1, None, 1, 1, 1, 0), None),  # 7 + up to 3: could go either way
        ((1, 1, 1, 1, None, 1, 1, 0, 0), False),  # 6 + up to 3 stays below 10
        ((None, None, None, None, None, None, None, None, None), None),
    ],
)
def test_missing_items_leave_no_total_and_a_three_valued_cut_off(item_scores, positive):
    result = score(PHQ9, answers(*item_scores))
    assert result.total is None and result.band is None
    assert result.positive is positive
    expected_missing = tuple(i for i, s in zip(ITEMS, item_scores, strict=True) if s is None)
    assert result.missing == expected_missing


def test_empty_answer_counts_as_missing_not_zero():
    result = score(PHQ9, {**answers(0, 0, 0, 0, 0, 0, 0, 0, 0), "44250-9": ""})
    assert result.total is None
    assert result.missing == ("44250-9",)


def test_an_answer_outside_the_options_is_refused_naming_the_item():
    with pytest.raises(ScoringError, match="44259-0") as error:
        score(PHQ9, {**answers(0, 0, 0, 0, 0, 0, 0, 0, 0), "44259-0": "LA18938-3"})
    assert error.value.link_id == "44259-0"
    with pytest.raises(ScoringError, match="44260-8"):
        score(PHQ9, {**answers(0, 0, 0, 0, 0, 0, 0, 0, 0), ITEM9: 3})  # a score, not a code


def test_bands_cover_0_to_27_without_overlap():
    for total in range(0, 28):
        assert sum(band.low <= total <= band.high for band in BANDS) == 1, total
    assert min(band.low for band in BANDS) == 0
    assert max(band.high for band in BANDS) == 27
    assert sum(band.high - band.low + 1 for band in BANDS) == 28


complete = st.lists(st.integers(0, 3), min_size=9, max_size=9)
partial = st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=9, max_size=9)


@given(complete)
def test_complete_answers_score_within_range_with_a_band(item_scores):
    result = score(PHQ9, answers(*item_scores))
    assert result.total == sum(item_scores)
    assert 0 <= result.total <= 27
    assert result.band is not None
    assert result.positive is (result.total >= 10)
    assert ("phq9-item9" in result.flags) is (item_scores[8] > 0)


@given(complete, st.integers(0, 8), st.integers(1, 3))
def test_raising_an_item_never_lowers_the_total_or_clears_positive(item_scores, index, step):
    raised = list(item_scores)
    raised[index] = min(3, raised[index] + step)
    before, after = score(PHQ9, answers(*item_scores)), score(PHQ9, answers(*raised))
    assert after.total - before.total == raised[index] - item_scores[index]
    assert not (before.positive is True and after.positive is False)


@given(partial, st.integers(0, 8), st.integers(1, 3))
def test_with_missing_items_raising_an_answer_never_clears_positive(item_scores, index, step):
    raised = list(item_scores)
    if raised[index] is not None:
        raised[index] = min(3, raised[index] + step)
    before, after = score(PHQ9, answers(*item_scores)), score(PHQ9, answers(*raised))
    assert not (before.positive is True and after.positive is not True)
    assert not (before.positive is None and after.positive is False)


@given(partial, complete)
def test_a_known_cut_off_holds_however_the_missing_items_are_answered(item_scores, fill):
    known = score(PHQ9, answers(*item_scores))
    completed = [s if s is not None else f for s, f in zip(item_scores, fill, strict=True)]
    full = score(PHQ9, answers(*completed))
    if known.positive is not None:
        assert full.positive is known.positive
    if known.criteria["item9"] is not None:
        assert full.criteria["item9"] is known.criteria["item9"]
