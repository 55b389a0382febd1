"""Every write to a staff account: the second step (enrol, verify, reset), and each one
audited. Views and commands call these; nothing else writes accounts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_otp
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.mfa import BACKUP_CODE_COUNT, BACKUP_DEVICE_NAME, TOTP_DEVICE_NAME, normalised
from accounts.models import Invitation
from audit.models import AuditEvent
from audit.services import audit_record, client_ip
from clinic.roles import Role, role_of
from intake.tokens import new_token, token_hash
from outbox.models import OutgoingMessage
from outbox.services import message_enqueue
from review.services import cases_hand_over

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
    if not device.verify_token(normalised(code)):
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
    code = normalised(code)
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
    """Remove every second-step device of a person (a lost phone) and log them out
    everywhere: they set up again at their next login, with their password. Returns how
    many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        _total, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    _sessions_end(user)
    audit_record(actor=by, action=Action.MFA_RESET, ip_address=ip_address,
                 detail={"user": user.pk})
    return removed


# --- Staff accounts: invitations, roles, deactivation -------------------------------------

INVITATION_VALID = timedelta(hours=72)


class StaffChangeRefused(Exception):
    """A change the staff rules do not allow; the message says why, for the admin."""


def _other_active_admins(user: Any) -> bool:
    """Another clinic admin who can log in now (an invitation not yet accepted does not
    count). The admins' rows are locked, so two admins cannot remove each other at once."""
    admins = list(get_user_model().objects.select_for_update().filter(
        is_active=True, groups__name=Role.CLINIC_ADMIN.value).exclude(pk=user.pk))
    return any(admin.has_usable_password() for admin in admins)


def _role_groups_set(user: Any, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name__in=[r.value for r in Role]))
    user.groups.add(Group.objects.get(name=role.value))
    user.is_staff = role is Role.CLINIC_ADMIN  # the Django admin, for clinic content
    user.save(update_fields=["is_staff"])


def _sessions_end(user: Any) -> int:
    """Log the person out everywhere (their sessions are rows of the database)."""
    ended = [s.pk for s in Session.objects.filter(expire_date__gt=timezone.now())
             if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def staff_invite(*, email: str, role: Role, first_name: str, last_name: str, by: Any,
                 ip_address: str | None) -> Invitation:
    """Make the account (no password yet) and email a link to set one, valid 72 hours
    and once. Inviting a pending address again sends a new link; the old one stops."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    user = user_model.objects.filter(username__iexact=email).first()
    if user is not None and user.has_usable_password():
        raise StaffChangeRefused(_("%(email)s already has an account.") % {"email": email})
    if user is None:
        user = user_model.objects.create_user(username=email, email=email,
                                              first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    _role_groups_set(user, role)
    invitation = Invitation.objects.create(user=user, invited_by=by,
                                           expires_at=timezone.now() + INVITATION_VALID)
    message_enqueue(kind=OutgoingMessage.Kind.STAFF_INVITE,
                    recipient=OutgoingMessage.Recipient.STAFF,
                    params={"invitation": invitation.pk})
    audit_record(actor=by, action=Action.INVITE, ip_address=ip_address,
                 detail={"user": user.pk, "role": role.value})
    return invitation


def invitation_token_create(*, invitation: Invitation) -> str | None:
    """The link's token, made as the email is written; None when the invitation is no
    longer open (accepted, expired, or replaced by a newer one)."""
    if not _open(invitation):
        return None
    raw, hashed = new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hashed)
    return raw


def _open(invitation: Invitation) -> bool:
    newest = Invitation.objects.filter(user_id=invitation.user_id).order_by("-id").first()
    return (invitation.accepted_at is None and invitation.expires_at > timezone.now()
            and newest is not None and newest.pk == invitation.pk
            and not invitation.user.has_usable_password())


def invitation_for_token(raw: str) -> Invitation | None:
    invitation = (Invitation.objects.select_related("user")
                  .filter(token_hash=token_hash(raw)).first() if raw else None)
    return invitation if invitation is not None and _open(invitation) else None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str,
                      ip_address: str | None) -> Any:
    """Set the first password; the link then never works again."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(
        pk=invitation.pk)
    if not _open(invitation):
        raise StaffChangeRefused(_("This invitation link is no longer valid."))
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action=Action.INVITE_ACCEPTED, ip_address=ip_address)
    return user


@transaction.atomic
def staff_role_set(*, user: Any, role: Role, by: Any, ip_address: str | None) -> None:
    before = role_of(user)
    if before is role:
        return
    if before is Role.CLINIC_ADMIN and user.is_active and not _other_active_admins(user):
        raise StaffChangeRefused(_("The clinic needs at least one active clinic admin: "
                                   "make someone else a clinic admin first."))
    _role_groups_set(user, role)
    audit_record(actor=by, action=Action.ROLE_CHANGE, ip_address=ip_address,
                 detail={"user": user.pk, "from": before.value if before else None,
                         "to": role.value})


@transaction.atomic
def staff_deactivate(*, user: Any, by: Any, handover_to: Any | None,
                     ip_address: str | None) -> int:
    """Close the account: logged out everywhere, no login, and their open cases handed to
    `handover_to` (or left unassigned). Returns how many cases moved."""
    if user.pk == by.pk:
        raise StaffChangeRefused(_("You cannot deactivate your own account."))
    if role_of(user) is Role.CLINIC_ADMIN and not _other_active_admins(user):
        raise StaffChangeRefused(_("The clinic needs at least one active clinic admin."))
    moved = cases_hand_over(from_user=user, to_user=handover_to, by=by, ip_address=ip_address)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _sessions_end(user)
    audit_record(actor=by, action=Action.STAFF_DEACTIVATED, ip_address=ip_address,
                 detail={"user": user.pk})
    if moved:
        audit_record(actor=by, action=Action.HANDOVER, ip_address=ip_address,
                     detail={"from": user.pk, "to": handover_to.pk if handover_to else None,
                             "cases": moved})
    return moved


@transaction.atomic
def staff_reactivate(*, user: Any, by: Any, ip_address: str | None) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=by, action=Action.STAFF_REACTIVATED, ip_address=ip_address,
                 detail={"user": user.pk})


RESET_EVERY = timedelta(minutes=10)


@transaction.atomic
def password_reset_request(*, email: str, ip_address: str | None) -> None:
    """Queue a reset link for the active account with this address, if there is one (at
    most one every 10 minutes). The page says the same either way."""
    users = get_user_model().objects.filter(email__iexact=email, is_active=True)
    matched = [u for u in users if u.has_usable_password()]
    recent = timezone.now() - RESET_EVERY
    for user in matched:
        if OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.PASSWORD_RESET,
                                          params__user=user.pk, created_at__gt=recent).exists():
            continue
        message_enqueue(kind=OutgoingMessage.Kind.PASSWORD_RESET,
                        recipient=OutgoingMessage.Recipient.STAFF, params={"user": user.pk})
    audit_record(actor=None, action=Action.PASSWORD_RESET_REQUESTED, ip_address=ip_address,
                 detail={"users": [u.pk for u in matched]})


def password_set_recorded(*, user: Any, ip_address: str | None) -> None:
    audit_record(actor=user, action=Action.PASSWORD_SET, ip_address=ip_address)
