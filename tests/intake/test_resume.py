"""Save and finish later: resume links by email, expiry, renewal, reminders."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intake import services, tokens
from intake.models import Intake, ResumeToken
from intake.views import SESSION_DRAFT
from outbox.models import OutgoingMessage
from tests import factories

pytestmark = pytest.mark.django_db


def _link(message):
    return re.search(r"http://[^\s]+/intake/resume/([^/\s]+)/", message.body)


@pytest.fixture
def draft(db):
    intake = services.intake_start()
    services.intake_save_contact(intake=intake, first_name="Ana", last_name="Silva",
                                 preferred_name="Annie", email="ana@example.org")
    return intake


def test_the_pause_page_emails_a_link_that_is_stored_only_as_a_hash(client, draft, run_jobs):
    factories.in_session(client, draft)
    response = client.post(reverse("intake:pause"), {"email": "ana@example.org"})
    assert b"Check your email" in response.content
    assert not ResumeToken.objects.exists()  # the token is made when the email is sent
    run_jobs()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Hello Annie" in message.body  # the name they asked us to use, nothing more
    raw = _link(message)[1]
    stored = ResumeToken.objects.get()
    assert stored.token_hash == tokens.token_hash(raw) and raw not in stored.token_hash
    assert stored.expires_at - timezone.now() > timedelta(days=13, hours=23)


def test_a_resume_link_continues_at_the_first_unfinished_page_in_a_new_browser(client, draft):
    raw = services.resume_link_create(intake=draft)
    url = reverse("intake:resume", args=[raw])
    opened = client.get(url)  # opening (or a mail scanner fetching) changes nothing
    assert b"Continue my application" in opened.content
    assert SESSION_DRAFT not in client.session
    response = client.post(url)
    assert response.url == reverse("intake:contact")  # date of birth and state still missing
    assert client.session[SESSION_DRAFT] == str(draft.pk)


def test_a_resume_link_works_once(client, draft):
    url = reverse("intake:resume", args=[services.resume_link_create(intake=draft)])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 410
    assert client.get(url).status_code == 410


def test_a_link_leads_to_the_first_page_not_yet_done(client, draft):
    services.intake_save_contact(intake=draft, date_of_birth=timezone.localdate().replace(
        year=1990), state="CA")
    url = reverse("intake:resume", args=[services.resume_link_create(intake=draft)])
    assert client.post(url).url == reverse("intake:questionnaire", args=["candidacy"])


def test_an_expired_link_offers_a_new_one_without_saying_who_applied(client, draft, run_jobs):
    raw = services.resume_link_create(intake=draft)
    ResumeToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("intake:resume", args=[raw]))
    assert response.status_code == 410
    assert b"Send me a new link" in response.content
    known = client.post(reverse("intake:resume-request"), {"email": "ANA@example.org"})
    unknown = client.post(reverse("intake:resume-request"), {"email": "who@example.org"})
    def main(response, email):
        html = response.content.decode()
        return html[html.index("<main"):html.index("</main>")].replace(email, "X")

    assert main(known, "ANA@example.org") == main(unknown, "who@example.org")
    run_jobs()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    new_raw = _link(mail.outbox[0])[1]
    assert client.post(reverse("intake:resume", args=[new_raw])).status_code == 302


def test_a_made_up_token_is_refused(client, draft):
    assert client.get(reverse("intake:resume", args=["x" * 43])).status_code == 410
    assert client.post(reverse("intake:resume", args=["x" * 43])).status_code == 410


def test_a_link_to_a_submitted_intake_no_longer_works(client):
    intake = factories.draft_intake()
    raw = services.resume_link_create(intake=intake)
    services.intake_submit(intake_id=intake.pk)
    assert client.post(reverse("intake:resume", args=[raw])).status_code == 410


def test_reminders_go_after_2_and_7_days_and_never_a_third_time(draft, run_jobs):
    Intake.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=1))
    assert services.draft_reminders_send() == 0
    Intake.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=3))
    call_command("send_draft_reminders")
    run_jobs()
    assert len(mail.outbox) == 1 and _link(mail.outbox[0])
    assert services.draft_reminders_send() == 0  # the second waits for day 7
    Intake.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=8))
    assert services.draft_reminders_send() == 1
    run_jobs()
    Intake.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=30))
    assert services.draft_reminders_send() == 0
    draft.refresh_from_db()
    assert draft.reminders_sent == 2
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Silva" not in message.body  # first (or preferred) name only
        assert "Hello Annie" in message.body


def test_a_long_forgotten_draft_gets_one_reminder_per_run(draft):
    Intake.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=20))
    assert services.draft_reminders_send() == 1
    assert services.draft_reminders_send() == 1
    assert services.draft_reminders_send() == 0


def test_submitted_intakes_get_no_reminders():
    intake = factories.submitted_intake()
    Intake.objects.filter(pk=intake.pk).update(updated_at=timezone.now() - timedelta(days=9))
    assert services.draft_reminders_send() == 0


def test_a_page_sent_after_the_session_ended_offers_a_link_back(client, draft):
    response = client.post(reverse("intake:questionnaire", args=["candidacy"]),
                           {"childhood-trauma": "yes"})
    assert response.status_code == 409
    assert b"find your application" in response.content
    assert reverse("intake:resume-request").encode() in response.content


def test_answering_counts_as_activity_for_the_reminders(draft):
    Intake.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=5))
    services.response_save(intake=draft, questionnaire="gad-7", answers={})
    assert services.draft_reminders_send() == 0


def test_a_refused_address_does_not_undo_the_other_reminders(draft, run_jobs, monkeypatch):
    other = services.intake_start()
    services.intake_save_contact(intake=other, first_name="Bo", email="bo@example.org")
    Intake.objects.update(updated_at=timezone.now() - timedelta(days=3))
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def refuse_ana(self, messages):
        if any("ana@example.org" in m.to for m in messages):
            raise OSError("refused")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_ana)
    assert services.draft_reminders_send() == 2
    run_jobs()
    assert [m.to for m in mail.outbox] == [["bo@example.org"]]
    assert services.draft_reminders_send() == 0  # counted once, not queued every run
    retrying = OutgoingMessage.objects.get(status="retrying")
    assert (retrying.attempts, retrying.last_error) == (1, "OSError")
    assert not ResumeToken.objects.filter(intake=draft).exists()  # its link was never sent


def test_a_new_link_replaces_the_old_one(draft):
    old = services.resume_link_create(intake=draft)
    new = services.resume_link_create(intake=draft)
    assert services.resume_token_intake(old) is None
    assert services.resume_token_intake(new) == draft


def test_asking_again_and_again_sends_one_email_every_few_minutes(client, draft, run_jobs):
    url = reverse("intake:resume-request")
    for _attempt in range(5):
        assert client.post(url, {"email": "ana@example.org"}).status_code == 200
    run_jobs()
    assert len(mail.outbox) == 1
    OutgoingMessage.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    client.post(url, {"email": "ana@example.org"})
    run_jobs()
    assert len(mail.outbox) == 2


def test_a_reminder_speaks_the_language_the_client_used(client, run_jobs):
    client.cookies["django_language"] = "es"
    client.post(reverse("intake:start"))
    intake = Intake.objects.get()
    assert intake.language == "es"
    services.intake_save_contact(intake=intake, first_name="Ana", email="ana@example.org")
    Intake.objects.update(updated_at=timezone.now() - timedelta(days=3))
    services.draft_reminders_send()  # as the worker runs it: no request, no language
    run_jobs()
    assert mail.outbox[0].body.startswith("Hola, Ana:")


def test_the_pause_page_cannot_send_the_link_to_another_address(client, draft, run_jobs):
    factories.in_session(client, draft)
    page = client.get(reverse("intake:pause")).content.decode()
    assert "We will send it to ana@example.org" in page and 'name="email"' not in page
    client.post(reverse("intake:pause"), {"email": "someone-else@example.org"})
    draft.refresh_from_db()
    assert draft.email == "ana@example.org"
    run_jobs()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_a_draft_without_an_address_gives_one_on_the_pause_page(client, run_jobs):
    intake = services.intake_start()
    factories.in_session(client, intake)
    assert 'name="email"' in client.get(reverse("intake:pause")).content.decode()
    client.post(reverse("intake:pause"), {"email": "new@example.org"})
    intake.refresh_from_db()
    assert intake.email == "new@example.org"
    run_jobs()
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_pausing_again_and_again_sends_one_email_every_few_minutes(client, draft, run_jobs):
    factories.in_session(client, draft)
    for _attempt in range(10):
        response = client.post(reverse("intake:pause"))
        assert b"Check your email" in response.content  # true: the first one is on its way
    run_jobs()
    assert len(mail.outbox) == 1
