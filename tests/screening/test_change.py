"""Change over a course of care, by the figures of docs/clinical.md ("Measurement over
treatment"): PHQ-9 5 points, 50 %, under 5; PCL-5 10 points meaningful, 15 reliable, 28
or less significant; no thresholds claimed for the GAD-7."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening import definitions
from screening.change import RULES, Trend, change, trend

PHQ9, PCL5, GAD7 = RULES["phq-9"], RULES["pcl-5"], RULES["gad-7"]


@pytest.mark.parametrize(("baseline", "latest", "better", "response", "remission"), [
    (20, 15, True, False, False),  # 5 points: the smallest change that matters
    (20, 16, False, False, False),  # 4 points: not yet
    (20, 10, True, True, False),  # half gone: a response
    (20, 11, True, False, False),  # 9 of 20 gone: not half
    (12, 4, True, True, True),  # under 5: remission
    (12, 5, True, True, False),  # 7 of 12 gone is a response; 5 is not under 5
])
def test_phq9_meaningful_change_response_and_remission(baseline, latest, better, response,
                                                       remission):
    moved = change(PHQ9, baseline=baseline, latest=latest)
    assert moved.better is better
    assert moved.remission is remission
    assert moved.response is response
    assert moved.points == latest - baseline


def test_phq9_worsening_is_the_meaningful_change_where_no_reliable_one_is_published():
    assert PHQ9.reliable is None and PHQ9.worsening_points == 5
    assert change(PHQ9, baseline=8, latest=13).worse
    assert not change(PHQ9, baseline=8, latest=12).worse


@pytest.mark.parametrize(("baseline", "latest", "better", "worse", "significant"), [
    (50, 40, True, False, False),  # 10 points: meaningful; 40 is over 28
    (50, 41, False, False, False),
    (40, 28, True, False, True),  # 28 or less after treatment, from above it
    (27, 20, False, False, False),  # already at or under 28 at the start: no change to mark
    (30, 45, False, True, False),  # 15 points up: the low end of reliable change
    (30, 44, False, False, False),
])
def test_pcl5_meaningful_reliable_and_significant_change(baseline, latest, better, worse,
                                                         significant):
    moved = change(PCL5, baseline=baseline, latest=latest)
    assert (moved.better, moved.worse, moved.significant) == (better, worse, significant)
    assert not moved.response and not moved.remission  # no such rule for the PCL-5


def test_the_gad7_has_no_thresholds_so_nothing_is_claimed():
    moved = change(GAD7, baseline=21, latest=0)
    assert not (moved.better or moved.worse or moved.response or moved.remission)
    assert trend("gad-7", [21, 0]) == Trend.UNRULED


@given(st.integers(0, 27), st.integers(0, 27))
def test_better_and_worse_never_both_and_follow_the_direction(baseline, latest):
    moved = change(PHQ9, baseline=baseline, latest=latest)
    assert not (moved.better and moved.worse)
    assert not moved.better or latest < baseline
    assert not moved.worse or latest > baseline


def test_a_trend_needs_two_answers_and_names_only_a_direction():
    assert trend("phq-9", [14]) == Trend.FIRST
    assert trend("phq-9", [14, 12, 9]) == Trend.LOWER
    assert trend("phq-9", [14, 16]) == Trend.STEADY
    assert trend("phq-9", [9, 11, 14]) == Trend.HIGHER
    assert trend("pcl-5", [55, 60, 44]) == Trend.LOWER  # first against the latest
    assert trend("audit-c", [3, 9]) == Trend.UNRULED  # not followed over care


def test_each_followed_instrument_has_its_recall_window_on_its_definition():
    assert definitions.get("phq-9").recall_window == timedelta(weeks=2)
    assert definitions.get("gad-7").recall_window == timedelta(weeks=2)
    assert definitions.get("pcl-5").recall_window == timedelta(days=30)
    assert set(RULES) == {"phq-9", "gad-7", "pcl-5"}
    assert all(rule.source for rule in RULES.values())
