"""The statistics page's charts: plain geometry (every bar's and label's position computed
here) so the templates only place numbers into an SVG: no chart library, no JavaScript, and
the same drawing prints in a PDF. The numbers come from `review/stats.py`; nothing here
touches the database, so it is tested as plain Python.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from review.stats import Dashboard, Label, ScoreDistribution


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    center_x: float  # where the value and category labels are centred
    value_y: float  # baseline of the value label, just above the bar
    label_lines: list[tuple[str, float]]  # the category label, wrapped: (text, baseline y)


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: Label
    width: int
    height: int
    baseline_y: float  # the axis line the bars stand on
    axis_x1: float
    axis_x2: float
    max_value: int
    bars: list[Bar]

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


PAD_X = 8  # room at either side
PAD_TOP = 22  # room for the value label over the tallest bar
LINE = 14  # line height of the category labels
CHAR_WIDTH = 7  # a generous average for 12px sans-serif, to wrap category labels
LABEL_SHARE = 0.85  # how much of its slot a category label may fill, leaving a gap
BAR_SHARE = 0.6  # how much of its slot a bar fills
MAX_BAR_WIDTH = 80


def bar_chart(title: Label, rows: Sequence[tuple[Label, int]], width: int = 560,
              height: int = 220, *, chart_id: str = "chart") -> BarChart:
    """Lay out a vertical bar chart: bar heights proportional to the values, the tallest
    reaching the top of the plot; all-zero or empty data gives flat bars, not a division by
    zero. Category labels are wrapped to their slot and the room below the axis grows to
    fit them."""
    if any(value < 0 for _label, value in rows):
        raise ValueError("A bar chart of counts takes no negative values.")
    n = len(rows)
    plot_width = width - 2 * PAD_X
    slot = plot_width / n if n else plot_width
    chars = max(int(slot * LABEL_SHARE / CHAR_WIDTH), 4)
    wrapped = [textwrap.wrap(str(label), chars) or [""] for label, _value in rows]
    lines = max((len(w) for w in wrapped), default=1)
    baseline = height - (8 + lines * LINE)
    plot_height = max(baseline - PAD_TOP, 0)
    max_value = max((value for _label, value in rows), default=0)
    bar_width = min(slot * BAR_SHARE, MAX_BAR_WIDTH)
    bars = []
    for i, ((label, value), label_lines) in enumerate(zip(rows, wrapped, strict=True)):
        bar_height = plot_height * value / max_value if max_value else 0.0
        center = PAD_X + slot * (i + 0.5)
        bars.append(Bar(
            label=str(label),
            value=value,
            x=round(center - bar_width / 2, 1),
            y=round(baseline - bar_height, 1),
            width=round(bar_width, 1),
            height=round(bar_height, 1),
            center_x=round(center, 1),
            value_y=round(baseline - bar_height - 6, 1),
            label_lines=[(text, round(baseline + 16 + k * LINE, 1))
                         for k, text in enumerate(label_lines)],
        ))
    return BarChart(chart_id=chart_id, title=title, width=width, height=height,
                    baseline_y=round(baseline, 1), axis_x1=PAD_X, axis_x2=width - PAD_X,
                    max_value=max_value, bars=bars)


@dataclass(frozen=True)
class DashboardCharts:
    """The page's charts: one per week's submissions, one of the screening results, and
    one per questionnaire, each with the numbers it draws (the table under it)."""

    weekly: BarChart
    tiers: BarChart
    scores: list[tuple[ScoreDistribution, BarChart]]


def dashboard_charts(stats: Dashboard) -> DashboardCharts:
    """Every chart of the statistics page, laid out from its numbers."""
    return DashboardCharts(
        weekly=bar_chart(
            _("Submissions per week"),
            [(formats.date_format(w.week_start, "M j"), w.count) for w in stats.weekly],
            chart_id="chart-weekly"),
        tiers=bar_chart(_("Submitted intakes by screening result"),
                        [(row.label, row.count) for row in stats.tiers.rows],
                        chart_id="chart-tiers"),
        scores=[(dist, bar_chart(dist.title, [(b.label, b.count) for b in dist.bins],
                                 chart_id=f"chart-{dist.code}"))
                for dist in stats.scores],
    )
