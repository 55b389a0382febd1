"""Emails the intake sends. None carries health information: no answers, scores or tiers.

Client emails greet by first (or preferred) name only; staff emails carry no client details
at all, just a link to log in.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from clinic.roles import Role
from clinic.selectors import clinic_profile, crisis_resources
from intake.models import Intake
from intake.tokens import RESUME_DAYS

logger = logging.getLogger(__name__)


def _resume_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('intake:resume', args=[token])}"


def _send_to_client(intake: Intake, template: str, context: dict[str, object]) -> None:
    profile = clinic_profile()
    context = {"name": intake.called, "clinic": profile, "days": RESUME_DAYS,
               "crisis_resources": crisis_resources(), **context}
    with translation.override(intake.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"intake/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"intake/email/{template}.txt", context)
    send_mail(subject, body, None, [intake.email])


def resume_link_send(*, intake: Intake, token: str) -> None:
    _send_to_client(intake, "resume", {"resume_url": _resume_url(token)})


def more_information_send(*, intake: Intake, token: str) -> None:
    """The clinic asks to look at some answers again; the email says no more than that."""
    _send_to_client(intake, "more_information", {"resume_url": _resume_url(token)})


def draft_reminder_send(*, intake: Intake, token: str) -> None:
    _send_to_client(intake, "reminder", {"resume_url": _resume_url(token)})


def _staff_emails(role: Role) -> list[str]:
    return list(
        get_user_model().objects.filter(is_active=True, groups__name=role.value)
        .exclude(email="").values_list("email", flat=True).distinct()
    )


def _urgent_alert_send(*, when: str, acute: bool, queue_url: str) -> None:
    recipients = _staff_emails(Role.CLINICIAN) or _staff_emails(Role.CLINIC_ADMIN)
    profile = clinic_profile()
    if not recipients and profile.email:
        recipients = [profile.email]
    if not recipients:
        logger.error("Urgent intake alert not sent: no clinician, admin or clinic email.")
        return
    level = "an acute" if acute else "a"
    send_mail(
        "Urgent safety follow-up needed",
        f"An application submitted at {when} shows {level} suicide-risk screen result "
        "that needs same-day safety follow-up.\n\n"
        f"Open the queue (urgent cases are at the top): {queue_url}\n\n"
        "This email holds no client details by design; log in to see them.\n",
        None, recipients,
    )


def submission_emails_send(*, intake: Intake, urgent: bool, acute: bool) -> None:
    """After a submission: the urgent alert first (when the answers call for same-day
    follow-up), then a note to the clinic and a confirmation to the client. Each is sent on
    its own, so a refused client address cannot stop the alert; failures are logged
    without personal details."""
    queue_url = f"{settings.SITE_URL}{reverse('review:queue')}"
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    profile = clinic_profile()
    sends = []
    if urgent:
        sends.append(("urgent alert",
                      lambda: _urgent_alert_send(when=when, acute=acute, queue_url=queue_url)))
    if profile.email:
        sends.append(("clinic notice", lambda: send_mail(
            "New application received",
            f"A new application was submitted at {when}.\n\nReview it here: {queue_url}\n",
            None, [profile.email])))
    sends.append(("client confirmation",
                  lambda: _send_to_client(intake, "confirmation", {})))
    for name, send in sends:
        try:
            send()
        except Exception as error:  # one failed email must not stop the others
            # The error's text can hold the address: log its kind only.
            logger.error("Sending the %s failed: %s", name, type(error).__name__)
