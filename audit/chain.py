"""The audit trail's hash chain. Each row carries a keyed hash (HMAC-SHA256) of its own
content and of the previous row's hash. Someone who can write to the database but does not
hold the key cannot make a changed or an added row fit, and a removed row leaves the next
one pointing at a hash that is no longer there. `manage.py verify_audit` walks it.

The definition of a row's hash must never change: rows already written are checked with it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

GENESIS = "0" * 64
# Every writer takes this PostgreSQL advisory lock for its transaction, so rows are added
# one at a time in id order and each sees the one before it.
LOCK_KEY = 0x4B4150  # any constant shared by every writer


def row_hash(*, prev_hash: str, pk: int, created_at: Any, actor_id: int | None, action: str,
             intake_id: Any, ip_address: str | None, detail: dict[str, Any]) -> str:
    payload = json.dumps(
        [pk, created_at.isoformat(), actor_id, str(action),
         str(intake_id) if intake_id else None, ip_address, detail],
        sort_keys=True, separators=(",", ":"), default=str,
    )
    key = hashlib.sha256(f"audit-chain:{settings.AUDIT_CHAIN_KEY}".encode()).digest()
    return hmac.new(key, f"{prev_hash}|{payload}".encode(), hashlib.sha256).hexdigest()


def hash_of(event: Any) -> str:
    return row_hash(prev_hash=event.prev_hash, pk=event.pk, created_at=event.created_at,
                    actor_id=event.actor_id, action=event.action, intake_id=event.intake_id,
                    ip_address=event.ip_address, detail=event.detail)


@dataclass(frozen=True)
class Break:
    """Where the chain breaks, in words for whoever runs the check."""

    row: int
    kind: str  # "changed", "inserted" or "missing"

    def __str__(self) -> str:
        return {
            "changed": f"Audit row {self.row} was changed after it was written (or, as the "
                       "newest row, added by someone other than the app).",
            "inserted": f"Audit row {self.row} was not written by the app (inserted).",
            "missing": f"One or more audit rows just before row {self.row} are missing.",
        }[self.kind]


def breaks(events: Iterable[Any]) -> Iterator[Break]:
    """Each break in rows given in id order. A row whose own hash is wrong was changed,
    unless the row after it links straight past it (then it was inserted); a row whose
    link points at no row before it follows removed rows."""
    rows = iter(events)
    before = GENESIS
    current = next(rows, None)
    while current is not None:
        following = next(rows, None)
        if hash_of(current) != current.hash:
            if following is not None and following.prev_hash == before:
                yield Break(current.pk, "inserted")
                current = following
                continue
            yield Break(current.pk, "changed")
        elif current.prev_hash != before:
            yield Break(current.pk, "missing")
        before = current.hash
        current = following
