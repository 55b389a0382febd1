"""The second step of a staff login, and a person's own sign-in settings."""

from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from accounts import mfa, services
from accounts.forms import CodeForm
from clinic.staff import is_verified


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
        return redirect(f"{reverse('accounts:mfa-verify')}?next={_next_url(request)}"
                        if not is_verified(request.user) else _next_url(request))
    device = services.totp_device_begin(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(request=request, device=device,
                                        code=form.cleaned_data["code"]):
            codes = services.backup_codes_replace(request=request)
            return render(request, "accounts/backup_codes.html",
                          {"codes": codes, "next": _next_url(request), "first_time": True})
        form.add_error("code", _("That code did not match. Check the time on your phone "
                                 "and try the newest code."))
    return render(request, "accounts/setup.html", {
        "form": form, "next": _next_url(request),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(
            scale=4, dark="#000", light="#fff"),
        "secret": _grouped(b32encode(device.bin_key).decode()),
    })


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Every login after the first: a code from the app, a backup code or a passkey."""
    if is_verified(request.user):
        return _done(request)
    if not mfa.has_any_device(request.user):
        return redirect(f"{reverse('accounts:mfa-setup')}?next={_next_url(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.mfa_verify(request=request, code=form.cleaned_data["code"]):
            return _done(request)
        form.add_error("code", _("That code did not work. Try the newest code from your "
                                 "app, or one of your backup codes."))
    return render(request, "accounts/verify.html", {
        "form": form, "next": _next_url(request),
        "has_passkey": mfa.has_passkey(request.user),
    })


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """A person's own second-step methods: passkeys, the app, backup codes left."""
    user = request.user
    return render(request, "accounts/security.html", {
        "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True),
        "has_app": mfa.has_app(user),
        "codes_left": mfa.backup_codes_left(user),
    })


@require_POST
@login_required
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
