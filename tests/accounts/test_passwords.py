"""Passwords: Argon2, Django's validators with no upper limit, and a reset by email that
reveals nothing about which accounts exist."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
RESET = reverse("password_reset")
NEW = "harbor violet pencil meadow quietly"


def test_the_site_hashes_passwords_with_argon2(settings):
    from kapclinic import settings as site_settings

    settings.PASSWORD_HASHERS = site_settings.PASSWORD_HASHERS  # not the tests' fast one
    assert make_password("a long passphrase of many words").startswith("argon2$")


@pytest.mark.parametrize("password", ["short", "password1234", "123456789012"])
def test_weak_passwords_are_refused(client, clinician, password, run_jobs):
    client.post(RESET, {"email": clinician.email})
    run_jobs()
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": password,
                                                        "new_password2": password})
    assert response.status_code == 200 and response.context["form"].errors


def _link(message):
    return re.search(r"http://[^\s]+(/staff/password-reset/[^\s]+/)", message.body)[1]


def test_known_and_unknown_addresses_get_the_same_answer(client, clinician, run_jobs):
    known = client.post(RESET, {"email": clinician.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    def page(response):  # each answer carries its own CSRF token; nothing else may differ
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert page(known) == page(unknown)
    run_jobs()
    assert [m.to for m in mail.outbox] == [[clinician.email]]


def test_a_reset_link_sets_a_long_passphrase_once(client, clinician, run_jobs):
    client.post(RESET, {"email": clinician.email.upper()})
    run_jobs()
    link = _link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]  # Django moves the token out of the URL
    long = NEW * 6  # 210 characters
    done = client.post(set_url, {"new_password1": long, "new_password2": long})
    assert done.url == reverse("password_reset_complete")
    clinician.refresh_from_db()
    assert clinician.check_password(long)
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()
    assert AuditEvent.objects.filter(action="password-set", actor=clinician).exists()
    # The second step still stands between a new password and the records.
    client.post(reverse("login"), {"username": clinician.email, "password": long})
    assert client.get(reverse("review:queue")).url.startswith(reverse("accounts:mfa-setup"))


def test_asking_again_within_10_minutes_sends_one_email(client, clinician, run_jobs):
    for _ in range(3):
        client.post(RESET, {"email": clinician.email})
    run_jobs()
    assert len(mail.outbox) == 1


def test_a_deactivated_account_gets_no_link(client, clinician, run_jobs):
    clinician.is_active = False
    clinician.save()
    client.post(RESET, {"email": clinician.email})
    run_jobs()
    assert mail.outbox == []


def test_reset_requests_from_one_address_are_limited(client):
    for n in range(5):
        assert client.post(RESET, {"email": f"p{n}@example.org"}).status_code == 302
    assert client.post(RESET, {"email": "p9@example.org"}).status_code == 429


def test_the_login_page_offers_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_the_link_is_never_in_the_audit_trail(client, clinician, run_jobs):
    client.post(RESET, {"email": clinician.email})
    run_jobs()
    token = _link(mail.outbox[0]).rstrip("/").split("/")[-1]
    details = " ".join(str(d) for d in AuditEvent.objects.values_list("detail", flat=True))
    assert token not in details and clinician.email not in details
