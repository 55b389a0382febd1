from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from intake.models import Intake
from review.models import AuditEvent


@transaction.atomic
def audit_record(
    *,
    actor: AbstractBaseUser,
    action: AuditEvent.Action,
    intake: Intake | None = None,
    ip_address: str | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor, action=action, intake=intake, ip_address=ip_address, detail=detail or {}
    )
