"""The one writer of audit rows."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from audit.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The address audit and consent records keep: the client's (behind trusted proxies,
    kapclinic.middleware.TrustedProxyMiddleware has already put it in REMOTE_ADDR)."""
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


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
