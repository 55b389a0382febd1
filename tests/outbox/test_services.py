"""The outbox: queued with the change that causes it, retried on a schedule, sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEvent
from clinic.models import ClinicProfile
from intake import services as intake_services
from outbox import services
from outbox.models import OutgoingMessage
from screening.examples import likely_answers
from tests import factories
from tests.jobs import queued_tasks, run_due_jobs

pytestmark = pytest.mark.django_db

Status = OutgoingMessage.Status


@pytest.fixture
def refusing(monkeypatch):
    """A mail server that refuses every message, until `.stop()`."""

    class Refusing:
        calls = 0

        def stop(self):
            monkeypatch.undo()

    refusing = Refusing()

    def refuse(self, messages):
        refusing.calls += 1
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    return refusing


def _due_now(message):
    """Time travel: the message's next try is due."""
    OutgoingMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo'")


def test_a_message_and_its_job_are_written_in_the_callers_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.test_email_send(address="it@example.org")
        assert OutgoingMessage.objects.count() == 1
        assert queued_tasks() == [services.DELIVER_TASK]
        raise RuntimeError("the change is rolled back")
    assert not OutgoingMessage.objects.exists()
    assert queued_tasks() == []
    assert run_due_jobs() == 0 and mail.outbox == []


def test_a_committed_message_is_sent_once_with_a_stable_message_id():
    message = services.test_email_send(address="it@example.org")
    assert mail.outbox == []  # nothing is sent by the caller
    assert run_due_jobs() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert message.sent_at is not None
    assert mail.outbox[0].to == ["it@example.org"]
    assert mail.outbox[0].extra_headers["Message-ID"] == services._message_id(message)
    # A second job for the same message (a sweep, a stalled job run again) sends nothing.
    assert services.message_deliver(message_id=message.pk) == Status.SENT
    assert len(mail.outbox) == 1


def test_failed_sends_retry_on_the_schedule_then_fail_for_good(refusing):
    message = services.test_email_send(address="it@example.org")
    delays = []
    for _try in range(services.MAX_TRIES):
        before = timezone.now()
        run_due_jobs()
        message.refresh_from_db()
        if message.status == Status.RETRYING:
            delays.append(message.next_attempt_at - before)
            _due_now(message)
    assert refusing.calls == services.MAX_TRIES >= 8
    assert message.status == Status.FAILED and message.attempts == services.MAX_TRIES
    assert message.last_error == "ConnectionRefusedError"
    # Each wait is the schedule's (within the test's own run time).
    for waited, planned in zip(delays, services.RETRY_DELAYS, strict=True):
        assert planned - timedelta(seconds=5) < waited <= planned + timedelta(seconds=5)
    assert sum(services.RETRY_DELAYS, timedelta()) >= timedelta(hours=23)
    assert queued_tasks() == []  # no further try
    event = AuditEvent.objects.get(action=AuditEvent.Action.MESSAGE_FAILED)
    assert event.actor is None and event.detail["message"] == message.pk
    assert event.detail["error"] == "ConnectionRefusedError"
    assert list(services.problem_messages()) == [message]


def test_a_message_sent_after_failures_is_sent_once(refusing):
    message = services.test_email_send(address="it@example.org")
    run_due_jobs()
    run_due_jobs()  # not due yet: nothing tried
    assert refusing.calls == 1
    refusing.stop()
    _due_now(message)
    run_due_jobs()
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (Status.SENT, 2, 1)


def test_a_try_the_database_cut_short_is_not_counted_and_runs_again(monkeypatch):
    """A database restart in the middle of a try is not the mail's failure: nothing is
    recorded on the message, the error reaches the queue, whose job is retried soon."""
    from django.db import OperationalError

    from outbox import tasks

    message = services.test_email_send(address="it@example.org")

    def database_gone(message):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setitem(services._renderers, OutgoingMessage.Kind.TEST, database_gone)
    with pytest.raises(OperationalError):
        services.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Status.QUEUED, 0, "")
    retry = tasks.deliver.retry_strategy
    assert retry.get_retry_decision(exception=OperationalError(), job=_job(attempts=3))
    assert retry.get_retry_decision(exception=RuntimeError(), job=_job(attempts=0)) is None
    assert mail.outbox == []


