from django.db.models import Case, F, QuerySet, When

from intake.models import Intake


def review_queue() -> QuerySet[Intake]:
    """Submitted intakes in one query: urgent safety cases first (acute ones before the
    others, the longest waiting first), then the rest, newest first."""
    return (
        Intake.objects.filter(status=Intake.Status.SUBMITTED)
        .select_related("assessment")
        .order_by(
            F("assessment__urgent").desc(),
            F("assessment__acute").desc(),
            # Only urgent cases carry a waiting order; routine ones fall through to newest.
            Case(When(assessment__urgent=True, then=F("submitted_at"))).asc(nulls_last=True),
            F("submitted_at").desc(),
        )
    )
