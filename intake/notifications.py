"""Emails the intake sends. None carries health information: no answers, scores or tiers.

Client emails greet by first (or preferred) name only; staff emails carry no client details
at all, just a link to log in.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from clinic.roles import Role
from clinic.selectors import clinic_profile
from intake.models import Intake
from intake.tokens import RESUME_DAYS


def _resume_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('intake:resume', args=[token])}"


def _send_to_client(intake: Intake, template: str, context: dict[str, object]) -> None:
    profile = clinic_profile()
    context = {"name": intake.called, "clinic": profile, "days": RESUME_DAYS, **context}
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"intake/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"intake/email/{template}.txt", context)
    send_mail(subject, body, None, [intake.email])


def resume_link_send(*, intake: Intake, token: str) -> None:
    _send_to_client(intake, "resume", {"resume_url": _resume_url(token)})


def draft_reminder_send(*, intake: Intake, token: str) -> None:
    _send_to_client(intake, "reminder", {"resume_url": _resume_url(token)})


def _staff_emails(role: Role) -> list[str]:
    return list(
        get_user_model().objects.filter(is_active=True, groups__name=role.value)
        .exclude(email="").values_list("email", flat=True).distinct()
    )


def submission_emails_send(*, intake: Intake, urgent: bool, acute: bool) -> None:
    """After a submission: a confirmation to the client, a note to the clinic, and an urgent
    alert to the clinicians when the answers call for same-day follow-up."""
    _send_to_client(intake, "confirmation", {})
    queue_url = f"{settings.SITE_URL}{reverse('review:queue')}"
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    profile = clinic_profile()
    if profile.email:
        send_mail("New application received",
                  f"A new application was submitted at {when}.\n\nReview it here: {queue_url}\n",
                  None, [profile.email])
    clinicians = _staff_emails(Role.CLINICIAN)
    if urgent and clinicians:
        level = "an acute" if acute else "a"
        send_mail(
            "Urgent safety follow-up needed",
            f"An application submitted at {when} shows {level} suicide-risk screen result "
            "that needs same-day safety follow-up.\n\n"
            f"Open the queue (urgent cases are at the top): {queue_url}\n\n"
            "This email holds no client details by design; log in to see them.\n",
            None, clinicians,
        )
