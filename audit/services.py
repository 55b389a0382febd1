"""The one writer of audit rows."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from audit.models import AuditEvent


@transaction.atomic
def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: AuditEvent.Action,
    intake: object | None = None,
    ip_address: str | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEvent:
    """Record one event; `actor` is None for what the app did by itself."""
    return AuditEvent.objects.create(
        actor=actor, action=action, intake=intake, ip_address=ip_address, detail=detail or {}
    )
