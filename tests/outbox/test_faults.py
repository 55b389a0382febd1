"""Fault tests: real worker processes (`manage.py queue_worker`), a real SMTP server on
loopback, and the mail server down, silent, a worker killed in the middle of a send, or
the worker cut off from its database for a while.

Requests never talk to the mail server; once it is back, every queued email goes out
exactly once, counted by Message-ID at the server.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clinic.models import ClinicProfile
from outbox import queue, services
from outbox.models import OutgoingMessage
from screening.examples import likely_answers
from tests import factories
from tests.database import DatabaseProxy, database_url
from tests.outbox.smtp import SilentServer, SmtpServer, free_port, wait_until

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("committed_clinic_defaults")]

BASE_DIR = Path(__file__).resolve().parents[2]
Status = OutgoingMessage.Status


class WorkerProcess:
    def __init__(self, log: Path, smtp_port: int, name: str, database: str | None = None,
                 ) -> None:
        env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database or database_url(),
               "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "EMAIL_TIMEOUT": "1",
               "QUEUE_LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
        self.log = log
        self._file = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "queue_worker", "--name", name,
             "--fetch-job-polling-interval", "0.3"],
            cwd=BASE_DIR, env=env, stdout=self._file, stderr=subprocess.STDOUT)

    def deliveries(self) -> int:
        return self.log.read_text().count("Result: sent")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._file.close()


@pytest.fixture
def workers(tmp_path):
    started: list[WorkerProcess] = []

    def start(smtp_port: int, database: str | None = None) -> WorkerProcess:
        worker = WorkerProcess(tmp_path / f"worker-{len(started)}.log", smtp_port,
                               f"worker-{len(started)}", database)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _statuses() -> list[str]:
    return list(OutgoingMessage.objects.values_list("status", flat=True))


def _all_due_now() -> None:
    """Time travel: every waiting retry is due."""
    OutgoingMessage.objects.filter(status=Status.RETRYING).update(next_attempt_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() "
                       "WHERE status = 'todo' AND scheduled_at > now()")


def _every_page_that_emails(client, clinician) -> None:
    """Through the pages: a client submits an urgent application, another pauses one, a
    third asks for a new link, and a clinician sends a fourth back for more information."""
    ClinicProfile.objects.filter(pk=1).update(email="clinic@example.org")
    urgent = factories.draft_intake(answers=likely_answers({"phq-9": {"44260-8": "LA6570-1"}}))
    factories.in_session(client, urgent)
    assert client.post(reverse("intake:review")).url == reverse("intake:done")
    paused = factories.draft_intake(first_name="Bo", email="bo@example.org")
    factories.in_session(client, paused)
    response = client.post(reverse("intake:pause"), {"email": "bo@example.org"})
    assert b"Check your email" in response.content
    factories.draft_intake(first_name="Cy", email="cy@example.org")
    response = client.post(reverse("intake:resume-request"), {"email": "cy@example.org"})
    assert b"Check your email" in response.content
    routine = factories.submitted_intake(first_name="Di", email="di@example.org")
    factories.staff_login(client, clinician)
    response = client.post(reverse("review:status", args=[routine.pk]),
                           {"target": "needs-info", "revisit": ["medications"],
                            "message": "Which medicines do you take now?"})
    assert response.status_code == 302
    routine.refresh_from_db()
    assert routine.status == "needs-info"


@pytest.mark.parametrize("outage", ["refusing", "silent"])
def test_an_outage_loses_nothing_and_sends_each_email_once(outage, client, clinician,
                                                           workers):
    silent = SilentServer().__enter__() if outage == "silent" else None
    port = silent.port if silent else free_port()
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                               EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_TIMEOUT=10):
            _every_page_that_emails(client, clinician)
        if silent:
            assert silent.connections == 0  # no request opened a connection to it
        expected = OutgoingMessage.objects.count()
        kinds = sorted(OutgoingMessage.objects.values_list("kind", flat=True))
        assert kinds == sorted([  # two submissions, a pause, a renewal, a request for more
            "urgent-alert", "clinic-notice", "confirmation", "clinic-notice", "confirmation",
            "resume-link", "resume-link", "more-information"])
        worker = workers(port)
        wait_until(lambda: all(s == Status.RETRYING for s in _statuses()), 60,
                   "every email to fail once")
        errors = set(OutgoingMessage.objects.values_list("last_error", flat=True))
        if outage == "refusing":
            assert errors == {"ConnectionRefusedError"}
        else:  # smtplib reports a timed-out greeting as a disconnection
            assert errors and errors <= {"TimeoutError", "SMTPServerDisconnected"}
            assert silent.connections >= expected
    finally:
        if silent:
            silent.__exit__()
    with SmtpServer(port) as server:  # the mail server is back, on the same address
        _all_due_now()
        wait_until(lambda: all(s == Status.SENT for s in _statuses()), 60,
                   "every email to be sent")
        worker.stop()
        ids = {services._message_id(m) for m in OutgoingMessage.objects.all()}
        assert set(server.counts()) == ids
        assert max(server.counts().values()) == 1 and len(server.received) == expected
    alert = next(m for m in server.received if m["subject"].startswith("Urgent"))
    assert alert["to"] == clinician.email
    print(f"\n{outage}: {len(server.received)} emails sent of {expected} expected, "
          f"{max(server.counts().values())} copy at most of each")


def test_a_worker_killed_mid_send_is_replaced_and_the_email_goes_once(workers):
    port = free_port()
    with SmtpServer(port, stall_at_rcpt=True) as server:
        message = services.test_email_send(address="it@example.org")
        first = workers(port)
        wait_until(server.stalled.is_set, 30, "the send to start")
        first.kill()  # in the middle of the SMTP conversation
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.QUEUED, 0)  # rolled back
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM procrastinate_jobs WHERE task_name = %s",
                           [services.DELIVER_TASK])
            assert cursor.fetchall() == [("doing",)]  # stalled with its dead worker
            # Time travel: the dead worker's last heartbeat is long past.
            cursor.execute("UPDATE procrastinate_workers "
                           "SET last_heartbeat = now() - interval '10 minutes'")
        server.release()
        workers(port)
        queue.defer("outbox.retry_stalled_jobs", queueing_lock="retry-stalled-jobs",
                    timestamp=0)  # as the every-minute schedule does
        wait_until(lambda: OutgoingMessage.objects.get(pk=message.pk).status == Status.SENT,
                   60, "the new worker to send it")
        assert server.counts() == {services._message_id(message): 1}


def test_two_workers_send_each_email_once(workers):
    port = free_port()
    with SmtpServer(port) as server:
        messages = [services.test_email_send(address=f"staff{n}@example.org")
                    for n in range(40)]
        one, two = workers(port), workers(port)
        wait_until(lambda: all(s == Status.SENT for s in _statuses()), 90,
                   "all 40 to be sent")
        assert len(server.received) == 40
        assert set(server.counts()) == {services._message_id(m) for m in messages}
        assert max(server.counts().values()) == 1
        assert set(OutgoingMessage.objects.values_list("attempts", flat=True)) == {1}
        one.stop()
        two.stop()
        assert one.deliveries() + two.deliveries() == 40


def test_a_worker_cut_off_from_its_database_carries_on_when_it_is_back(workers):
    """Procrastinate's own worker exits at the first database error (a restart, a
    failover), and email would stop until someone started it again; ours waits for the
    database and carries on, the same process."""
    port = free_port()
    with SmtpServer(port) as server, DatabaseProxy() as database:
        worker = workers(port, database.url())
        before = services.test_email_send(address="before@example.org")
        wait_until(lambda: OutgoingMessage.objects.get(pk=before.pk).status == Status.SENT,
                   60, "the worker to send and record it")
        database.cut()  # every connection dropped, new ones refused
        during = services.test_email_send(address="during@example.org")  # the test's own
        # Within its next poll and its pool's wait (queue_worker.POOL_TIMEOUT): seconds.
        wait_until(lambda: "starts again" in worker.log.read_text(), 180,
                   "the worker to notice")
        assert OutgoingMessage.objects.get(pk=during.pk).status == Status.QUEUED
        database.restore()
        wait_until(lambda: OutgoingMessage.objects.get(pk=during.pk).status == Status.SENT,
                   90, "the same worker to send what was queued meanwhile")
        assert worker.process.poll() is None  # nobody had to start it again
        assert server.counts() == {services._message_id(before): 1,
                                   services._message_id(during): 1}
        # Stopped while its database is there: leaving the proxy cuts it off again, and a
        # worker stopped then waits out its connection attempts (15 s) before it is killed.
        worker.stop()


def test_a_worker_whose_database_does_not_answer_stops_at_once_when_asked(workers):
    """A stop (SIGTERM: a deploy, a restart) while the worker waits for a database that
    does not answer ends it then, not once its connection pool gives up (half a minute):
    it had no job in hand."""
    import time

    with SilentServer() as database:
        worker = workers(free_port(), f"postgresql://nobody@127.0.0.1:{database.port}/none")
        wait_until(lambda: database.connections >= 1, 60, "the worker to try the database")
        time.sleep(1)  # well into its wait
        asked = time.monotonic()
        worker.process.send_signal(signal.SIGTERM)
        worker.process.wait(timeout=60)
        assert time.monotonic() - asked < 15  # the pool alone would wait 30 s
