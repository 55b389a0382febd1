from django.db.models import BooleanField, Case, Exists, F, OuterRef, QuerySet, Value, When

from intake.models import Intake
from review.models import Acknowledgement


def review_queue() -> QuerySet[Intake]:
    """Submitted intakes in one query: urgent safety cases first, those nobody has
    acknowledged on top (acute before the others, the longest waiting first), then the
    rest, newest first."""
    acknowledged = Exists(Acknowledgement.objects.filter(intake=OuterRef("pk")))
    return (
        Intake.objects.exclude(status=Intake.Status.DRAFT)
        .select_related("assessment", "assignment__clinician")
        .annotate(
            acknowledged=acknowledged,
            needs_acknowledgement=Case(
                When(assessment__urgent=True, acknowledged=False, then=Value(True)),
                default=Value(False), output_field=BooleanField(),
            ),
        )
        .order_by(
            F("needs_acknowledgement").desc(),
            F("assessment__urgent").desc(),
            F("assessment__acute").desc(),
            # Only urgent cases carry a waiting order; routine ones fall through to newest.
            Case(When(assessment__urgent=True, then=F("submitted_at"))).asc(nulls_last=True),
            F("submitted_at").desc(),
        )
    )
