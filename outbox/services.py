"""Outbox: every email is a row and a queued job, written in the caller's transaction.

A rolled-back change leaves neither; a committed one is delivered by a worker, retried on
the schedule below, and recorded as sent once. No web request talks to a mail server.

Emails are written at the moment of sending by the renderer registered for their kind, so
a resume link's token is made then (and only its hash is ever stored), and an email that
is no longer true (a reminder for an application already sent) is not sent at all.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from outbox import queue
from outbox.models import OutgoingMessage

logger = logging.getLogger(__name__)

Kind = OutgoingMessage.Kind
Recipient = OutgoingMessage.Recipient
Status = OutgoingMessage.Status

DELIVER_TASK = "outbox.deliver"
PENDING = (Status.QUEUED, Status.RETRYING)

# Wait after each failed try: 11 tries over 23 h 48 min, then the message has failed for
# good (and says so on every staff page). A mail server that is down for an afternoon
# still delivers everything.
RETRY_DELAYS = tuple(timedelta(minutes=m) for m in (1, 2, 5, 10, 30, 60, 120, 240, 480, 480))
MAX_TRIES = len(RETRY_DELAYS) + 1

# Urgent alerts jump the queue, and one still unsent after this long is shown to staff.
URGENT_PRIORITY = 10
URGENT_LATE_AFTER = timedelta(minutes=5)
# A pending message whose try is this overdue lost its job (say, the database went away
# while its result was being saved); the periodic sweep queues it again.
SWEEP_GRACE = timedelta(minutes=10)
# An email the mail server took while the database went away is recorded as sent once the
# database is back: tried every few seconds, for this long.
RECORD_PATIENCE = timedelta(minutes=10)
RECORD_RETRY_SECONDS = 2.0


class NoRecipient(Exception):
    """Nobody to send to (for example no staff address at all): retried, then reported."""


@dataclass(frozen=True)
class Email:
    subject: str
    body: str
    to: list[str]
    # Who it finally went to, when not whom it was planned for (an urgent alert falls back
    # to clinic admins, then the clinic's address).
    recipient: str | None = None


Renderer = Callable[[OutgoingMessage], Email | None]
_renderers: dict[str, Renderer] = {}


_store_links: set[str] = set()


def renderer(kind: str, *, stores_link: bool = False) -> Callable[[Renderer], Renderer]:
    """Register how a kind of message is written. Returning None means it is no longer
    needed (the message is then cancelled, not sent). `stores_link`: writing it stores a
    link's token, which a try the database cut short loses with everything else."""

    def register(function: Renderer) -> Renderer:
        _renderers[kind] = function
        if stores_link:
            _store_links.add(kind)
        return function

    return register


URGENT_KINDS = (Kind.URGENT_ALERT, Kind.URGENT_ESCALATION)


def _priority(kind: str) -> int:
    return URGENT_PRIORITY if kind in URGENT_KINDS else 0


def _schedule(message: OutgoingMessage, at: datetime | None = None) -> None:
    """Queue one delivery job for the message, in the current transaction. The lock keeps
    two jobs for one message from ever running at once; the queueing lock keeps a second
    waiting job from being queued at all."""
    lock = f"outbox-{message.pk}"
    queue.defer(DELIVER_TASK, lock=lock, queueing_lock=lock, priority=_priority(message.kind),
                schedule_at=at, message_id=message.pk)


@transaction.atomic
def message_enqueue(*, kind: str, recipient: str,
                    params: dict[str, object] | None = None) -> OutgoingMessage:
    """Record an email and queue its delivery, both in the caller's transaction."""
    message = OutgoingMessage.objects.create(
        kind=kind, recipient=recipient, params=params or {}, next_attempt_at=timezone.now())
    _schedule(message)
    return message


