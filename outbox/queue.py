"""Putting a job on the queue, always through Django's own database connection.

So a job is committed, or rolled back, with the change that queued it: in a web request,
and also inside a job (a retry, a reminder), where Procrastinate's worker has switched its
own app over to a separate connection pool. Any app of ours queues its jobs here.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from procrastinate import App
from procrastinate import exceptions as procrastinate_exceptions
from procrastinate.contrib.django.django_connector import DjangoConnector

_deferrer = App(connector=DjangoConnector())


def defer(task_name: str, *, lock: str | None = None, queueing_lock: str | None = None,
          priority: int = 0, schedule_at: datetime | None = None,
          **task_kwargs: object) -> bool:
    """Queue one job in the current transaction. With a queueing lock, a job already
    waiting under it is enough: nothing is added and False is returned."""
    try:
        with transaction.atomic():  # a refused duplicate must not spoil the caller's work
            _deferrer.configure_task(
                task_name, lock=lock, queueing_lock=queueing_lock, priority=priority,
                schedule_at=schedule_at,
            ).defer(**task_kwargs)
    except procrastinate_exceptions.AlreadyEnqueued:
        return False
    return True
