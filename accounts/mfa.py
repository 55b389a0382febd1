"""The second step of a staff login: which pages a signed-in person may reach before it,
and where they are sent until it is done. Plain rules, no request handling of their own."""

import math
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "Backup codes"
TOTP_DEVICE_NAME = "Authenticator app"

# Pages a signed-in person reaches before the second step: the step itself (set up or
# verify), the passkey ceremony it uses, leaving, and the keepalive of the idle timer.
# Every other page under /staff/ and /admin/ waits for it.
BEFORE_MFA_URL_NAMES = frozenset({
    "login", "logout", "accounts:mfa-setup", "accounts:mfa-verify",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
    "review:keepalive",
})


def step_url(name: str, next_url: str = "") -> str:
    """A second-step page ("accounts:mfa-setup" or "-verify") that goes on to `next_url`
    afterwards (quoted: it may carry a query)."""
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return reverse(name) + query


def is_enrolled(user: Any) -> bool:
    """Has a way to do the second step: an authenticator app or a passkey. Backup codes
    alone do not count: they are for when the usual way is lost."""
    return has_app(user) or has_passkey(user)


def has_app(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_passkey(user: Any) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def has_any_device(user: Any) -> bool:
    return user_has_device(user, confirmed=True)


def normalised(code: str) -> str:
    """A code as typed: apps show "466 337", backup codes may come back in capitals."""
    return "".join(code.split()).lower()


def seconds_to_wait(user: Any) -> int:
    """How long django-otp's throttle still refuses every code of this person (0: none).
    After each miss it waits twice as long before it looks at a code at all."""
    now = timezone.now()
    waits = []
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user):
            allowed, data = device.verify_is_allowed()
            if not allowed and data and data.get("locked_until"):
                waits.append(max(0, math.ceil((data["locked_until"] - now).total_seconds())))
    return max(waits, default=0)


def backup_codes_left(user: Any) -> int:
    device = StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME).first()
    return device.token_set.count() if device else 0
