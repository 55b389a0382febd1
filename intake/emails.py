"""How each email the intake sends is written, at the moment the worker sends it.

None carries health information: no answers, scores or tiers. Client emails greet by first
(or preferred) name only, in words the clinic may rewrite with the few placeholders
`outbox/texts.py` allows, and always end with the crisis lines; staff emails carry no
client details at all, just a link to log in. Each renderer returns None when its email is
no longer true (the application was sent, withdrawn or deleted meanwhile), and the outbox
then sends nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from clinic.roles import Role
from clinic.selectors import clinic_profile
from intake import services
from intake.models import Intake
from intake.tokens import RESUME_DAYS
from outbox import texts
from outbox.models import OutgoingMessage
from outbox.services import Email, renderer

Kind = OutgoingMessage.Kind
Recipient = OutgoingMessage.Recipient


def _intake(message: OutgoingMessage) -> Intake | None:
    return Intake.objects.filter(pk=message.params.get("intake"),
                                 erased_at__isnull=True).first()


def client_email(intake: Intake, kind: str, **values: object) -> Email:
    """In the intake's language, from the placeholders `outbox/texts.py` allows this kind:
    the clinic's own words if it wrote them, else ours; the crisis lines always below."""
    profile = clinic_profile()
    subject, body = texts.email_text(
        kind=kind, language=intake.language or settings.LANGUAGE_CODE,
        values={"name": intake.called, "clinic": profile.name,
                "clinic_phone": profile.phone, **values})
    return Email(subject=subject, body=body, to=[intake.email] if intake.email else [])


def _resume_url(intake: Intake) -> str:
    token = services.resume_link_create(intake=intake)
    return f"{settings.SITE_URL}{reverse('intake:resume', args=[token])}"


def _link_email(message: OutgoingMessage, statuses: tuple[str, ...]) -> Email | None:
    intake = _intake(message)
    if intake is None or intake.status not in statuses:
        return None
    return client_email(intake, message.kind, link=_resume_url(intake), days=RESUME_DAYS)


@renderer(Kind.RESUME_LINK, stores_link=True)
def resume_link(message: OutgoingMessage) -> Email | None:
    return _link_email(message, services.EDITABLE)


@renderer(Kind.REMINDER, stores_link=True)
def reminder(message: OutgoingMessage) -> Email | None:
    return _link_email(message, (Intake.Status.DRAFT,))


@renderer(Kind.MORE_INFORMATION, stores_link=True)
def more_information(message: OutgoingMessage) -> Email | None:
    """The clinic asks to look at some answers again; the email says no more than that."""
    return _link_email(message, (Intake.Status.NEEDS_INFO,))


@renderer(Kind.CONFIRMATION)
def confirmation(message: OutgoingMessage) -> Email | None:
    intake = _intake(message)
    if intake is None or intake.submitted_at is None:
        return None
    return client_email(intake, Kind.CONFIRMATION)


def _queue_url() -> str:
    return f"{settings.SITE_URL}{reverse('review:queue')}"


def _when(intake: Intake) -> str:
    moment = intake.resubmitted_at or intake.submitted_at or intake.updated_at
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@renderer(Kind.CLINIC_NOTICE)
def clinic_notice(message: OutgoingMessage) -> Email | None:
    intake = _intake(message)
    profile = clinic_profile()
    if intake is None:
        return None
    return Email(
        subject="New application received",
        body=f"A new application was submitted at {_when(intake)}.\n\n"
             f"Review it here: {_queue_url()}\n",
        to=[profile.email] if profile.email else [])


def _staff_emails(role: Role) -> list[str]:
    return list(
        get_user_model().objects.filter(is_active=True, groups__name=role.value)
        .exclude(email="").values_list("email", flat=True).distinct().order_by("email")
    )


def urgent_recipients() -> tuple[list[str], str]:
    """Clinicians; if none has an address, clinic admins; then the clinic's own address."""
    for role, recipient in ((Role.CLINICIAN, Recipient.CLINICIANS),
                            (Role.CLINIC_ADMIN, Recipient.CLINIC_ADMINS)):
        emails = _staff_emails(role)
        if emails:
            return emails, recipient
    profile = clinic_profile()
    return ([profile.email] if profile.email else []), Recipient.CLINIC


def _urgent_body(message: OutgoingMessage, intake: Intake | None) -> str:
    level = "an acute" if message.params.get("acute") else "a"
    if message.params.get("care_alert"):
        what = "A check-in during a course of care"
    elif intake is None:
        what = "An application"
    elif intake.status == Intake.Status.DRAFT:
        saved = timezone.localtime(intake.urgent_since).strftime("%Y-%m-%d %H:%M")
        what = f"An application not sent yet (answers saved at {saved})"
    else:
        what = f"An application submitted at {_when(intake)}"
    waited = message.params.get("waited_minutes")
    return (
        (f"Nobody has acknowledged this case after {waited} minutes.\n\n" if waited else "")
        + f"{what} shows {level} suicide-risk screen result that needs same-day safety "
        "follow-up.\n\n"
        f"Open the queue (urgent cases are at the top): {_queue_url()}\n\n"
        "This email holds no client details by design; log in to see them.\n")


@renderer(Kind.URGENT_ALERT)
def urgent_alert(message: OutgoingMessage) -> Email | None:
    """Sent even if the case has moved on meanwhile: an alert is never held back."""
    intake = _intake(message)
    to, recipient = urgent_recipients()
    subject = "Urgent safety follow-up needed"
    if message.params.get("waited_minutes"):
        subject = f"Still not acknowledged: {subject.lower()}"
    return Email(subject=subject, body=_urgent_body(message, intake), to=to,
                 recipient=recipient)


@renderer(Kind.URGENT_ESCALATION)
def urgent_escalation(message: OutgoingMessage) -> Email | None:
    """To clinic admins and the clinic's own address, beside the clinicians' alerts."""
    intake = _intake(message)
    profile = clinic_profile()
    to = _staff_emails(Role.CLINIC_ADMIN) + ([profile.email] if profile.email else [])
    return Email(subject="Escalation: an urgent case is not acknowledged",
                 body=_urgent_body(message, intake), to=sorted(set(to)))
