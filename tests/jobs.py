"""Run queued jobs inside a test, on the test's own connection and transaction.

The worker itself is exercised end to end in tests/outbox/test_faults.py (real worker
processes, a real SMTP listener). Here the same task functions run in the test process so
ordinary tests can see what a job does without leaving their transaction.
"""

from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob


def run_due_jobs(*, task_name: str | None = None) -> int:
    """Run every job that is due, highest priority first, as a worker would, including
    the jobs they queue; a finished job is deleted (the worker's setting). Returns how
    many ran. A job's exception fails the test."""
    ran = 0
    while True:
        due = ProcrastinateJob.objects.filter(status="todo").exclude(
            scheduled_at__gt=timezone.now())
        if task_name:
            due = due.filter(task_name=task_name)
        job = due.order_by("-priority", "id").first()
        if job is None:
            return ran
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE id = %s", [job.id])
        app.tasks[job.task_name].func(**job.args)
        ran += 1


def queued_tasks() -> list[str]:
    return list(ProcrastinateJob.objects.filter(status="todo").order_by("id")
                .values_list("task_name", flat=True))
