"""A client's totals on one instrument over a course of care, laid out for an SVG chart that
the template only fills in: each answer a point on a line by date, the dosing sessions as
marks on the time axis, and the change rules of `screening/change.py` as level lines (the
first total less the smallest change that matters, remission, the clinically significant
total, the first total plus a reliable worsening). No database, no request: tested as plain
Python, and the same drawing prints in a PDF. The numbers go in a table beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from screening import definitions
from screening.change import RULES, ChangeRule
from screening.scoring import highest_total

PAD_LEFT = 36  # room for the score axis's numbers
PAD_RIGHT = 12
PAD_TOP = 12
PAD_BOTTOM = 28  # room for the dates
TICKS = 4  # score axis: this many steps from 0 to the highest total


@dataclass(frozen=True)
class Point:
    when: date
    total: int
    x: float
    y: float


@dataclass(frozen=True)
class Mark:
    """A dosing session on the time axis."""

    when: date
    label: str
    x: float


@dataclass(frozen=True)
class Level:
    """A horizontal line at a total that means something on this instrument."""

    label: str
    total: int
    y: float


@dataclass(frozen=True)
class ProgressChart:
    code: str
    title: str
    width: int
    height: int
    top: int  # the highest total the instrument can give: the top of the score axis
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    points: list[Point]
    path: str  # the line through the points, for <path d="…">
    sessions: list[Mark]
    levels: list[Level]
    ticks: list[tuple[int, float]]  # (total, y) on the score axis
    start: date | None  # the time axis's first and last day (answers and sessions)
    end: date | None


def progress_chart(code: str, totals: Sequence[tuple[date, int]],
                   sessions: Sequence[tuple[date, str]] = (), *, width: int = 560,
                   height: int = 240) -> ProgressChart:
    """`totals` in the order they were answered, `sessions` in any order; the first total
    answered is the baseline the levels are drawn from. Totals of one day keep their
    order (a baseline and a session's check-in are often answered the same day)."""
    definition = definitions.get(code)
    top = highest_total(definition)
    answers = sorted(totals, key=lambda answered: answered[0])
    left, right = PAD_LEFT, width - PAD_RIGHT
    upper, lower = PAD_TOP, height - PAD_BOTTOM
    days = [when for when, _total in answers] + [when for when, _label in sessions]
    first, last = (min(days), max(days)) if days else (None, None)
    span = (last - first).days if first and last else 0

    def x(when: date) -> float:
        if not span:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * (when - first).days / span, 1)

    def y(total: int) -> float:
        return round(lower - (lower - upper) * min(max(total, 0), top) / top, 1)

    points = [Point(when, total, x(when), y(total)) for when, total in answers]
    path = " ".join(f"{'M' if i == 0 else 'L'} {p.x} {p.y}" for i, p in enumerate(points))
    rule = RULES.get(code)
    levels = (_levels(rule, answers[0][1], top, y)
              if rule is not None and answers else [])
    return ProgressChart(
        code=code, title=str(definition.title), width=width, height=height, top=top,
        plot=(left, upper, right, lower), points=points, path=path,
        sessions=[Mark(when, label, x(when)) for when, label in sorted(sessions)],
        levels=levels,
        ticks=[(round(top * k / TICKS), y(round(top * k / TICKS))) for k in range(TICKS + 1)],
        start=first, end=last,
    )


def _levels(rule: ChangeRule, baseline: int, top: int, y: Callable[[int], float],
            ) -> list[Level]:
    """The lines worth drawing for this baseline: only those inside the axis."""
    found: list[tuple[str, int]] = []
    if rule.meaningful is not None and baseline - rule.meaningful >= 0:
        found.append((str(_("Smallest change that matters")), baseline - rule.meaningful))
    if rule.remission_below is not None:
        found.append((str(_("Remission: under %(total)d") % {"total": rule.remission_below}),
                      rule.remission_below))
    if rule.significant_at_most is not None and baseline > rule.significant_at_most:
        found.append((str(_("Clinically significant: %(total)d or less")
                          % {"total": rule.significant_at_most}), rule.significant_at_most))
    worse = rule.worsening_points
    if worse is not None and baseline + worse <= top:
        found.append((str(_("Reliably worse")), baseline + worse))
    return [Level(label, total, y(total)) for label, total in found]


def course_charts(instruments: Sequence[str], totals: Mapping[str, Sequence[tuple[date, int]]],
                  sessions: Sequence[tuple[date, str, bool]]) -> list[ProgressChart]:
    """A course's charts, one per questionnaire it follows; `sessions` as (day, label,
    cancelled): the cancelled ones are left off the time axis."""
    marks = [(day, label or str(_("Session"))) for day, label, cancelled in sessions
             if not cancelled]
    return [progress_chart(code, totals.get(code, []), marks) for code in instruments]
