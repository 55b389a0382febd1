"""Limits on what anyone can ask of the public pages: new drafts, and emails with links
(per sending address, and one link every 10 minutes per email address, whoever asks)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import Intake
from intake.views import INTAKE_STARTS, LINK_EMAILS
from outbox.models import OutgoingMessage
from tests import factories
from throttle.models import Hit
from throttle.services import Limit, hit, hits_forget

pytestmark = pytest.mark.django_db
START = reverse("intake:start")


def _start_fresh(client, **extra):
    """A new visitor each time (a script drops its cookies)."""
    client.cookies.clear()
    return client.post(START, **extra)


def test_one_address_may_start_20_drafts_an_hour_then_waits(client):
    for _ in range(INTAKE_STARTS.count):
        assert _start_fresh(client).status_code == 302
    refused = _start_fresh(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Please wait a little" in refused.content.decode()
    assert Intake.objects.count() == INTAKE_STARTS.count  # nothing made by the refused one
    assert client.get(START).status_code == 200  # reading is never limited
    other = _start_fresh(client, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_the_wait_page_speaks_the_clients_language(client):
    client.cookies["django_language"] = "es"
    for _ in range(INTAKE_STARTS.count):
        client.post(START)
    refused = client.post(START)
    assert refused.status_code == 429
    assert 'lang="es"' in refused.content.decode()
    assert "Por favor, espere un poco" in refused.content.decode()


def test_link_requests_from_one_address_are_limited(client):
    for n in range(LINK_EMAILS.count):
        client.post(reverse("intake:resume-request"), {"email": f"p{n}@example.org"})
    assert client.post(reverse("intake:resume-request"),
                       {"email": "one-more@example.org"}).status_code == 429


def test_an_address_gets_one_link_every_10_minutes_however_many_drafts_name_it(run_jobs):
    """The attack: start draft after draft with someone else's address and press "Save
    and finish later" on each."""
    drafts = []
    for _ in range(5):
        draft = services.intake_start()
        services.intake_save_contact(intake=draft, email="someone.else@example.org")
        drafts.append(draft)
    sent = [services.resume_link_send(intake=d) for d in drafts]
    assert sent == [True, False, False, False, False]
    run_jobs()
    assert len(mail.outbox) == 1
    OutgoingMessage.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    assert services.resume_link_send(intake=drafts[3]) is True


def test_the_pause_page_counts_against_the_same_budget(client):
    for _ in range(LINK_EMAILS.count):
        draft = factories.draft_intake(email="ana@example.org")
        factories.in_session(client, draft)
        assert client.post(reverse("intake:pause")).status_code == 200
    assert client.post(reverse("intake:pause")).status_code == 429


def test_a_counter_keeps_no_address_and_resets_each_window():
    limit = Limit("test", 2, timedelta(minutes=10))
    now = timezone.now()
    assert [hit(limit, "203.0.113.9", now=now) for _ in range(3)] == [True, True, False]
    assert hit(limit, "203.0.113.9", now=now + timedelta(minutes=10)) is True
    assert not Hit.objects.filter(key__contains="203.0.113.9").exists()
    assert hits_forget(before=now + timedelta(days=1)) == 2
