"""Staff sessions end on the server: 15 minutes idle, 12 hours at most; logging out ends
the session there too. (Time travel: the stored session is moved back in time.)"""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from kapclinic.middleware import SESSION_STAFF_SINCE
from tests import factories

pytestmark = pytest.mark.django_db
QUEUE = reverse("review:queue")


def _login(client, clinician):
    client.post(reverse("login"), {"username": clinician.username,
                                   "password": "correct horse battery staple"})
    client.post(reverse("accounts:mfa-verify"), {"code": factories.app_code(clinician)})
    assert client.get(QUEUE).status_code == 200


@pytest.fixture
def clinician(clinician):
    clinician.set_password("correct horse battery staple")
    clinician.save()
    return clinician


def test_a_staff_session_lasts_15_minutes_from_the_last_request(client, clinician):
    _login(client, clinician)
    stored = Session.objects.get(session_key=client.session.session_key)
    assert timedelta(minutes=14) < stored.expire_date - timezone.now() <= timedelta(minutes=15)
    Session.objects.filter(pk=stored.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(QUEUE)  # 15 minutes of nothing later
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_staff_session_ends_12_hours_after_login_however_busy(client, clinician):
    _login(client, clinician)
    session = client.session
    session[SESSION_STAFF_SINCE] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(QUEUE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(QUEUE).status_code == 302  # logged out, not just redirected once


def test_logging_out_ends_the_session_on_the_server(client, clinician):
    _login(client, clinician)
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_stay_logged_in_answers_and_pages_carry_the_warning(client, clinician):
    _login(client, clinician)
    assert client.get(reverse("review:keepalive")).status_code == 204
    html = client.get(QUEUE).content.decode()
    assert 'data-idle-seconds="900"' in html and 'id="session-warning"' in html


def test_a_clients_draft_session_keeps_its_longer_age(client):
    client.post(reverse("intake:start"))
    assert client.session.get_expiry_age() == 12 * 3600
    assert 'id="session-warning"' not in client.get(reverse("home")).content.decode()


def test_a_session_is_renewed_once_a_minute_not_written_on_every_page(client, clinician):
    """Renewing later can only end a session sooner, never later."""
    _login(client, clinician)
    client.get(QUEUE)
    stored = Session.objects.get(session_key=client.session.session_key)
    for _ in range(3):
        client.get(QUEUE)
    assert Session.objects.get(pk=stored.pk).expire_date == stored.expire_date  # not written
    session = client.session
    session["touched"] -= 61
    session.save()
    before = Session.objects.get(pk=stored.pk).expire_date
    client.get(QUEUE)
    assert Session.objects.get(pk=stored.pk).expire_date > before  # renewed
    assert client.get(reverse("review:keepalive")).status_code == 204
    assert Session.objects.get(pk=stored.pk).expire_date > before
