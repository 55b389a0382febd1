"""What a client is told of their own progress after a check-in: for each questionnaire,
the direction of their totals over the course (`screening.change.trend`), never a score,
a band or a diagnosis. The words are the template's."""

from __future__ import annotations

from dataclasses import dataclass

from care.models import Measure, MeasureResponse
from screening import definitions
from screening.change import MEASURED, trend


@dataclass(frozen=True)
class ClientTrend:
    code: str
    title: str
    trend: str  # a screening.change.Trend value


def client_trends(measure: Measure) -> list[ClientTrend]:
    """One query: every scored total of the course, oldest first, up to this measure."""
    rows = (MeasureResponse.objects
            .filter(measure__course_id=measure.course_id, measure__completed_at__isnull=False,
                    measure__completed_at__lte=measure.completed_at, total__isnull=False)
            .order_by("answered_at", "id").values_list("questionnaire", "total"))
    totals: dict[str, list[int]] = {}
    for code, total in rows:
        totals.setdefault(code, []).append(total)
    return [ClientTrend(code, str(definitions.get(code).title), trend(code, totals[code]))
            for code in measure.instruments if code in totals and code in MEASURED]
