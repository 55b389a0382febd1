"""AUDIT-C: WHO wording and LOINC codes in the right order, the skip after "Never", the 0-12
total, and the cut-off by sex (>=4 men, >=3 women, >=3 when sex is not given)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.definitions.auditc import AUDIT_C
from screening.schema import LOINC
from screening.scoring import ScoringError, score

Q1, Q2, Q3 = "68518-0", "68519-8", "68520-6"
Q1_CODES = ("LA6270-8", "LA18926-8", "LA18927-6", "LA18928-4", "LA18929-2")
Q2_CODES = ("LA15694-5", "LA15695-2", "LA18930-0", "LA18931-8", "LA18932-6")
Q3_CODES = ("LA6270-8", "LA18933-4", "LA18876-5", "LA18891-4", "LA18934-2")
SEXES = ("male", "female", None)


def answers(q1, q2=None, q3=None):
    """Questions 1-3 by score; None leaves a question unanswered."""
    result = {}
    for link_id, codes, value in ((Q1, Q1_CODES, q1), (Q2, Q2_CODES, q2), (Q3, Q3_CODES, q3)):
        if value is not None:
            result[link_id] = codes[value]
    return result


def test_definition_uses_the_loinc_codes_in_order():
    assert [item.link_id for item in AUDIT_C.items] == [Q1, Q2, Q3]
    assert "68517-2" not in [item.link_id for item in AUDIT_C.items]
    assert (AUDIT_C.code, AUDIT_C.loinc, AUDIT_C.loinc_total) == ("audit-c", "72109-2", "75626-2")
    assert AUDIT_C.validated
    for link_id, codes in ((Q1, Q1_CODES), (Q2, Q2_CODES), (Q3, Q3_CODES)):
        options = AUDIT_C.item(link_id).options
        assert [(o.code, o.score) for o in options] == list(zip(codes, range(5), strict=True))
        assert all(o.system == LOINC for o in options)


def test_who_wording():
    assert AUDIT_C.item(Q1).text == "How often do you have a drink containing alcohol?"
    assert AUDIT_C.item(Q2).text == (
        "How many drinks containing alcohol do you have on a typical day when you are "
        "drinking?")
    assert AUDIT_C.item(Q3).text == "How often do you have six or more drinks on one occasion?"
    assert [o.display for o in AUDIT_C.item(Q1).options] == [
        "Never", "Monthly or less", "2 to 4 times a month", "2 to 3 times a week",
        "4 or more times a week"]
    assert [o.display for o in AUDIT_C.item(Q2).options] == [
        "1 or 2", "3 or 4", "5 or 6", "7 to 9", "10 or more"]
    assert [o.display for o in AUDIT_C.item(Q3).options] == [
        "Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily"]
    assert AUDIT_C.description.startswith("Because alcohol use can affect your health")
    assert AUDIT_C.recall == "Past year"


def test_never_drinking_skips_questions_2_and_3():
    assert [i.link_id for i in AUDIT_C.enabled_items(answers(0))] == [Q1]
    assert [i.link_id for i in AUDIT_C.enabled_items({})] == [Q1]
    for q1 in range(1, 5):
        assert [i.link_id for i in AUDIT_C.enabled_items(answers(q1))] == [Q1, Q2, Q3]


@pytest.mark.parametrize("sex", SEXES)
def test_never_drinking_scores_zero_and_negative(sex):
    result = score(AUDIT_C, answers(0), {"sex": sex})
    assert (result.total, result.positive, result.missing) == (0, False, ())


def test_never_drinking_ignores_stale_answers_to_skipped_questions():
    result = score(AUDIT_C, answers(0, 4, 4), {"sex": "female"})
    assert (result.total, result.positive) == (0, False)


@pytest.mark.parametrize(
    ("scores", "total", "male", "female", "not_given"),
    [
        ((1, 0, 0), 1, False, False, False),  # monthly or less, 1-2 drinks, never 6+
        ((2, 0, 0), 2, False, False, False),  # 2-4 times a month, 1-2 drinks, never 6+
        ((1, 1, 1), 3, False, True, True),  # boundary for women and for "not given"
        ((3, 0, 1), 4, True, True, True),  # boundary for men
        ((2, 2, 1), 5, True, True, True),
        ((4, 4, 4), 12, True, True, True),
    ],
)
def test_hand_worked_totals_and_cut_offs_by_sex(scores, total, male, female, not_given):
    for sex, positive in (("male", male), ("female", female), (None, not_given)):
        result = score(AUDIT_C, answers(*scores), {"sex": sex})
        assert (result.total, result.positive) == (total, positive), sex
        assert result.band is None and result.missing == ()


def test_no_params_uses_the_lower_cut_off():
    assert score(AUDIT_C, answers(1, 1, 1)).positive is True
    assert score(AUDIT_C, answers(1, 1, 1), {}).positive is True


def test_cut_off_used_is_stated_in_words():
    assert score(AUDIT_C, answers(1, 1, 1), {"sex": "male"}).cutoff.startswith("\u22654 (men)")
    assert score(AUDIT_C, answers(1, 1, 1), {"sex": "female"}).cutoff.startswith(
        "\u22653 (women)")
    assert "sex not given" in score(AUDIT_C, answers(1, 1, 1), {"sex": None}).cutoff


@pytest.mark.parametrize(("sex", "positive"), [("Male", False), (" female ", True),
                                               ("other", True), (1, True)])
def test_sex_is_read_leniently_and_anything_else_counts_as_not_given(sex, positive):
    result = score(AUDIT_C, answers(1, 1, 1), {"sex": sex})
    assert result.positive is positive


@pytest.mark.parametrize(
    ("scores", "sex", "positive", "missing"),
    [
        ((None, None, None), "male", None, (Q1,)),  # question 1 alone could reach 4
        ((None, 4, 4), "female", None, (Q1,)),  # 2 and 3 not asked yet: not counted
        ((4, None, None), "male", True, (Q2, Q3)),  # 4 already reached
        ((1, 0, None), "male", None, (Q3,)),  # 1 + up to 4
        ((1, None, 0), "female", None, (Q2,)),
    ],
)
def test_missing_answers_leave_no_total_and_a_three_valued_cut_off(scores, sex, positive,
                                                                   missing):
    result = score(AUDIT_C, answers(*scores), {"sex": sex})
    assert result.total is None
    assert result.positive is positive
    assert result.missing == missing


def test_an_answer_outside_the_options_is_refused_naming_the_item():
    with pytest.raises(ScoringError, match="68519-8") as error:
        score(AUDIT_C, {**answers(2, None, 0), Q2: "LA18929-2"})  # a question 1 code
    assert error.value.link_id == Q2
    with pytest.raises(ScoringError, match="68518-0"):
        score(AUDIT_C, {Q1: "weekly"})


drinker = st.tuples(st.integers(1, 4), st.integers(0, 4), st.integers(0, 4))


@given(st.one_of(st.just((0, 0, 0)), drinker), st.sampled_from(SEXES))
def test_complete_answers_score_within_range(scores, sex):
    result = score(AUDIT_C, answers(*scores), {"sex": sex})
    expected = 0 if scores[0] == 0 else sum(scores)
    assert result.total == expected
    assert 0 <= result.total <= 12
    assert result.positive is (result.total >= (4 if sex == "male" else 3))


@given(drinker, st.integers(0, 2), st.integers(1, 4), st.sampled_from(SEXES))
def test_raising_an_answer_never_lowers_the_total_or_clears_positive(scores, index, step, sex):
    raised = list(scores)
    raised[index] = min(4, raised[index] + step)
    before = score(AUDIT_C, answers(*scores), {"sex": sex})
    after = score(AUDIT_C, answers(*raised), {"sex": sex})
    assert after.total >= before.total
    assert not (before.positive is True and after.positive is False)


@given(drinker, st.sampled_from(SEXES))
def test_women_and_unknown_sex_are_never_screened_less_than_men(scores, sex):
    male = score(AUDIT_C, answers(*scores), {"sex": "male"}).positive
    assert not (male and not score(AUDIT_C, answers(*scores), {"sex": sex}).positive)


def _maybe(low):
    return st.one_of(st.none(), st.integers(low, 4))


@given(st.tuples(_maybe(1), _maybe(0), _maybe(0)), drinker, st.sampled_from(SEXES))
def test_a_known_cut_off_holds_however_the_missing_answers_are_given(scores, fill, sex):
    known = score(AUDIT_C, answers(*scores), {"sex": sex})
    completed = [s if s is not None else f for s, f in zip(scores, fill, strict=True)]
    if known.positive is not None:
        assert score(AUDIT_C, answers(*completed), {"sex": sex}).positive is known.positive
