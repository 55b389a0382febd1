"""Staff login."""

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'autocomplete="current-password"' in response.content


def test_a_wrong_password_gets_a_message_and_keeps_the_username(client, clinician):
    response = client.post(reverse("login"), {"username": clinician.username,
                                              "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter a correct username and password" in html
    assert f'value="{clinician.username}"' in html


def test_a_clinician_logs_in_and_lands_on_the_queue(client, clinician):
    response = client.post(reverse("login"), {"username": clinician.username,
                                              "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("review:queue")


def test_logout_needs_a_post_and_ends_the_session(client, clinician):
    factories.staff_login(client, clinician)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("review:queue")).status_code == 302


def test_a_username_longer_than_any_account_is_refused_calmly(client):
    """Found by the fuzzing: Django never enforced the field's length, and the lockout's
    table cannot hold a megabyte-long name (a 500)."""
    response = client.post(reverse("login"), {"username": "x" * 1_000_000, "password": "y"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_the_address_logs_in_however_it_is_capitalised(client, clinician):
    response = client.post(reverse("login"), {"username": " Dana.Clinician@Example.ORG ",
                                              "password": PASSWORD})
    assert response.status_code == 302
    assert "Email" in client.get(reverse("login")).content.decode()