@pytest.fixture
def updates_fail(monkeypatch):
    """The database goes away at the message's next `n` UPDATEs (after the mail server
    took the email): `updates_fail(n)`; the tries made are counted."""
    from django.db import OperationalError

    monkeypatch.setattr(services, "RECORD_RETRY_SECONDS", 0)
    state = {"left": 0, "tried": 0}

    def fail(execute, sql, params, many, context):
        if sql.startswith('UPDATE "outbox_outgoingmessage"'):
            state["tried"] += 1
            if state["left"]:
                state["left"] -= 1
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    def start(n):
        state["left"] = n
        return state

    with connection.execute_wrapper(fail):
        yield start


def test_an_email_the_server_took_as_the_database_went_away_is_recorded_when_it_is_back(
        updates_fail):
    message = services.test_email_send(address="it@example.org")
    tried = updates_fail(3)
    assert services.message_deliver(message_id=message.pk) == Status.SENT
    assert tried["tried"] == 4  # the first record, two waits, then recorded
    message.refresh_from_db()
    assert (message.status, message.attempts, len(mail.outbox)) == (Status.SENT, 1, 1)
    run_due_jobs()
    assert len(mail.outbox) == 1  # not sent a second time


def test_past_its_patience_the_record_goes_to_the_queue(updates_fail, monkeypatch):
    from django.db import OperationalError

    monkeypatch.setattr(services, "RECORD_PATIENCE", timedelta(0))
    message = services.test_email_send(address="it@example.org")
    updates_fail(5)
    with pytest.raises(OperationalError):
        services.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.QUEUED  # its job runs again


def test_a_link_whose_token_was_lost_with_the_database_is_sent_again_with_one_that_works(
        updates_fail):
    """The resume token written with the email is lost with the rest of the try, so the
    email is not recorded as sent: the next try sends a link that opens the draft."""
    from django.db import OperationalError

    draft = factories.draft_intake()
    intake_services.resume_link_send(intake=draft)
    message = OutgoingMessage.objects.get(kind=OutgoingMessage.Kind.RESUME_LINK)
    updates_fail(1)
    with pytest.raises(OperationalError):
        services.message_deliver(message_id=message.pk)
    assert services.message_deliver(message_id=message.pk) == Status.SENT
    assert len(mail.outbox) == 2
    token = mail.outbox[1].body.split("/intake/resume/", 1)[1].split("/", 1)[0]
    from django.test import Client

    assert Client().get(f"/intake/resume/{token}/").status_code == 200


def _job(*, attempts):
    from procrastinate.jobs import Job

    return Job(id=1, queue="default", lock=None, queueing_lock=None,
               task_name=services.DELIVER_TASK, attempts=attempts)


def test_an_email_that_is_no_longer_true_is_cancelled_not_sent():
    draft = factories.draft_intake()
    intake_services.resume_link_send(intake=draft)
    intake_services.intake_submit(intake_id=draft.pk)  # sent before the link went out
    run_due_jobs()
    link = OutgoingMessage.objects.get(kind=OutgoingMessage.Kind.RESUME_LINK)
    assert link.status == Status.CANCELLED
    assert all("resume" not in m.body for m in mail.outbox)
    assert not draft.resume_tokens.exists()


def test_a_failed_send_keeps_the_link_the_client_already_has(refusing):
    draft = factories.draft_intake()
    earlier = intake_services.resume_link_create(intake=draft)
    intake_services.resume_link_send(intake=draft)
    run_due_jobs()
    assert OutgoingMessage.objects.get().status == Status.RETRYING
    assert intake_services.resume_token_intake(earlier) == draft  # nothing replaced it


