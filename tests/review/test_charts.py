"""The statistics charts' geometry (review/charts.py): plain Python, no database. Each
number is worked out by hand from the layout's constants."""

import re
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from review import charts
from review.stats import (
    AcknowledgeTimes,
    BinCount,
    Dashboard,
    Funnel,
    ScoreDistribution,
    TierCount,
    TierCounts,
    WeekCount,
)


def test_bar_chart_bars_are_proportional_and_stand_on_one_baseline():
    chart = charts.bar_chart("T", [("a", 2), ("b", 4), ("c", 0)])
    # 220 high, one line of labels: baseline 220 - (8 + 14) = 198, plot 198 - 22 = 176 high.
    # 560 wide: three slots of 544 / 3 from x = 8; bars 80 wide (the cap), centred.
    assert chart.baseline_y == 198
    assert [(b.x, b.y, b.width, b.height) for b in chart.bars] == [
        (58.7, 110.0, 80, 88.0), (240.0, 22.0, 80, 176.0), (421.3, 198.0, 80, 0.0)]
    assert [b.center_x for b in chart.bars] == [98.7, 280.0, 461.3]
    for bar in chart.bars:
        assert bar.value_y < bar.y  # the value sits above its bar
        assert bar.label_lines[0][1] > chart.baseline_y  # the category below the axis
        assert 0 <= bar.x and bar.x + bar.width <= chart.width
    assert (chart.max_value, chart.total) == (4, 6)


def test_bar_chart_of_zeros_or_nothing_draws_flat_bars_without_dividing_by_zero():
    flat = charts.bar_chart("T", [("a", 0), ("b", 0)])
    assert [(b.height, b.y) for b in flat.bars] == [(0, flat.baseline_y), (0, flat.baseline_y)]
    assert charts.bar_chart("T", []).bars == []


def test_bar_chart_wraps_long_category_labels_and_makes_room_for_them():
    chart = charts.bar_chart("T", [("Likely candidate", 1),
                                  ("Possible candidate, needs review", 1), ("x", 0)])
    lines = chart.bars[1].label_lines
    assert " ".join(text for text, _y in lines) == "Possible candidate, needs review"
    assert len(lines) == 2 and lines[1][1] - lines[0][1] == 14
    assert chart.baseline_y == 220 - (8 + 2 * 14)
    assert lines[-1][1] < chart.height


def test_bar_chart_refuses_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        charts.bar_chart("T", [("a", -1)])


def test_a_chart_has_no_style_or_script_and_keeps_its_numbers_unlocalized():
    """Strict CSP: no inline style or script. In Spanish, 58.7 must not become 58,7."""
    chart = charts.bar_chart("T", [("a", 2), ("b", 4), ("c", 0)], chart_id="c1")
    with translation.override("es"):
        svg = render_to_string("review/includes/bar_chart.html", {"chart": chart})
    assert "style" not in svg and "<script" not in svg
    assert 'x="58.7"' in svg and 'height="88.0"' in svg
    assert not re.search(r'="\d+,\d+"', svg)
    assert svg.count("<rect") == 3 and ">4</text>" in svg


def test_an_empty_chart_says_so():
    svg = render_to_string("review/includes/bar_chart.html",
                           {"chart": charts.bar_chart("T", [], chart_id="c2")})
    assert '<desc id="c2-desc">No data.</desc>' in svg
    assert "<rect" not in svg


def test_the_dashboards_charts_draw_its_numbers_in_order():
    numbers = Dashboard(
        weekly=[WeekCount(date(2025, 3, 3), 2), WeekCount(date(2025, 3, 10), 0)],
        funnel=Funnel(started=3, submitted=2, reviewed=0, approved=0),
        tiers=TierCounts(rows=[TierCount("likely", "Likely", 2),
                               TierCount("possible", "Possible", 0)], urgent=0, total=2),
        median_hours_to_first_review=None,
        time_to_acknowledge=AcknowledgeTimes(0, None, None),
        scores=[ScoreDistribution("phq-9", "PHQ-9", [BinCount(0, 4, 1), BinCount(5, 9, 1)],
                                  cannot_be_scored=0, not_answered=0)],
    )
    drawn = charts.dashboard_charts(numbers)
    assert [(b.label, b.value) for b in drawn.weekly.bars] == [("Mar 3", 2), ("Mar 10", 0)]
    assert [(b.label, b.value) for b in drawn.tiers.bars] == [("Likely", 2), ("Possible", 0)]
    (dist, chart), = drawn.scores
    assert dist is numbers.scores[0]
    assert (chart.chart_id, [b.label for b in chart.bars]) == ("chart-phq-9",
                                                                ["0\u20134", "5\u20139"])
    assert {drawn.weekly.chart_id, drawn.tiers.chart_id} == {"chart-weekly", "chart-tiers"}
