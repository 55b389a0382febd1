"""Single-question drug screen: the published question, a count as the total, positive at >=1,
and no silent zero for a missing or malformed answer."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.definitions.drug_screen import DRUG_SCREEN, QUESTION
from screening.schema import AnswerType
from screening.scoring import ScoringError, score


def test_the_published_question_as_an_integer_count():
    assert QUESTION == "68524-8"
    assert [item.link_id for item in DRUG_SCREEN.items] == [QUESTION]
    item = DRUG_SCREEN.item(QUESTION)
    assert item.text == (
        "How many times in the past year have you used an illegal drug or used a "
        "prescription medication for nonmedical reasons?")
    assert item.answer_type is AnswerType.INTEGER
    assert item.required
    assert DRUG_SCREEN.code == "drug-screen" and DRUG_SCREEN.validated
    assert DRUG_SCREEN.recall == "Past year"


@pytest.mark.parametrize(("count", "positive"), [(0, False), (1, True), (2, True), (365, True)])
def test_positive_from_one_time(count, positive):
    result = score(DRUG_SCREEN, {QUESTION: count})
    assert (result.total, result.positive, result.missing) == (count, positive, ())
    assert result.cutoff.startswith("\u22651")


def test_a_count_typed_as_text_is_read():
    assert score(DRUG_SCREEN, {QUESTION: " 3 "}).total == 3


@pytest.mark.parametrize("answers", [{}, {QUESTION: None}, {QUESTION: ""}])
def test_missing_answer_is_cannot_tell_never_zero(answers):
    result = score(DRUG_SCREEN, answers)
    assert (result.total, result.positive, result.missing) == (None, None, (QUESTION,))


@pytest.mark.parametrize("value", [-1, "-1", "two", 1.5, "1.5", True, "LA6270-8", [1]])
def test_an_answer_that_is_not_a_count_is_refused_naming_the_item(value):
    with pytest.raises(ScoringError, match="68524-8") as error:
        score(DRUG_SCREEN, {QUESTION: value})
    assert error.value.link_id == QUESTION


@given(st.integers(0, 10_000))
def test_the_total_is_the_count_and_positive_means_at_least_once(count):
    result = score(DRUG_SCREEN, {QUESTION: count})
    assert result.total == count
    assert result.positive is (count >= 1)


@given(st.integers(0, 10_000), st.integers(1, 100))
def test_a_higher_count_never_clears_positive(count, more):
    before = score(DRUG_SCREEN, {QUESTION: count})
    after = score(DRUG_SCREEN, {QUESTION: count + more})
    assert after.total > before.total
    assert not (before.positive and not after.positive)
