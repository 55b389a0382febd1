"""Lockout: 5 wrong passwords for one username, or from one address, lock logins for 15
minutes; the right password is refused meanwhile; every attempt and the lockout are in the
audit trail."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")


def _try(client, username, password, ip="10.0.0.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client,
                                                                            clinician):
    for _n in range(4):
        assert _try(client, clinician.username, "wrong").status_code == 200  # form again
    locked = _try(client, clinician.username, "wrong")
    assert locked.status_code == 429 and "Logging in is paused" in locked.content.decode()
    right = _try(client, clinician.username, factories.PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Every attempt is recorded: the five wrong ones and the right one refused while locked.
    assert AuditEvent.objects.filter(action="login-failed").count() == 6
    lockouts = AuditEvent.objects.filter(action="lockout").order_by("id")
    assert lockouts.count() == 2  # at the fifth failure, and the refused attempt after it
    assert lockouts[0].detail["username"] == clinician.username
    assert not AuditEvent.objects.filter(action="login").exists()


def test_the_lock_lifts_after_15_minutes(client, clinician):
    for _n in range(5):
        _try(client, clinician.username, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _try(client, clinician.username, factories.PASSWORD).status_code == 302


def test_one_address_trying_many_usernames_is_locked_too(client, clinician):
    for n in range(5):
        _try(client, f"guess{n}@example.org", "wrong", ip="10.9.9.9")
    assert _try(client, clinician.username, factories.PASSWORD, ip="10.9.9.9").status_code \
        == 429
    # The same person from elsewhere is not locked out by someone else's guessing.
    assert _try(client, clinician.username, factories.PASSWORD, ip="10.1.1.1").status_code \
        == 302
