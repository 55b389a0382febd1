"""How the course of care's emails are written, when the worker sends them: a link to the
check-in and nothing else (no questionnaire named, no score), in the client's language,
with the crisis lines below. None when the check-in is no longer asked."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from care import plan, services
from intake.emails import client_email
from outbox.models import OutgoingMessage
from outbox.services import Email, renderer

Kind = OutgoingMessage.Kind


def _measure_email(message: OutgoingMessage) -> Email | None:
    measure = services.measure_askable(message.params.get("measure"))
    if measure is None:
        return None
    raw = services.measure_link_create(measure=measure)
    link = f"{settings.SITE_URL}{reverse('care:measure-link', args=[raw])}"
    return client_email(measure.course.intake, message.kind, link=link, days=plan.LINK_DAYS)


@renderer(Kind.MEASURE_LINK, stores_link=True)
def measure_link(message: OutgoingMessage) -> Email | None:
    return _measure_email(message)


@renderer(Kind.MEASURE_REMINDER, stores_link=True)
def measure_reminder(message: OutgoingMessage) -> Email | None:
    return _measure_email(message)
