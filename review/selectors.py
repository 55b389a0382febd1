from django.db.models import QuerySet

from intake.models import Intake


def review_queue() -> QuerySet[Intake]:
    """Submitted intakes: urgent safety cases first, then newest first; one query."""
    return (
        Intake.objects.filter(status=Intake.Status.SUBMITTED)
        .select_related("assessment")
        .order_by("-assessment__urgent", "-submitted_at")
    )
