"""The one writer of audit rows."""

import ipaddress

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit import chain
from audit.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The address audit and consent records keep: the client's (behind trusted proxies,
    kapclinic.middleware.TrustedProxyMiddleware has already put it in REMOTE_ADDR)."""
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


# No savepoint of its own inside a caller's transaction (a service's write, a test): two
# round trips fewer there, and an audit row that cannot be written fails the caller's whole
# transaction, never just itself. Called outside one, it is its own transaction as before.
@transaction.atomic(savepoint=False)
def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: AuditEvent.Action,
    intake: object | None = None,
    ip_address: str | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEvent:
    """Record one event; `actor` is None for what the app did by itself. Rows join the
    hash chain one at a time (audit.chain), under a lock held to the end of the caller's
    transaction."""
    event = AuditEvent(actor=actor, action=action, intake=intake,
                       ip_address=_normalised(ip_address), detail=detail or {})
    _chain([event], stamp=True)
    event.save(force_insert=True)
    return event


@transaction.atomic(savepoint=False)
def audit_record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Many rows in one insert (demo and benchmark data), chained as `audit_record` does;
    their times are kept as given."""
    for event in events:
        event.ip_address = _normalised(event.ip_address)
    _chain(events)
    return AuditEvent.objects.bulk_create(events)


def _normalised(ip_address: str | None) -> str | None:
    """As the column stores it (IPv6 compressed, lower case): the hash must cover the
    value read back, or verify_audit would call the row changed."""
    if not ip_address:
        return None
    try:
        return str(ipaddress.ip_address(ip_address))
    except ValueError:
        return ip_address


def _chain(events: list[AuditEvent], *, stamp: bool = False) -> None:
    """Give each new row its id, time and place in the hash chain, under the chain's lock
    (held to the end of the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [chain.LOCK_KEY])
        # A statement of its own, after the lock: it must see the row the last holder added.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')), "
            "(SELECT hash FROM audit_auditevent ORDER BY id DESC LIMIT 1) "
            "FROM generate_series(1, %s)",
            [AuditEvent._meta.db_table, len(events)])
        rows = cursor.fetchall()
    before = rows[0][1] or chain.GENESIS
    now = timezone.now()
    for event, (pk, _last) in zip(events, sorted(rows), strict=True):
        # The time is taken under the lock, so time order and chain order agree.
        event.pk, event.prev_hash = pk, before
        event.created_at = now if stamp or event.created_at is None else event.created_at
        event.hash = before = chain.hash_of(event)
