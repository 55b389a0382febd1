"""How the staff account emails are written, when the worker sends them: an invitation
(in words the clinic may rewrite, `outbox/texts.py`) and a password-reset link. Neither
says anything about clients."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import Invitation
from clinic.selectors import clinic_profile
from outbox import texts
from outbox.models import OutgoingMessage
from outbox.services import Email, renderer

Kind = OutgoingMessage.Kind
HOURS = int(services.INVITATION_VALID.total_seconds() // 3600)


@renderer(Kind.STAFF_INVITE, stores_link=True)
def staff_invite(message: OutgoingMessage) -> Email | None:
    invitation = (Invitation.objects.select_related("user", "invited_by")
                  .filter(pk=message.params.get("invitation")).first())
    token = services.invitation_token_create(invitation=invitation) if invitation else None
    if token is None:
        return None  # accepted, expired or replaced meanwhile: nothing true to send
    link = f"{settings.SITE_URL}{reverse('accounts:invitation', args=[token])}"
    # In the site's language, as before its words could be edited (`outbox/texts.py`).
    subject, body = texts.email_text(
        kind=Kind.STAFF_INVITE, language=texts.site_language(), values={
            "name": invitation.user.first_name,
            "inviter": invitation.invited_by.get_full_name() or _("A clinic admin"),
            "clinic": clinic_profile().name, "link": link, "hours": HOURS})
    return Email(subject=subject, body=body, to=[invitation.user.email])


@renderer(Kind.PASSWORD_RESET)
def password_reset(message: OutgoingMessage) -> Email | None:
    user = get_user_model().objects.filter(pk=message.params.get("user"),
                                           is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    link = settings.SITE_URL + reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    return Email(
        subject=f"Set a new password for {clinic_profile().name}",
        body=(f"Someone asked to set a new password for your account. If it was you, use "
              f"this link within {minutes} minutes:\n{link}\n\nIf it was not, ignore this "
              "email: your password stays as it is.\n"),
        to=[user.email])
