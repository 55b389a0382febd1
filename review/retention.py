"""Which applications the clinic's retention policy erases, and what erasing one takes away.

Erasing keeps the intake's row as a shell (status, times, safety flags, the tier), so the
stats still count it and the audit trail, whose rows point at it and may never change,
still holds together; everything that says who the person is, or what they or the clinic
wrote, goes. The writes are in `review.services` (`person_erase`, `retention_apply`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from care.models import CareAlert, Measure
from clinic.models import ClinicProfile
from intake.models import ConsentSignature, Intake, QuestionnaireResponse, StatusChange
from review.models import Acknowledgement, Note

# The closed outcomes the policy may erase; an approved case is the clinic's to keep.
CLOSED = (Intake.Status.NOT_SUITABLE, Intake.Status.REFERRED, Intake.Status.WITHDRAWN)

# Erasing blanks these (the rest of the row is counts and times).
PERSONAL_FIELDS = {
    "first_name": "", "last_name": "", "preferred_name": "", "pronouns": "", "email": "",
    "phone": "", "emergency_contact_name": "", "emergency_contact_phone": "",
    "emergency_contact_relationship": "", "date_of_birth": None, "state": "",
}

# The database function that lifts the records' protection for the erasure alone
# (review/migrations/0010_erasure.py).
ERASE_FUNCTION = "review_erase_records"
# And the answers of the person's check-ins during care (care/migrations/0002_erasure.py).
CARE_ERASE_FUNCTION = "care_erase_records"


def _unacknowledged_urgent() -> Q:
    """Suicide risk nobody has acknowledged yet: in the application, or in a check-in
    during its course of care."""
    acknowledged = Exists(Acknowledgement.objects.filter(intake=OuterRef("pk")))
    care = Exists(CareAlert.objects.filter(course__intake=OuterRef("pk"),
                                           acknowledged_at__isnull=True))
    return Q(urgent_since__isnull=False) & ~Q(acknowledged) | Q(care)


def _closed_at() -> Subquery:
    """When the case reached its closed status (its latest move there)."""
    moves = StatusChange.objects.filter(intake=OuterRef("pk"), to_status=OuterRef("status"))
    return Subquery(moves.order_by("-at").values("at")[:1])


def closed_due(profile: ClinicProfile, now: datetime) -> QuerySet[Intake]:
    """Closed cases past the clinic's limit; none while the policy is off."""
    if profile.retain_closed_days is None:
        return Intake.objects.none()
    return (Intake.objects.filter(erased_at__isnull=True, status__in=CLOSED)
            .annotate(closed_at=_closed_at())
            .filter(closed_at__lte=now - timedelta(days=profile.retain_closed_days))
            .exclude(_unacknowledged_urgent()))


def drafts_due(profile: ClinicProfile, now: datetime) -> QuerySet[Intake]:
    """Drafts untouched past the limit. One that showed suicide risk stays until a
    clinician has acknowledged it: its alert must have been answered first."""
    if profile.retain_draft_days is None:
        return Intake.objects.none()
    return (Intake.objects.filter(
        erased_at__isnull=True, status=Intake.Status.DRAFT,
        updated_at__lte=now - timedelta(days=profile.retain_draft_days))
        .exclude(_unacknowledged_urgent()))


def erasure_refused(intake: Intake) -> str | None:
    """Why this person's data may not be erased now, or None."""
    if intake.erased_at is not None:
        return _("This person's data was already erased.")
    if Intake.objects.filter(pk=intake.pk).filter(_unacknowledged_urgent()).exists():
        return _("This case showed suicide risk and nobody has acknowledged it yet: a "
                 "clinician must acknowledge it before its data can be erased.")
    return None


def person_intakes(intake: Intake) -> list[Intake]:
    """Everything the clinic holds of the person behind this intake: each application
    sent under their email address, or this draft alone (a draft has no client yet)."""
    rows = Intake.objects.filter(erased_at__isnull=True)
    if intake.client_id is not None:
        rows = rows.filter(client_id=intake.client_id)
    else:
        rows = rows.filter(pk=intake.pk)
    return list(rows.order_by("created_at"))


@dataclass(frozen=True)
class WhatGoes:
    """What erasing a person takes away, for the confirmation page (counts only)."""

    intakes: list[Intake]
    questionnaires: int
    notes: int
    signatures: int
    check_ins: int  # answered check-ins of a course of care


def what_goes(intakes: list[Intake]) -> WhatGoes:
    ids = [i.pk for i in intakes]
    return WhatGoes(
        intakes=intakes,
        questionnaires=QuestionnaireResponse.objects.filter(intake_id__in=ids)
        .values("intake_id", "questionnaire").distinct().count(),
        notes=Note.objects.filter(intake_id__in=ids).count(),
        signatures=ConsentSignature.objects.filter(intake_id__in=ids).count(),
        check_ins=Measure.objects.filter(course__intake_id__in=ids,
                                         completed_at__isnull=False).count(),
    )
