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

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    DurationField,
    F,
    Q,
)
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intake.models import CandidacyAssessment, Intake
from review.models import Acknowledgement
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


# A clinician's actions on an intake, as (intake, when) rows: a status change made by staff
# (not the client), a note, an acknowledgement of an urgent case. Read as one set, each
# table once, rather than probed intake by intake.
_REVIEW_ACTIONS = (
    "SELECT intake_id, at FROM intake_statuschange WHERE by_id IS NOT NULL "
    "UNION ALL SELECT intake_id, created_at FROM review_note "
    "UNION ALL SELECT intake_id, at FROM review_acknowledgement")


def funnel() -> Funnel:
    """How far intakes get, from a started draft to an approval. One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE status <> %s), "  # noqa: S608  # nosec B608 (constant SQL)
            f"(SELECT count(DISTINCT intake_id) FROM ({_REVIEW_ACTIONS}) AS acts), "
            "count(*) FILTER (WHERE status = %s) FROM intake_intake",
            [Intake.Status.DRAFT, Intake.Status.APPROVED])
        started, submitted, reviewed, approved = cursor.fetchone()
    return Funnel(started=started, submitted=submitted, reviewed=reviewed, approved=approved)


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
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY first_review - submitted_at) "  # noqa: S608, E501  # nosec B608 (constant SQL)
            "FROM (SELECT i.submitted_at, min(acts.at) AS first_review "
            f"FROM intake_intake i JOIN ({_REVIEW_ACTIONS}) AS acts ON acts.intake_id = i.id "
            "AND acts.at >= i.submitted_at WHERE i.status <> %s "
            "GROUP BY i.id, i.submitted_at) AS firsts", [Intake.Status.DRAFT])
        (wait,) = cursor.fetchone()
    return None if wait is None else wait.total_seconds() / 3600


def score_distributions(wanted: dict[str, Sequence[tuple[int, int]]] | None = None,
                        ) -> list[ScoreDistribution]:
    """How the submitted intakes' totals for each instrument spread over its bins. A null
    total (items missing) is never a 0: it is counted apart as "cannot be scored". One
    query for every instrument: each assessment's totals are read out of its scores once
    (reading them per bin cost seconds at 100,000 intakes)."""
    wanted = {code: tuple(bins) for code, bins in (wanted or SCORE_BINS).items()}
    columns, counts, params = [], [], []
    for n, (code, bins) in enumerate(wanted.items()):
        # The instrument's part of the scores, taken out once (each look into the stored
        # scores unpacks all of them again).
        columns.append(f"a.scores -> %s AS score_{n}")
        params.append(code)
        total = f"(score_{n} ->> 'total')::integer"
        counts += [f"count(*) FILTER (WHERE {total} BETWEEN {int(low)} AND {int(high)})"
                   for low, high in bins]
        counts += [f"count(*) FILTER (WHERE score_{n} IS NOT NULL AND {total} IS NULL)",
                   f"count(*) FILTER (WHERE score_{n} IS NULL)"]
    sql = (f"SELECT {', '.join(counts)} FROM (SELECT {', '.join(columns)} "  # noqa: S608  # nosec B608 (codes are parameters, bins ints)
           "FROM intake_candidacyassessment a JOIN intake_intake i ON i.assessment_id = a.id "
           "WHERE i.status <> %s OFFSET 0) AS t")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Intake.Status.DRAFT])
        found = iter(cursor.fetchone())
    distributions = []
    for code, bins in wanted.items():
        bin_counts = [BinCount(low, high, next(found)) for low, high in bins]
        distributions.append(ScoreDistribution(
            code=code, title=SCORE_TITLES.get(code, code), bins=bin_counts,
            cannot_be_scored=next(found), not_answered=next(found)))
    return distributions


def score_distribution(code: str, bins: Sequence[tuple[int, int]] | None = None,
                       ) -> ScoreDistribution:
    """One instrument's spread (its own bins unless given)."""
    return score_distributions({code: bins if bins is not None else SCORE_BINS[code]})[0]


def dashboard(today: date | None = None) -> Dashboard:
    """Everything the statistics page shows, in a fixed number of queries (six)."""
    return Dashboard(
        weekly=submissions_per_week(today=today),
        funnel=funnel(),
        tiers=tiers(),
        median_hours_to_first_review=median_hours_to_first_review(),
        time_to_acknowledge=time_to_acknowledge(),
        scores=score_distributions(),
    )


# -- Kept between runs (review.StatsSnapshot) ------------------------------------------------
# Counting every intake takes seconds at a clinic network's size: a queue job counts every
# few minutes and keeps the result, which the page reads. Names (tier labels, titles) are
# not kept: they are derived again, in the reader's language.

def dashboard_to_json(numbers: Dashboard) -> dict[str, Any]:
    return {
        "weekly": [[week.week_start.isoformat(), week.count] for week in numbers.weekly],
        "funnel": [numbers.funnel.started, numbers.funnel.submitted,
                   numbers.funnel.reviewed, numbers.funnel.approved],
        "tiers": {"rows": [[row.tier, row.count] for row in numbers.tiers.rows],
                  "urgent": numbers.tiers.urgent, "total": numbers.tiers.total},
        "median_hours_to_first_review": numbers.median_hours_to_first_review,
        "time_to_acknowledge": [numbers.time_to_acknowledge.acknowledged,
                                numbers.time_to_acknowledge.median_minutes,
                                numbers.time_to_acknowledge.p90_minutes],
        "scores": [{"code": s.code, "bins": [list(b) for b in s.bins],
                    "cannot_be_scored": s.cannot_be_scored, "not_answered": s.not_answered}
                   for s in numbers.scores],
    }


def dashboard_from_json(data: dict[str, Any]) -> Dashboard:
    tiers = data["tiers"]
    return Dashboard(
        weekly=[WeekCount(date.fromisoformat(start), count) for start, count in data["weekly"]],
        funnel=Funnel(*data["funnel"]),
        tiers=TierCounts(rows=[TierCount(tier, TIER_LABELS[Tier(tier)], count)
                               for tier, count in tiers["rows"]],
                         urgent=tiers["urgent"], total=tiers["total"]),
        median_hours_to_first_review=data["median_hours_to_first_review"],
        time_to_acknowledge=AcknowledgeTimes(*data["time_to_acknowledge"]),
        scores=[ScoreDistribution(code=s["code"], title=SCORE_TITLES.get(s["code"], s["code"]),
                                  bins=[BinCount(*b) for b in s["bins"]],
                                  cannot_be_scored=s["cannot_be_scored"],
                                  not_answered=s["not_answered"]) for s in data["scores"]],
    )


# The page counts afresh itself when the kept numbers are older than this (the worker has
# not run): slower, never wrong by more than the job's period.
SNAPSHOT_FRESH_FOR = timedelta(minutes=10)


def dashboard_as_of() -> tuple[Dashboard, datetime]:
    """The numbers for the page and when they were counted: the kept ones while fresh,
    otherwise counted now (and not kept: a read writes nothing)."""
    from review.models import StatsSnapshot

    now = timezone.now()
    kept = StatsSnapshot.objects.filter(pk=1, computed_at__gte=now - SNAPSHOT_FRESH_FOR).first()
    if kept is not None:
        return dashboard_from_json(kept.data), kept.computed_at
    return dashboard(), now
