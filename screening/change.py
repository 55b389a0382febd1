"""Change over a course of care: what a difference between two scores of one instrument
means. Plain Python, no database: the clinician's progress chart, the clinic's list of
worsening scores and the client's own kind words all read these rules.

The figures are the project's clinical facts (docs/clinical.md, "Measurement over
treatment"):

- PHQ-9: a drop of 5 points is the smallest change that matters to a person (Löwe et al.
  2004, Med Care 42:1194-1201); a drop of half the first score is a response; a total under
  5 is remission.
- PCL-5: a change of 10 to 20 points is meaningful; a reliable change needs about 15 to 18
  points; a total of 28 or less after treatment is a clinically significant change (Marx et
  al. 2022, Psychol Assess 34:197-203).
- GAD-7: no change thresholds in our sources, so none are drawn or claimed.

Each instrument's recall window is on its definition (`recall_window`).

Where a figure is a range, the rule takes the lower end: a worsening is then flagged to
the clinician at the first reliable sign (the safer reading), and an improvement is only
ever described to the client in words that do not depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChangeRule:
    """What counts as change on one instrument's total. Lower totals are better on every
    instrument that has a rule."""

    code: str
    meaningful: int | None = None  # points: the smallest change that matters to a person
    reliable: int | None = None  # points: more than measurement error (None: not published)
    response_share: float | None = None  # the share of the first total that must go
    remission_below: int | None = None  # a total under this is remission
    significant_at_most: int | None = None  # a total at or under this, after treatment
    source: str = ""

    @property
    def worsening_points(self) -> int | None:
        """A rise of this many points is shown as worse: the reliable change where one is
        published, else the smallest change that matters."""
        return self.reliable if self.reliable is not None else self.meaningful


RULES: dict[str, ChangeRule] = {
    rule.code: rule for rule in (
        ChangeRule("phq-9", meaningful=5, response_share=0.5,
                   remission_below=5,
                   source="Löwe et al. 2004 (5-point change); docs/clinical.md"),
        ChangeRule("pcl-5", meaningful=10, reliable=15,
                   significant_at_most=28,
                   source="Marx et al. 2022; docs/clinical.md"),
        ChangeRule("gad-7", source="no change thresholds in our sources"),
    )
}


@dataclass(frozen=True)
class Change:
    """One later total against the first (the baseline)."""

    baseline: int
    latest: int
    points: int  # latest minus baseline: negative is better
    better: bool  # dropped by at least the meaningful change
    worse: bool  # rose by at least the reliable change (the meaningful one if none)
    response: bool
    remission: bool
    significant: bool  # at or under the instrument's clinically significant total


def change(rule: ChangeRule, *, baseline: int, latest: int) -> Change:
    points = latest - baseline
    worsening = rule.worsening_points
    return Change(
        baseline=baseline, latest=latest, points=points,
        better=rule.meaningful is not None and -points >= rule.meaningful,
        worse=worsening is not None and points >= worsening,
        response=(rule.response_share is not None and baseline > 0
                  and -points >= rule.response_share * baseline),
        remission=rule.remission_below is not None and latest < rule.remission_below,
        significant=(rule.significant_at_most is not None
                     and latest <= rule.significant_at_most < baseline),
    )


class Trend:
    """How a person's totals moved, for their own page: never a diagnosis, never a score
    band, only the direction, in words the template chooses."""

    LOWER = "lower"  # meaningfully lower than at the start
    HIGHER = "higher"  # reliably higher
    STEADY = "steady"  # no change that the rule calls meaningful either way
    FIRST = "first"  # only one answer so far
    UNRULED = "unruled"  # an instrument without change thresholds: no direction claimed


def trend(code: str, totals: list[int]) -> str:
    """The direction of `totals` (oldest first) for the instrument `code`."""
    rule = RULES.get(code)
    if len(totals) < 2:
        return Trend.FIRST
    if rule is None or rule.meaningful is None:
        return Trend.UNRULED
    moved = change(rule, baseline=totals[0], latest=totals[-1])
    if moved.worse:
        return Trend.HIGHER
    return Trend.LOWER if moved.better else Trend.STEADY


# The instruments a course of care follows over time: those the rules above cover.
MEASURED: tuple[str, ...] = tuple(RULES)
