from django.db.models import QuerySet

from intake.models import Intake


def review_queue() -> QuerySet[Intake]:
    """Submitted intakes, newest first, with what the list shows in the same query."""
    return (
        Intake.objects.filter(status=Intake.Status.SUBMITTED)
        .select_related("assessment")
        .order_by("-submitted_at")
    )
