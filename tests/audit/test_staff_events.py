"""Logins, failed logins, logouts and each queue page viewed are in the audit trail."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _actions():
    return list(AuditEvent.objects.order_by("id").values_list("action", "actor", "detail"))


def test_a_login_a_failed_login_and_a_logout_are_recorded(client, clinician):
    client.post(reverse("login"), {"username": clinician.username, "password": "wrong"},
                REMOTE_ADDR="10.1.2.3")
    client.post(reverse("login"), {"username": clinician.username,
                                   "password": factories.PASSWORD}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("logout"))
    failed, login, logout = AuditEvent.objects.order_by("id")
    assert (failed.action, failed.actor, failed.ip_address) == ("login-failed", None,
                                                                "10.1.2.3")
    assert failed.detail == {"username": clinician.username}  # never the password
    assert (login.action, login.actor) == ("login", clinician)
    assert (logout.action, logout.actor) == ("logout", clinician)


def test_each_queue_page_viewed_records_which_intakes_it_showed(client, clinician):
    shown = [factories.submitted_intake(email=f"c{n}@example.org") for n in range(3)]
    factories.staff_login(client, clinician)
    client.get(reverse("review:queue"))
    event = AuditEvent.objects.get(action="queue-view")
    assert event.actor == clinician and event.detail["page"] == 1
    assert set(event.detail["intakes"]) == {str(i.pk) for i in shown}
