"""The second step of a staff login, and a person's own sign-in settings."""

from base64 import b32encode
from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from accounts import mfa, services
from accounts.forms import CodeForm, DeactivateForm, InviteForm, RoleForm
from accounts.selectors import staff_list
from audit.services import client_ip
from clinic.roles import Role, role_of
from clinic.staff import is_verified
from review.access import permission_required
from review.selectors import open_cases_of


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("review:queue")


def _done(request: HttpRequest) -> HttpResponseRedirect:
    return redirect(_next_url(request))


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """First login: choose an authenticator app (QR code) or a passkey. Nobody reaches a
    staff page before one of them works."""
    if mfa.is_enrolled(request.user):
        return redirect(mfa.step_url("accounts:mfa-verify", _next_url(request))
                        if not is_verified(request.user) else _next_url(request))
    device = services.totp_device_begin(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waiting = _wait_message(request.user)  # refused unread, the right code too
        if services.totp_device_confirm(request=request, device=device,
                                        code=form.cleaned_data["code"]):
            codes = services.backup_codes_replace(request=request)
            return render(request, "accounts/backup_codes.html",
                          {"codes": codes, "next": _next_url(request), "first_time": True})
        form.add_error("code", waiting or _(
            "That code did not match. Check the time on your phone and try the newest code."))
    return render(request, "accounts/setup.html", {
        "form": form, "next": _next_url(request),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(
            scale=4, dark="#000", light="#fff"),
        "secret": _grouped(b32encode(device.bin_key).decode()),
    })


def _wait_message(user: Any) -> str | None:
    """After misses every code is refused for a while, the right one too: say so."""
    seconds = mfa.seconds_to_wait(user)
    if not seconds:
        return None
    return ngettext("After a few wrong codes, codes are not checked for a moment. Wait "
                    "%(n)s second, then try the newest code.",
                    "After a few wrong codes, codes are not checked for a moment. Wait "
                    "%(n)s seconds, then try the newest code.", seconds) % {"n": seconds}


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Every login after the first: a code from the app, a backup code or a passkey."""
    if is_verified(request.user):
        return _done(request)
    if not mfa.has_any_device(request.user):
        return redirect(mfa.step_url("accounts:mfa-setup", _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waiting = _wait_message(request.user)  # refused unread, the right code too
        if services.mfa_verify(request=request, code=form.cleaned_data["code"]):
            return _done(request)
        form.add_error("code", waiting or _(
            "That code did not work. Try the newest code from your app, or one of your "
            "backup codes."))
    return render(request, "accounts/verify.html", {
        "form": form, "next": _next_url(request),
        "has_passkey": mfa.has_passkey(request.user),
    })


def _verified_required(view: Any) -> Any:
    """A person's own login settings: signed in with both steps (the middleware asks too;
    this view does not rely on it)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_verified(request.user):
            return redirect(mfa.step_url("accounts:mfa-verify", request.path))
        return view(request, *args, **kwargs)

    return wrapper


@_verified_required
def security(request: HttpRequest) -> HttpResponse:
    """A person's own second-step methods: passkeys, the app, backup codes left."""
    user = request.user
    return render(request, "accounts/security.html", {
        "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True),
        "has_app": mfa.has_app(user),
        "codes_left": mfa.backup_codes_left(user),
    })


@require_POST
@_verified_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    codes = services.backup_codes_replace(request=request)
    messages.info(request, _("Your old backup codes no longer work."))
    return render(request, "accounts/backup_codes.html",
                  {"codes": codes, "next": reverse("accounts:security"), "first_time": False})


class PasskeyRegistrationComplete(webauthn_views.CompleteCredentialRegistrationView):
    """django-otp-webauthn's view, with the new passkey on the record."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(*args, **kwargs)
        services.passkey_registered(request=self.request)
        return response


class PasskeyAuthenticationComplete(webauthn_views.CompleteCredentialAuthenticationView):
    """django-otp-webauthn's view, with the second step on the record."""

    def complete_auth(self, device: Any) -> Any:
        result = super().complete_auth(device)
        services.passkey_verified(request=self.request)
        return result


# --- Invitations and password resets -------------------------------------------------------

def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: set a first password, once, within 72 hours."""
    found = services.invitation_for_token(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    form = SetPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(invitation=found, password=form.cleaned_data["new_password1"],
                                   ip_address=client_ip(request))
        messages.info(request, _("Your password is set. Log in, then set up two-step login."))
        return redirect("login")
    return render(request, "accounts/invitation.html", {"form": form, "person": found.user})


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's view; the new password goes on the record."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_set_recorded(user=form.user, ip_address=client_ip(self.request))
        return response


# --- The staff page (clinic admins) ----------------------------------------------------------

MANAGE_STAFF = "accounts.manage_staff"
_staff_page = permission_required(MANAGE_STAFF)


def _person(user_id: int) -> Any:
    """A member of staff (never a superuser: those are managed from the shell)."""
    return get_object_or_404(get_user_model().objects.filter(is_superuser=False)
                             .prefetch_related("groups"), pk=user_id,
                             groups__name__in=[r.value for r in Role])


@_staff_page
def people(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_invite(
                email=form.cleaned_data["email"], role=Role(form.cleaned_data["role"]),
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"], by=request.user,
                ip_address=client_ip(request))
        except services.StaffChangeRefused as refused:
            form.add_error("email", str(refused))
        else:
            messages.info(request, _("Invitation sent to %(email)s.")
                          % {"email": form.cleaned_data["email"]})
            return redirect("accounts:people")
    return render(request, "accounts/people.html", {"form": form, "staff": staff_list()})


@_staff_page
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _person(user_id)
    form = RoleForm(request.POST or None, initial={"role": getattr(role_of(member), "value", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_role_set(user=member, role=Role(form.cleaned_data["role"]),
                                    by=request.user, ip_address=client_ip(request))
        except services.StaffChangeRefused as refused:
            form.add_error("role", str(refused))
        else:
            messages.info(request, _("Role saved."))
            return redirect("accounts:person", user_id=member.pk)
    return render(request, "accounts/person.html", {
        "member": member, "role": role_of(member), "form": form,
        "open_cases": open_cases_of(member).count(),
        "enrolled": mfa.is_enrolled(member),
    })


@_staff_page
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """Shows their open cases and asks who takes them, then closes the account."""
    member = _person(user_id)
    form = DeactivateForm(request.POST or None, leaving=member)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.staff_deactivate(user=member, by=request.user,
                                              handover_to=form.cleaned_data["handover_to"],
                                              ip_address=client_ip(request))
        except services.StaffChangeRefused as refused:
            error = str(refused)
        else:
            messages.info(request, _("Account deactivated. Open cases moved: %(n)s.")
                          % {"n": moved})
            return redirect("accounts:person", user_id=member.pk)
    return render(request, "accounts/deactivate.html", {
        "member": member, "form": form, "error": error,
        "open_cases": open_cases_of(member).select_related("assessment"),
    })


@require_POST
@_staff_page
def reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _person(user_id)
    services.staff_reactivate(user=member, by=request.user, ip_address=client_ip(request))
    messages.info(request, _("Account reactivated."))
    return redirect("accounts:person", user_id=member.pk)


@_staff_page
def mfa_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A lost phone: after a confirmation, the person sets up two-step login again."""
    member = _person(user_id)
    if request.method == "POST":
        services.mfa_reset(user=member, by=request.user, ip_address=client_ip(request))
        messages.info(request, _("Two-step login reset: they set it up again at their next "
                                 "login."))
        return redirect("accounts:person", user_id=member.pk)
    return render(request, "accounts/mfa_reset.html", {"member": member})
