"""The clinicians' statistics: the numbers, counted in the database. How they are drawn
is `review/charts.py`'s business.

Each function runs a fixed number of queries, however many intakes there are: the counting
happens in PostgreSQL (conditional counts, `date_trunc`, `percentile_cont`), never by
looping over intakes in Python.
"""

from __future__ import annotations

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
from django.utils import timezone
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
