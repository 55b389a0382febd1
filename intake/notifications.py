"""Emails the intake sends. No PHI in any of them: no names, answers or scores."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from clinic.roles import Role


def urgent_alert_send(*, acute: bool) -> int:
    """Tell the clinicians an urgent intake is waiting, so someone follows up today."""
    recipients = list(
        get_user_model().objects.filter(is_active=True, groups__name=Role.CLINICIAN.value)
        .exclude(email="").values_list("email", flat=True).distinct()
    )
    if not recipients:
        return 0
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    level = "an acute" if acute else "a"
    body = (
        f"An intake submitted at {when} shows {level} suicide-risk screen that needs "
        "same-day safety follow-up.\n\n"
        f"Open the intake queue (urgent cases are at the top): "
        f"{settings.SITE_URL}{reverse('review:queue')}\n\n"
        "This email holds no client details by design; log in to see them."
    )
    return send_mail("Urgent safety follow-up needed", body, None, recipients)
