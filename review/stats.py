"""The clinicians' statistics: counts read from the database, and bar charts laid out here.

Each function runs a fixed number of queries, however many intakes there are: the counting
happens in PostgreSQL (conditional counts, `date_trunc`, `percentile_cont`), never by
looping over intakes in Python. Charts are plain geometry (every bar's and label's position
computed here) so the templates only place numbers into an SVG: no chart library, no
JavaScript, and the same drawing prints in a PDF.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.db.models import (
    Aggregate,
    Count,
    DateField,
    DurationField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Least, TruncWeek
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intake.models import CandidacyAssessment, Intake, StatusChange
from review.models import Acknowledgement, Note
from screening import definitions
from screening.candidacy import TIER_LABELS, Tier
from screening.definitions import gad7, pcl5, phq9
from screening.scoring import highest_total

Label = str | Promise  # a plain string or a lazily translated one

def _band_bins(bands: Sequence[Any]) -> tuple[tuple[int, int], ...]:
    return tuple((band.low, band.high) for band in bands)


# Display bins for the score histograms, both ends included. PHQ-9 and GAD-7 follow their
# published severity bands; the PCL-5 has no published bands, so its bins are ours, split
# at its default cut-off.
SCORE_BINS: dict[str, tuple[tuple[int, int], ...]] = {
    "phq-9": _band_bins(phq9.BANDS),
    "gad-7": _band_bins(gad7.BANDS),
    "pcl-5": ((0, 19), (20, pcl5.DEFAULT_CUTOFF - 1), (pcl5.DEFAULT_CUTOFF, 49),
              (50, highest_total(definitions.get("pcl-5")))),
}
SCORE_TITLES: dict[str, Label] = {
    "phq-9": _("PHQ-9 total scores (depression)"),
    "gad-7": _("GAD-7 total scores (anxiety)"),
    "pcl-5": _("PCL-5 total scores (PTSD symptoms)"),
}
# Base tiers only: "urgent" is an override on top of one of these, counted separately.
BASE_TIERS: tuple[Tier, ...] = (Tier.LIKELY, Tier.POSSIBLE, Tier.UNLIKELY)


# -- Data --------------------------------------------------------------------------------

class WeekCount(NamedTuple):
    week_start: date  # the Monday the week starts on, in the clinic's time zone
    count: int


@dataclass(frozen=True)
class Funnel:
    started: int  # every intake, drafts included
    submitted: int  # status is anything but draft
    reviewed: int  # a clinician changed its status, wrote a note or acknowledged it
    approved: int  # approved for consultation now


class TierCount(NamedTuple):
    tier: str
    label: Label
    count: int


@dataclass(frozen=True)
class TierCounts:
    rows: list[TierCount]  # one per base tier, in the queue's order
    urgent: int  # also counted in their base tier
    total: int

    @property
    def chart(self) -> BarChart:
        return bar_chart(_("Submitted intakes by screening result"),
                         [(row.label, row.count) for row in self.rows], chart_id="chart-tiers")


class BinCount(NamedTuple):
    low: int
    high: int
    count: int

    @property
    def label(self) -> str:
        return f"{self.low}\u2013{self.high}"


@dataclass(frozen=True)
class ScoreDistribution:
    code: str
    title: Label
    bins: list[BinCount]
    cannot_be_scored: int  # answered, but items missing: the total is null, never 0
    not_answered: int  # submitted without this questionnaire (declined or not asked)

    @property
    def scored(self) -> int:
        return sum(b.count for b in self.bins)

    @property
    def chart(self) -> BarChart:
        return bar_chart(self.title, [(b.label, b.count) for b in self.bins],
                         chart_id=f"chart-{self.code}")


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


@dataclass(frozen=True)
class AcknowledgeTimes:
    """Minutes from a case turning urgent to a clinician's acknowledgement."""

    acknowledged: int
    median_minutes: float | None
    p90_minutes: float | None


@dataclass(frozen=True)
class Dashboard:
    weekly: list[WeekCount]
    funnel: Funnel
    tiers: TierCounts
    median_hours_to_first_review: float | None
    time_to_acknowledge: AcknowledgeTimes
    scores: list[ScoreDistribution]

    @property
    def weekly_chart(self) -> BarChart:
        return bar_chart(
            _("Submissions per week"),
            [(formats.date_format(w.week_start, "M j"), w.count) for w in self.weekly],
            chart_id="chart-weekly",
        )


# -- Queries -----------------------------------------------------------------------------

def _submitted() -> Q:
    return ~Q(status=Intake.Status.DRAFT)


def submissions_per_week(weeks: int = 12, today: date | None = None) -> list[WeekCount]:
    """Submissions in each of the last `weeks` weeks (Monday to Sunday, clinic time), oldest
    first, with empty weeks as 0 so the chart's axis is even. One query."""
    today = today or timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    tz = timezone.get_current_timezone()
    since = datetime.combine(first, time.min, tzinfo=tz)
    until = datetime.combine(this_monday + timedelta(weeks=1), time.min, tzinfo=tz)
    counted = dict(
        Intake.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
        .annotate(week=TruncWeek("submitted_at", output_field=DateField()))
        .order_by().values("week").annotate(n=Count("pk")).values_list("week", "n")
    )
    starts = (first + timedelta(weeks=n) for n in range(weeks))
    return [WeekCount(start, counted.get(start, 0)) for start in starts]


