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


UNSCORED = "unscored"  # this time's answers could not be added up (questions left blank)


def client_trends(measure: Measure) -> list[ClientTrend]:
    """One query: every answer of the course up to this measure, oldest first. A
    questionnaire this measure could not score says so, rather than comparing the ones
    before it."""
    rows = (MeasureResponse.objects
            .filter(measure__course_id=measure.course_id, measure__completed_at__isnull=False,
                    measure__completed_at__lte=measure.completed_at)
            .order_by("answered_at", "id").values_list("measure_id", "questionnaire", "total"))
    totals: dict[str, list[int]] = {}
    unscored = set()
    for measure_id, code, total in rows:
        if total is not None:
            totals.setdefault(code, []).append(total)
        elif measure_id == measure.pk:
            unscored.add(code)
    found = []
    for code in measure.instruments:
        if code not in MEASURED:
            continue
        title = str(definitions.get(code).title)
        if code in unscored:
            found.append(ClientTrend(code, title, UNSCORED))
        elif code in totals:
            found.append(ClientTrend(code, title, trend(code, totals[code])))
    return found