def _message_id(message: OutgoingMessage) -> str:
    """The same Message-ID on every try, so a mail system can tell a repeat."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<outbox-{message.pk}-{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def _send(message: OutgoingMessage, email: Email) -> None:
    if not email.to:
        raise NoRecipient(message.kind)
    EmailMessage(email.subject, email.body, None, email.to,
                 headers={"Message-ID": _message_id(message)}).send()


def message_deliver(*, message_id: int) -> str:
    """One try at sending. The message row stays locked through the try, so nothing else
    sends it meanwhile; a success is committed with the row, so it is never repeated.
    A worker that dies mid-try rolls everything back and the job is run again."""
    handed_over: Email | None = None
    try:
        with transaction.atomic():
            message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
            if message is None or message.status not in PENDING:
                return message.status if message else "missing"
            now = timezone.now()
            if message.next_attempt_at and message.next_attempt_at > now + timedelta(seconds=5):
                return "not-due"
            try:
                # A savepoint: what writing the email stored (a resume token) is undone when
                # the send fails, so an earlier link keeps working.
                with transaction.atomic():
                    email = _renderers[message.kind](message)
                    if email is not None:
                        _send(message, email)
                        handed_over = email
            except (OperationalError, InterfaceError):
                raise
            except Exception as error:  # any other failure is one failed try; its kind is kept
                _record_failure(message, error, now)
                return message.status
            _record_done(message, email, now)
    except (OperationalError, InterfaceError):
        # The database went away (a restart). Before the mail server took the email, nothing
        # is recorded and it was no fault of the mail's: the job runs again (outbox/tasks.py)
        # and tries afresh. After, the email is out: record that once the database is back,
        # or the next try would send it a second time. Unless its link's token was lost
        # with the rest: then the next try sends a link that works.
        if handed_over is None or message.kind in _store_links:
            raise
        return _record_sent_when_back(message_id, handed_over, now)
    return message.status


def _record_done(message: OutgoingMessage, email: Email | None, now: datetime) -> None:
    message.attempts += 1
    message.next_attempt_at = None
    if email is None:
        message.status = Status.CANCELLED
    else:
        message.status = Status.SENT
        message.sent_at = now
        message.recipient = email.recipient or message.recipient
    message.save()


def _record_sent_when_back(message_id: int, email: Email, now: datetime) -> str:
    """Record a sent email whose first record was lost with the database, trying again for
    up to RECORD_PATIENCE; past it, the error goes to the queue (the job runs again and
    may then send a repeat, which the mail system can tell by its Message-ID)."""
    from django.db import connection

    deadline = time.monotonic() + RECORD_PATIENCE.total_seconds()
    while True:
        try:
            with transaction.atomic():
                message = OutgoingMessage.objects.select_for_update().get(pk=message_id)
                if message.status in PENDING:
                    _record_done(message, email, now)
                return message.status
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise
            logger.warning("Email %s was sent; recording it waits for the database.",
                           message_id)
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
            time.sleep(RECORD_RETRY_SECONDS)


def _record_failure(message: OutgoingMessage, error: Exception, now: datetime) -> None:
    message.attempts += 1
    message.last_error = type(error).__name__[:100]
    # The error's text can hold an address: log the kind only.
    logger.warning("Email %s (%s) try %d of %d failed: %s", message.pk, message.kind,
                   message.attempts, MAX_TRIES, message.last_error)
    if message.attempts >= MAX_TRIES:
        message.status = Status.FAILED
        message.failed_at = now
        message.next_attempt_at = None
        audit_record(actor=None, action=AuditEvent.Action.MESSAGE_FAILED, detail={
            "message": message.pk, "kind": message.kind, "recipient": message.recipient,
            "tries": message.attempts, "error": message.last_error})
    else:
        message.status = Status.RETRYING
        message.next_attempt_at = now + RETRY_DELAYS[message.attempts - 1]
        _schedule(message, at=message.next_attempt_at)
    message.save()


def messages_sweep(*, now: datetime | None = None) -> int:
    """Queue again every pending message whose try is long overdue (its job was lost).
    Messages with a job still waiting are left alone by the queueing lock."""
    now = now or timezone.now()
    overdue = OutgoingMessage.objects.filter(status__in=PENDING,
                                             next_attempt_at__lt=now - SWEEP_GRACE)
    count = 0
    for message in overdue:
        _schedule(message)
        count += 1
    return count


def problem_messages(*, now: datetime | None = None) -> QuerySet[OutgoingMessage]:
    """What staff must be shown until someone marks it seen: messages that failed for
    good, and urgent alerts still unsent after a few minutes."""
    now = now or timezone.now()
    return OutgoingMessage.objects.filter(seen_at__isnull=True).filter(
        Q(status=Status.FAILED)
        | Q(kind__in=URGENT_KINDS, status__in=PENDING, created_at__lt=now - URGENT_LATE_AFTER))


@transaction.atomic
def message_mark_seen(*, message: OutgoingMessage, by: AbstractBaseUser,
                      ip_address: str | None) -> OutgoingMessage:
    message = OutgoingMessage.objects.select_for_update().get(pk=message.pk)
    if message.seen_at is None:
        message.seen_at = timezone.now()
        message.seen_by = by
        message.save(update_fields=["seen_at", "seen_by"])
        audit_record(actor=by, action=AuditEvent.Action.MESSAGE_SEEN, ip_address=ip_address,
                     detail={"message": message.pk, "kind": message.kind,
                             "status": message.status})
    return message


@transaction.atomic
def test_email_send(*, address: str, by: AbstractBaseUser | None = None,
                    ip_address: str | None = None) -> OutgoingMessage:
    """A test email to a staff address: shows the mail settings work end to end."""
    message = message_enqueue(kind=Kind.TEST, recipient=Recipient.STAFF,
                              params={"address": address})
    if by is not None:
        audit_record(actor=by, action=AuditEvent.Action.TEST_EMAIL, ip_address=ip_address,
                     detail={"message": message.pk})
    return message


@renderer(Kind.TEST)
def _test_email(message: OutgoingMessage) -> Email:
    return Email(
        subject="Test email from the intake service",
        body="This is a test. If you can read it, the service can send email.\n",
        to=[str(message.params["address"])],
    )
