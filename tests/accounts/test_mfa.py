"""Two-step login: forced at the first login, asked at every login, on every staff page
and the Django admin; codes from an app, one-time backup codes, a reset by an admin."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db
QUEUE = reverse("review:queue")
SETUP = reverse("accounts:mfa-setup")
VERIFY = reverse("accounts:mfa-verify")


def _password_login(client, user):
    response = client.post(reverse("login"), {"username": user.username,
                                              "password": factories.PASSWORD})
    assert response.status_code == 302
    return response


def _code(device):
    return f"{totp(device.bin_key):06d}"


def test_the_first_login_must_set_up_a_second_step_before_any_staff_page(client, clinician):
    _password_login(client, clinician)
    for url in (QUEUE, reverse("review:stats"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(SETUP) and "next=" in response.url


def test_setting_up_the_app_takes_a_code_it_shows_then_shows_backup_codes(client, clinician):
    _password_login(client, clinician)
    page = client.get(SETUP, {"next": QUEUE})
    assert b"<svg" in page.content  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    assert len(secret) == 32
    # A wrong code: told so, still not in.
    wrong = client.post(SETUP, {"code": "000000" if _code(device) != "000000" else "111111",
                                "next": QUEUE})
    assert "did not match" in wrong.content.decode()
    assert client.get(QUEUE).status_code == 302
    # The right one, as apps show it (after django-otp's one-second wait for a miss).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    code = _code(device)
    done = client.post(SETUP, {"code": f"{code[:3]} {code[3:]}", "next": QUEUE})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(c in done.content.decode() for c in codes)
    assert client.get(QUEUE).status_code == 200
    actions = list(AuditEvent.objects.filter(actor=clinician).values_list("action", flat=True))
    assert {"mfa-failed", "mfa-enrolled", "backup-codes"} <= set(actions)


def test_every_later_login_asks_for_the_code_and_goes_on_to_the_page(client, clinician):
    device = factories.app_device(clinician)
    client.get(QUEUE)
    _password_login(client, clinician)
    response = client.get(QUEUE)
    assert response.url == f"{VERIFY}?next=%2Fstaff%2F"
    assert client.get(SETUP).url.startswith(VERIFY)  # no second app behind its back
    done = client.post(VERIFY, {"code": _code(device), "next": QUEUE})
    assert done.status_code == 302 and done.url == QUEUE
    assert client.get(QUEUE).status_code == 200
    event = AuditEvent.objects.get(action="mfa-verified")
    assert event.actor == clinician and event.detail == {"method": "authenticator-app"}


def test_a_wrong_code_is_refused_audited_and_slows_the_next_tries(client, clinician):
    device = factories.app_device(clinician)
    _password_login(client, clinician)
    right = _code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(5):
        response = client.post(VERIFY, {"code": wrong, "next": QUEUE})
        html = response.content.decode()
        # Straight after a miss the code is not even read: the page says to wait.
        assert response.status_code == 200 and ("did not work" in html or "Wait " in html)
    # Straight after misses django-otp does not look at any code (the wait doubles with each
    # miss it reads), and the page says so rather than calling the right code wrong.
    refused = client.post(VERIFY, {"code": right, "next": QUEUE})
    assert refused.status_code == 200
    assert re.search(r"Wait \d+ seconds?, then try", refused.content.decode())
    assert client.get(QUEUE).status_code == 302
    assert AuditEvent.objects.filter(action="mfa-failed", actor=clinician).count() == 6


def test_a_backup_code_lets_a_person_in_once(client, clinician):
    factories.app_device(clinician)
    factories.staff_login(client, clinician)
    codes = client.post(reverse("accounts:backup-codes")).context["codes"]
    for attempt in range(2):
        client.post(reverse("logout"))
        _password_login(client, clinician)
        response = client.post(VERIFY, {"code": codes[0].upper(), "next": QUEUE})
        assert (response.status_code == 302) is (attempt == 0)
    assert StaticToken.objects.filter(device__user=clinician).count() == 9


def test_new_backup_codes_replace_the_old_ones(client, clinician):
    factories.staff_login(client, clinician)
    first = client.post(reverse("accounts:backup-codes")).context["codes"]
    second = client.post(reverse("accounts:backup-codes")).context["codes"]
    stored = set(StaticToken.objects.filter(device__user=clinician).values_list("token",
                                                                                 flat=True))
    assert stored == set(second) and not stored & set(first)


def test_the_admin_needs_the_second_step_and_logs_in_through_our_page(client, clinic_admin):
    login = client.get(reverse("admin:login"))  # its own form has no lockout, no second step
    assert login.status_code == 302 and login.url.startswith(reverse("login"))
    _password_login(client, clinic_admin)
    factories.app_device(clinic_admin)
    assert client.get(reverse("admin:index")).url.startswith(VERIFY)
    factories.staff_login(client, clinic_admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_reset_logs_the_person_out_and_sends_them_back_to_set_up(client, clinician,
                                                                    clinic_admin):
    factories.staff_login(client, clinician)
    client.post(reverse("accounts:backup-codes"))
    assert services.mfa_reset(user=clinician, by=clinic_admin) == 2
    assert client.get(QUEUE).url.startswith(reverse("login"))  # that session has ended
    _password_login(client, clinician)
    assert client.get(QUEUE).url.startswith(SETUP)
    event = AuditEvent.objects.get(action="mfa-reset")
    assert event.actor == clinic_admin and event.detail == {"user": clinician.pk}


def test_a_next_address_elsewhere_is_not_followed(client, clinician):
    device = factories.app_device(clinician)
    _password_login(client, clinician)
    response = client.post(VERIFY, {"code": _code(device), "next": "https://evil.example/"})
    assert response.url == QUEUE


def test_the_setup_page_lists_the_staff_links_only_after_the_second_step(client, clinician):
    _password_login(client, clinician)
    html = client.get(SETUP).content.decode()
    assert not re.search(r'href="/staff/"', html)


def test_ones_own_login_settings_ask_for_the_second_step_themselves(rf, clinician):
    """Not only the middleware: the views refuse a password-only session on their own."""
    from django.contrib.sessions.backends.db import SessionStore

    from accounts import views

    request = rf.post(reverse("accounts:backup-codes"))
    request.user, request.session = clinician, SessionStore()
    clinician.is_verified = lambda: False
    response = views.backup_codes(request)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert not StaticToken.objects.exists()


def test_the_page_to_go_on_to_keeps_its_query(client, clinician):
    factories.app_device(clinician)
    _password_login(client, clinician)
    response = client.get(SETUP, {"next": "/staff/?page=2"})
    assert response.url == f"{VERIFY}?next=%2Fstaff%2F%3Fpage%3D2"
