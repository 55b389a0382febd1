"""Every write to a staff account: the second step (enrol, verify, reset), and each one
audited. Views and commands call these; nothing else writes accounts."""

from __future__ import annotations

from typing import Any

import django_otp
from django.db import transaction
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.mfa import BACKUP_CODE_COUNT, BACKUP_DEVICE_NAME, TOTP_DEVICE_NAME
from audit.models import AuditEvent
from audit.services import audit_record, client_ip

Action = AuditEvent.Action


def _method(device: Device) -> str:
    if isinstance(device, StaticDevice):
        return "backup-code"
    if isinstance(device, WebAuthnCredential):
        return "passkey"
    return "authenticator-app"


@transaction.atomic
def totp_device_begin(*, user: Any) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device per person, kept (with
    its secret) until confirmed, so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME,
                                               confirmed=False)


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Confirm the app with a code it shows; the session then counts as verified."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code):
        audit_record(actor=request.user, action=Action.MFA_FAILED, ip_address=client_ip(request),
                     detail={"method": "authenticator-app", "while": "enrolling"})
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    audit_record(actor=request.user, action=Action.MFA_ENROLLED, ip_address=client_ip(request),
                 detail={"method": "authenticator-app"})
    return True


def passkey_registered(*, request: HttpRequest) -> None:
    """django-otp-webauthn saved the passkey; the record says so."""
    audit_record(actor=request.user, action=Action.MFA_ENROLLED, ip_address=client_ip(request),
                 detail={"method": "passkey"})


@transaction.atomic
def backup_codes_replace(*, request: HttpRequest) -> list[str]:
    """A fresh set of one-time codes; the old set stops working. Shown once, here."""
    user = request.user
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    audit_record(actor=user, action=Action.BACKUP_CODES, ip_address=client_ip(request),
                 detail={"count": len(codes)})
    return codes


def _verify_devices(user: Any, code: str) -> list[Device]:
    """Codes of digits are an app's, others a backup code: each code is tried on one kind,
    so a mistyped app code does not slow down the backup codes too."""
    if code.isdigit():
        return list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    return list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))


@transaction.atomic
def mfa_verify(*, request: HttpRequest, code: str) -> Device | None:
    """The second step with a code (an app's or a backup code). Failures are audited and
    slowed down by django-otp's throttle (each miss doubles the wait)."""
    code = "".join(code.split()).lower()
    for device in _verify_devices(request.user, code):
        if device.verify_token(code):
            django_otp.login(request, device)
            audit_record(actor=request.user, action=Action.MFA_VERIFIED,
                         ip_address=client_ip(request), detail={"method": _method(device)})
            return device
    audit_record(actor=request.user, action=Action.MFA_FAILED, ip_address=client_ip(request),
                 detail={"method": "code"})
    return None


def passkey_verified(*, request: HttpRequest) -> None:
    audit_record(actor=request.user, action=Action.MFA_VERIFIED, ip_address=client_ip(request),
                 detail={"method": "passkey"})


@transaction.atomic
def mfa_reset(*, user: Any, by: Any, ip_address: str | None = None) -> int:
    """Remove every second-step device of a person (a lost phone): they set up again at
    their next login. Returns how many were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        _total, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    audit_record(actor=by, action=Action.MFA_RESET, ip_address=ip_address,
                 detail={"user": user.pk})
    return removed
