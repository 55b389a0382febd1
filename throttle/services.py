"""Fixed-window limits kept in PostgreSQL (the one service a clinic runs), counted with one
atomic upsert so every app server and worker sees the same count."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from throttle.models import Hit  # table throttle_hit, named in the upsert below


@dataclass(frozen=True)
class Limit:
    """At most `count` requests per `per`, for one scope ("intake-start", …)."""

    scope: str
    count: int
    per: timedelta


def _window(now: datetime, per: timedelta) -> datetime:
    seconds = int(per.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def _key(limit: Limit, who: str) -> str:
    # Keyed, so the table cannot be matched against a list of addresses.
    raw = f"{settings.SECRET_KEY}|{limit.scope}|{limit.per.total_seconds()}|{who.lower()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def hit(limit: Limit, who: str, *, now: datetime | None = None) -> bool:
    """Count one request by `who` (an address, an email); False once over the limit. The
    count is committed at once (autocommit) or with the caller's transaction."""
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO throttle_hit (key, window_start, count) VALUES (%s, %s, 1) "
            "ON CONFLICT (key, window_start) DO UPDATE SET count = throttle_hit.count + 1 "
            "RETURNING count",
            [_key(limit, who), _window(now, limit.per)])
        (count,) = cursor.fetchone()
    return count <= limit.count


def hits_forget(*, before: datetime) -> int:
    """Drop counters of windows that ended (a periodic job)."""
    deleted, _ = Hit.objects.filter(window_start__lt=before).delete()
    return deleted
