"""PCL-5: total, cluster sums, cut-off and the DSM-5 rule, three-valued where items are missing.

Totals, cluster sums and rule results below were worked out by hand from the published
scoring (National Center for PTSD): sum of 20 items 0-4; B = items 1-5, C = 6-7, D = 8-14,
E = 15-20; an item rated 2 or more is endorsed; the rule needs 1 B, 1 C, 2 D, 2 E.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.definitions.pcl5 import CLUSTERS, PCL_5
from screening.scoring import ScoringError, score


def answers(*values):
    """Answers from 20 ratings in item order; None leaves an item unanswered."""
    assert len(values) == 20
    return {f"pcl5-{n}": str(v) for n, v in enumerate(values, start=1) if v is not None}


def ratings(**items):
    """All items 0 except those given as i<number>=rating (rating None: unanswered)."""
    values = [0] * 20
    for key, value in items.items():
        values[int(key[1:]) - 1] = value
    return answers(*values)


# Exactly at the DSM-5 rule: one B (1), one C (6), two D (8, 9), two E (15, 16), all at 2.
AT_RULE = {"i1": 2, "i6": 2, "i8": 2, "i9": 2, "i15": 2, "i16": 2}


def test_definition_has_20_items_rated_0_to_4_in_four_clusters():
    assert [item.link_id for item in PCL_5.items] == [f"pcl5-{n}" for n in range(1, 21)]
    for item in PCL_5.items:
        assert [(o.code, o.score) for o in item.options] == [(str(n), n) for n in range(5)]
        assert [o.display for o in item.options] == [
            "Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely"]
    covered = [link_id for items, _needed in CLUSTERS.values() for link_id in items]
    assert covered == [item.link_id for item in PCL_5.items]
    assert PCL_5.validated and PCL_5.loinc == "101697-1" and PCL_5.loinc_total == "101698-9"


def test_official_wording_of_sample_items():
    texts = {item.link_id: item.text for item in PCL_5.items}
    assert texts["pcl5-1"] == (
        "Repeated, disturbing, and unwanted memories of the stressful experience?")
    assert texts["pcl5-17"] == 'Being "superalert" or watchful or on guard?'
    assert texts["pcl5-20"] == "Trouble falling or staying asleep?"
    assert all(item.help_text == "In the past month, how much were you bothered by:"
               for item in PCL_5.items)


def test_all_ones_is_20_below_cut_off_and_no_symptom_endorsed():
    result = score(PCL_5, answers(*[1] * 20))
    assert result.total == 20
    assert result.subscales == {"B": 5, "C": 2, "D": 7, "E": 6}
    assert result.positive is False
    assert result.criteria == {"dsm5-rule": False, "numbing": False}
    assert result.band is None
    assert result.missing == ()


def test_all_fours_is_the_maximum():
    result = score(PCL_5, answers(*[4] * 20))
    assert result.total == 80
    assert result.subscales == {"B": 20, "C": 8, "D": 28, "E": 24}
    assert result.positive is True
    assert result.criteria == {"dsm5-rule": True, "numbing": True}


def test_32_is_below_and_33_at_the_default_cut_off():
    """Items 1-16 at 2 make 32; raising item 17 to 1 makes 33."""
    below = score(PCL_5, answers(*[2] * 16, 0, 0, 0, 0))
    assert below.total == 32
    assert below.subscales == {"B": 10, "C": 4, "D": 14, "E": 4}
    assert below.positive is False
    # Under the cut-off, yet 5 B, 2 C, 7 D and 2 E items (15, 16) are endorsed.
    assert below.criteria["dsm5-rule"] is True

    at = score(PCL_5, answers(*[2] * 16, 1, 0, 0, 0))
    assert at.total == 33
    assert at.subscales["E"] == 5
    assert at.positive is True
    assert "33" in at.cutoff


def test_the_clinic_can_lower_the_cut_off():
    result = score(PCL_5, answers(*[2] * 16, 0, 0, 0, 0), {"pcl5_cutoff": 31})
    assert result.total == 32
    assert result.positive is True
    assert "cut-off used: 31" in result.cutoff


@pytest.mark.parametrize("bad", [0, 81, "33", True, 32.5])
def test_a_cut_off_outside_the_scale_is_refused(bad):
    with pytest.raises(ValueError, match="pcl5_cutoff"):
        score(PCL_5, answers(*[0] * 20), {"pcl5_cutoff": bad})


def test_exactly_at_the_dsm5_rule():
    result = score(PCL_5, ratings(**AT_RULE))
    assert result.total == 12
    assert result.subscales == {"B": 2, "C": 2, "D": 4, "E": 4}
    assert result.criteria["dsm5-rule"] is True
    assert result.positive is False
    assert result.criteria["numbing"] is False


@pytest.mark.parametrize(
    ("change", "total"),
    [
        ({"i1": 1}, 11),  # no B item at 2 or more
        ({"i6": 1}, 11),  # no C item
        ({"i9": 1}, 11),  # only one D item
        ({"i16": 1}, 11),  # only one E item
    ],
)
def test_one_short_of_the_dsm5_rule(change, total):
    result = score(PCL_5, ratings(**{**AT_RULE, **change}))
    assert result.total == total
    assert result.criteria["dsm5-rule"] is False


def test_a_rating_of_1_is_not_endorsed_but_2_is():
    assert score(PCL_5, ratings(i13=1)).criteria["numbing"] is False
    assert score(PCL_5, ratings(i13=2)).criteria["numbing"] is True
    assert score(PCL_5, ratings(i11=4)).criteria["numbing"] is False  # 11 is not numbing


def test_a_missing_item_leaves_total_and_its_cluster_unscored():
    result = score(PCL_5, ratings(**{**AT_RULE, "i16": None}))
    assert result.total is None
    assert result.missing == ("pcl5-16",)
    assert result.subscales == {"B": 2, "C": 2, "D": 4, "E": None}
    # E has one endorsed item; the missing item 16 could make the second: cannot tell.
    assert result.criteria["dsm5-rule"] is None
    # 10 known + at most 4 stays under 33: decided.
    assert result.positive is False
    assert result.criteria["numbing"] is False


def test_decided_despite_a_missing_item():
    result = score(PCL_5, answers(*[2] * 19, None))
    assert result.total is None
    assert result.positive is True  # 38 answered already reach 33
    assert result.criteria["dsm5-rule"] is True  # E met by items 15-19
    assert result.criteria["numbing"] is True


def test_dsm5_rule_not_met_when_a_cluster_cannot_be_met():
    """C (items 6, 7) is answered 0; whatever the missing item 1 is, C fails."""
    result = score(PCL_5, ratings(i1=None))
    assert result.criteria["dsm5-rule"] is False
    assert result.positive is False
    assert result.subscales["B"] is None


def test_cut_off_cannot_tell_when_missing_items_could_cross_it():
    # 30 answered (items 1-15 at 2), items 16 and 17 missing: 30 + up to 8 spans 33.
    result = score(PCL_5, answers(*[2] * 15, None, None, 0, 0, 0))
    assert result.positive is None
    assert result.missing == ("pcl5-16", "pcl5-17")


def test_numbing_cannot_tell_when_an_unendorsed_numbing_item_is_missing():
    result = score(PCL_5, ratings(i12=None, i13=1, i14=1))
    assert result.criteria["numbing"] is None


def test_nothing_answered_is_all_cannot_tell():
    result = score(PCL_5, {})
    assert result.total is None
    assert result.positive is None
    assert result.criteria == {"dsm5-rule": None, "numbing": None}
    assert set(result.subscales.values()) == {None}
    assert len(result.missing) == 20


def test_an_answer_outside_the_options_names_the_item():
    with pytest.raises(ScoringError, match="pcl5-3") as error:
        score(PCL_5, {**answers(*[0] * 20), "pcl5-3": "5"})
    assert error.value.link_id == "pcl5-3"


# Property tests --------------------------------------------------------------------------

rating = st.integers(min_value=0, max_value=4)
complete = st.lists(rating, min_size=20, max_size=20)
partial = st.lists(st.one_of(st.none(), rating), min_size=20, max_size=20)
cutoffs = st.integers(min_value=1, max_value=80)

RANK = {False: 0, None: 1, True: 2}  # three-valued order: False < cannot tell < True


@given(complete)
def test_totals_and_cluster_sums_are_within_range(values):
    result = score(PCL_5, answers(*values))
    assert 0 <= result.total <= 80
    assert result.total == sum(values) == sum(result.subscales.values())
    assert result.positive is not None
    assert result.criteria["dsm5-rule"] is not None
    for name, (items, _needed) in CLUSTERS.items():
        assert 0 <= result.subscales[name] <= 4 * len(items)


@given(partial, st.integers(min_value=0, max_value=19), cutoffs)
def test_raising_one_item_never_lowers_a_result(values, index, cutoff):
    if values[index] is None or values[index] == 4:
        values[index] = 0
    raised = list(values)
    raised[index] += 1
    before = score(PCL_5, answers(*values), {"pcl5_cutoff": cutoff})
    after = score(PCL_5, answers(*raised), {"pcl5_cutoff": cutoff})
    if before.total is not None:
        assert after.total == before.total + 1
    assert RANK[after.positive] >= RANK[before.positive]
    for name in ("dsm5-rule", "numbing"):
        assert RANK[after.criteria[name]] >= RANK[before.criteria[name]]


@given(partial, cutoffs)
def test_decided_results_hold_for_every_way_of_filling_the_gaps(values, cutoff):
    """True must survive the lowest completion, False the highest; None needs both."""
    params = {"pcl5_cutoff": cutoff}
    result = score(PCL_5, answers(*values), params)
    lowest = score(PCL_5, answers(*[0 if v is None else v for v in values]), params)
    highest = score(PCL_5, answers(*[4 if v is None else v for v in values]), params)
    for get in (lambda s: s.positive, lambda s: s.criteria["dsm5-rule"],
                lambda s: s.criteria["numbing"]):
        if get(result) is True:
            assert get(lowest) is True
        elif get(result) is False:
            assert get(highest) is False
        else:
            assert get(lowest) is False and get(highest) is True