def test_an_urgent_alert_with_nobody_to_tell_is_retried_and_shown_to_staff():
    ClinicProfile.objects.filter(pk=1).update(email="")
    intake = factories.submitted_intake()
    message = services.message_enqueue(
        kind=OutgoingMessage.Kind.URGENT_ALERT, recipient=OutgoingMessage.Recipient.CLINICIANS,
        params={"intake": str(intake.pk), "acute": False})
    run_due_jobs()
    message.refresh_from_db()
    assert (message.status, message.last_error) == (Status.RETRYING, "NoRecipient")
    assert list(services.problem_messages()) == []  # not late yet
    later = timezone.now() + services.URGENT_LATE_AFTER + timedelta(seconds=1)
    assert list(services.problem_messages(now=later)) == [message]


def test_urgent_alerts_fall_back_to_admins_then_the_clinic(clinic_admin):
    intake = factories.submitted_intake()
    message = services.message_enqueue(
        kind=OutgoingMessage.Kind.URGENT_ALERT, recipient=OutgoingMessage.Recipient.CLINICIANS,
        params={"intake": str(intake.pk), "acute": True})
    run_due_jobs()
    message.refresh_from_db()
    assert message.recipient == OutgoingMessage.Recipient.CLINIC_ADMINS
    alert = next(m for m in mail.outbox if m.subject.startswith("Urgent"))
    assert alert.to == [clinic_admin.email] and "an acute" in alert.body
    type(clinic_admin).objects.filter(pk=clinic_admin.pk).update(email="")
    ClinicProfile.objects.filter(pk=1).update(email="clinic@example.org")
    mail.outbox.clear()
    services.message_enqueue(
        kind=OutgoingMessage.Kind.URGENT_ALERT, recipient=OutgoingMessage.Recipient.CLINICIANS,
        params={"intake": str(intake.pk)})
    run_due_jobs()
    assert mail.outbox[0].to == ["clinic@example.org"]
    assert OutgoingMessage.objects.filter(recipient=OutgoingMessage.Recipient.CLINIC,
                                          kind=OutgoingMessage.Kind.URGENT_ALERT).exists()


def test_urgent_alerts_jump_the_queue():
    intake = factories.submitted_intake()
    services.test_email_send(address="first@example.org")
    services.message_enqueue(kind=OutgoingMessage.Kind.URGENT_ALERT,
                             recipient=OutgoingMessage.Recipient.CLINICIANS,
                             params={"intake": str(intake.pk)})
    ClinicProfile.objects.filter(pk=1).update(email="clinic@example.org")
    run_due_jobs()
    assert mail.outbox[0].subject == "Urgent safety follow-up needed"


def test_the_sweep_requeues_a_message_whose_job_was_lost():
    message = services.test_email_send(address="it@example.org")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")  # the job is gone
    assert services.messages_sweep() == 0  # not overdue yet
    later = timezone.now() + services.SWEEP_GRACE + timedelta(seconds=1)
    assert services.messages_sweep(now=later) == 1
    assert services.messages_sweep(now=later) == 1  # a waiting job is not doubled
    assert queued_tasks() == [services.DELIVER_TASK]
    run_due_jobs()
    message.refresh_from_db()
    assert message.status == Status.SENT and len(mail.outbox) == 1


def test_marking_a_problem_seen_clears_it_and_is_audited(clinic_admin, refusing):
    message = services.test_email_send(address="it@example.org")
    OutgoingMessage.objects.filter(pk=message.pk).update(status=Status.FAILED)
    assert list(services.problem_messages()) == [message]
    services.message_mark_seen(message=message, by=clinic_admin, ip_address="10.0.0.1")
    assert list(services.problem_messages()) == []
    event = AuditEvent.objects.get(action=AuditEvent.Action.MESSAGE_SEEN)
    assert event.actor == clinic_admin and event.detail["message"] == message.pk


def test_no_client_detail_is_stored_with_a_message():
    intake = factories.submitted_intake(
        answers=likely_answers({"phq-9": {"44260-8": "LA6570-1"}}))
    assert OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.URGENT_ALERT).exists()
    stored = " ".join(str(m.params) for m in OutgoingMessage.objects.all())
    for phi in (intake.email, intake.first_name, intake.last_name):
        assert phi and phi not in stored