def _review_actions() -> tuple[Exists, Exists, Exists]:
    """Whether a clinician acted on the intake: a status change made by staff (not the
    client), a note, or an acknowledgement of an urgent case."""
    return (
        Exists(StatusChange.objects.filter(intake=OuterRef("pk"), by__isnull=False)),
        Exists(Note.objects.filter(intake=OuterRef("pk"))),
        Exists(Acknowledgement.objects.filter(intake=OuterRef("pk"))),
    )


def funnel() -> Funnel:
    """How far intakes get, from a started draft to an approval. One query."""
    changed, noted, acknowledged = _review_actions()
    counts = Intake.objects.aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=_submitted()),
        reviewed=Count("pk", filter=Q(changed) | Q(noted) | Q(acknowledged)),
        approved=Count("pk", filter=Q(status=Intake.Status.APPROVED)),
    )
    return Funnel(**counts)


def tiers() -> TierCounts:
    """Submitted intakes per base tier (what the answers say about candidacy), and how
    many of them also needed urgent safety follow-up. One query."""
    counts = CandidacyAssessment.objects.current().exclude(
        intake__status=Intake.Status.DRAFT).aggregate(
        **{tier.value: Count("pk", filter=Q(base_tier=tier.value)) for tier in BASE_TIERS},
        urgent=Count("pk", filter=Q(urgent=True)),
        total=Count("pk"),
    )
    rows = [TierCount(tier.value, TIER_LABELS[tier], counts[tier.value]) for tier in BASE_TIERS]
    return TierCounts(rows=rows, urgent=counts["urgent"], total=counts["total"])


class _Median(Aggregate):
    """PostgreSQL's continuous median: the middle value, or the mean of the middle two."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


class _Percentile90(_Median):
    template = "%(function)s(0.9) WITHIN GROUP (ORDER BY %(expressions)s)"


def time_to_acknowledge() -> AcknowledgeTimes:
    """From the moment a case turned urgent (a saved page or the submission) to its
    acknowledgement: the median and the 90th percentile. One query."""
    wait = F("at") - F("intake__urgent_since")
    found = Acknowledgement.objects.filter(intake__urgent_since__isnull=False).aggregate(
        n=Count("pk"), median=_Median(wait, output_field=DurationField()),
        p90=_Percentile90(wait, output_field=DurationField()))

    def minutes(value: object) -> float | None:
        return None if value is None else value.total_seconds() / 60

    return AcknowledgeTimes(acknowledged=found["n"], median_minutes=minutes(found["median"]),
                            p90_minutes=minutes(found["p90"]))


def median_hours_to_first_review() -> float | None:
    """The median wait, in hours, from submission to a clinician's first action (staff
    status change, note or acknowledgement); None while nobody has been reviewed. Only
    actions at or after `submitted_at` count, so a wait is never negative. One query."""
    after = {"intake": OuterRef("pk")}
    first_change = (StatusChange.objects.filter(**after, by__isnull=False,
                                                at__gte=OuterRef("submitted_at"))
                    .order_by("at").values("at")[:1])
    first_note = (Note.objects.filter(**after, created_at__gte=OuterRef("submitted_at"))
                  .order_by("created_at").values("created_at")[:1])
    acknowledged = (Acknowledgement.objects.filter(**after, at__gte=OuterRef("submitted_at"))
                    .values("at")[:1])
    # PostgreSQL's LEAST skips nulls: the earliest of the actions that exist, or null when
    # there is none; percentile_cont, like every aggregate, leaves the nulls out.
    submitted = Intake.objects.filter(_submitted()).annotate(
        first_review=Least(Subquery(first_change), Subquery(first_note), Subquery(acknowledged))
    )
    wait = submitted.aggregate(
        median=_Median(F("first_review") - F("submitted_at"), output_field=DurationField())
    )["median"]
    return None if wait is None else wait.total_seconds() / 3600


def score_distribution(code: str, bins: Sequence[tuple[int, int]] | None = None,
                       ) -> ScoreDistribution:
    """How the submitted intakes' totals for one instrument spread over its bins. A null
    total (items missing) is never a 0: it is counted apart as "cannot be scored". One
    query."""
    bins = tuple(bins if bins is not None else SCORE_BINS[code])
    total = Cast(KT(f"scores__{code}__total"), IntegerField())
    has_score = Q(**{"scores__has_key": code})
    counts = (
        CandidacyAssessment.objects.current().exclude(
        intake__status=Intake.Status.DRAFT)
        .annotate(total=total)
        .aggregate(
            **{f"bin{n}": Count("pk", filter=Q(total__gte=low, total__lte=high))
               for n, (low, high) in enumerate(bins)},
            cannot_be_scored=Count("pk", filter=has_score & Q(total__isnull=True)),
            not_answered=Count("pk", filter=~has_score),
        )
    )
    return ScoreDistribution(
        code=code,
        title=SCORE_TITLES.get(code, code),
        bins=[BinCount(low, high, counts[f"bin{n}"]) for n, (low, high) in enumerate(bins)],
        cannot_be_scored=counts["cannot_be_scored"],
        not_answered=counts["not_answered"],
    )


def dashboard(today: date | None = None) -> Dashboard:
    """Everything the statistics page shows, in a fixed number of queries (eight)."""
    return Dashboard(
        weekly=submissions_per_week(today=today),
        funnel=funnel(),
        tiers=tiers(),
        median_hours_to_first_review=median_hours_to_first_review(),
        time_to_acknowledge=time_to_acknowledge(),
        scores=[score_distribution(code) for code in SCORE_BINS],
    )


# -- Charts ------------------------------------------------------------------------------

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
