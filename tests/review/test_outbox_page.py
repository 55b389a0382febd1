"""Outgoing email as clinic admins see it, and the banner every staff page shows while an
email problem is unseen."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from outbox import services
from outbox.models import OutgoingMessage
from tests import factories

pytestmark = pytest.mark.django_db

Status = OutgoingMessage.Status
BANNER = "Email problem"


def _urgent_alert(intake, *, minutes_ago=0, status=Status.QUEUED):
    message = services.message_enqueue(
        kind=OutgoingMessage.Kind.URGENT_ALERT, recipient=OutgoingMessage.Recipient.CLINICIANS,
        params={"intake": str(intake.pk)})
    OutgoingMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago), status=status)
    return message


def test_admins_see_kind_recipient_status_and_tries_but_never_a_body(client, clinic_admin,
                                                                      run_jobs):
    intake = factories.submitted_intake()
    run_jobs()
    factories.staff_login(client, clinic_admin)
    html = client.get(reverse("review:outbox")).content.decode()
    assert "Application received" in html and "Client" in html and "Sent" in html
    for private in (intake.email, intake.first_name, "has reached us", "/intake/resume/"):
        assert private not in html


def test_the_status_filter_and_counts(client, clinic_admin):
    services.test_email_send(address="a@example.org")
    failed = services.test_email_send(address="b@example.org")
    OutgoingMessage.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    factories.staff_login(client, clinic_admin)
    response = client.get(reverse("review:outbox"), {"status": "failed"})
    assert [m.pk for m in response.context["page"].object_list] == [failed.pk]
    assert ("queued", "Queued", 1) in response.context["counts"]


def test_the_page_makes_the_same_queries_for_1_and_60_messages(client, clinic_admin,
                                                               django_assert_num_queries):
    factories.staff_login(client, clinic_admin)
    services.test_email_send(address="a@example.org")
    # Staff pages carry no public menu; the session is renewed once a minute, not written.
    with django_assert_num_queries(10) as one:
        client.get(reverse("review:outbox"))
    for n in range(59):
        services.test_email_send(address=f"a{n}@example.org")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("review:outbox"))


@pytest.mark.parametrize("persona", ["clinician", "clinic_admin"])
def test_an_urgent_alert_unsent_after_five_minutes_is_on_every_staff_page(client, request,
                                                                          persona):
    intake = factories.submitted_intake()
    factories.staff_login(client, request.getfixturevalue(persona))
    _urgent_alert(intake, minutes_ago=1)
    assert BANNER not in client.get(reverse("review:queue")).content.decode()
    _urgent_alert(intake, minutes_ago=6)
    for page in ("review:queue", "review:stats"):
        html = client.get(reverse(page)).content.decode()
        assert BANNER in html and "urgent-case alert has not gone out" in html


def test_a_sent_alert_clears_the_banner_by_itself(client, clinician):
    intake = factories.submitted_intake()
    message = _urgent_alert(intake, minutes_ago=6)
    factories.staff_login(client, clinician)
    assert BANNER in client.get(reverse("review:queue")).content.decode()
    OutgoingMessage.objects.filter(pk=message.pk).update(status=Status.SENT,
                                                         sent_at=timezone.now())
    assert BANNER not in client.get(reverse("review:queue")).content.decode()


def test_clients_never_see_the_banner(client):
    draft = factories.draft_intake()
    _urgent_alert(draft, minutes_ago=30)
    assert BANNER not in client.get(reverse("home")).content.decode()


def test_a_failed_email_stays_until_an_admin_marks_it_seen(client, clinic_admin, clinician):
    message = services.test_email_send(address="a@example.org")
    OutgoingMessage.objects.filter(pk=message.pk).update(status=Status.FAILED)
    factories.staff_login(client, clinician)
    queue = client.get(reverse("review:queue")).content.decode()
    assert "could not be sent after every try" in queue
    assert client.post(reverse("review:outbox-seen", args=[message.pk])).status_code == 403
    assert OutgoingMessage.objects.get(pk=message.pk).seen_at is None  # clinicians cannot
    factories.staff_login(client, clinic_admin)
    client.post(reverse("review:outbox-seen", args=[message.pk]))
    message.refresh_from_db()
    assert message.seen_by == clinic_admin
    assert BANNER not in client.get(reverse("review:queue")).content.decode()
    assert AuditEvent.objects.filter(action="message-seen", actor=clinic_admin).exists()


def test_an_admin_sends_a_test_email_through_the_queue(client, clinic_admin, run_jobs):
    from django.core import mail

    factories.staff_login(client, clinic_admin)
    response = client.post(reverse("review:outbox-test"), follow=True)
    assert "A test email is queued" in response.content.decode()
    assert mail.outbox == []
    run_jobs()
    assert mail.outbox[0].to == [clinic_admin.email]
    assert AuditEvent.objects.filter(action="test-email", actor=clinic_admin).exists()


def test_pages_of_the_list_keep_the_filter(client, clinic_admin):
    for n in range(101):
        services.test_email_send(address=f"a{n}@example.org")
    factories.staff_login(client, clinic_admin)
    html = client.get(reverse("review:outbox"), {"status": "queued"}).content.decode()
    assert 'href="?status=queued&amp;page=2"' in html
