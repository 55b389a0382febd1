"""The audit trail page: clinic admins only, with filters."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("review:audit")


def test_admins_read_who_saw_what(client, clinician, clinic_admin):
    intake = factories.submitted_intake()
    other = factories.submitted_intake(email="other@example.org")
    factories.staff_login(client, clinician)
    client.get(reverse("review:intake", args=[intake.pk]), REMOTE_ADDR="10.9.8.7")
    client.get(reverse("review:intake", args=[other.pk]))
    factories.staff_login(client, clinic_admin)
    html = client.get(URL).content.decode()
    assert clinician.username in html and "10.9.8.7" in html
    filtered = client.get(URL, {"intake": str(intake.pk)})
    events = list(filtered.context["page"].object_list)
    assert [e.intake_id for e in events] == [intake.pk]


def test_clinicians_and_others_cannot_read_the_audit_trail(client, clinician, plain_user):
    assert client.get(URL).status_code == 302
    factories.staff_login(client, clinician)
    assert client.get(URL).status_code == 403  # told so, not sent to log in again
    factories.staff_login(client, plain_user)
    assert client.get(URL).url.startswith(reverse("login"))


def test_the_next_page_keeps_the_filters(client, clinic_admin):
    from audit.models import AuditEvent
    from audit.services import audit_record_many

    audit_record_many([AuditEvent(actor=clinic_admin, action="export") for _n in range(101)])
    factories.staff_login(client, clinic_admin)
    html = client.get(URL, {"action": "export"}).content.decode()
    assert 'href="?action=export&amp;page=2"' in html
    second = client.get(URL, {"action": "export", "page": "2"}).content.decode()
    assert 'href="?action=export&amp;page=1"' in second  # not "page=2&page=1"


def test_the_service_itself_is_named_on_its_own_rows(client, clinic_admin):
    from audit.services import audit_record

    audit_record(actor=None, action="message-failed", detail={"message": 1})
    factories.staff_login(client, clinic_admin)
    assert "The service itself" in client.get(URL).content.decode()
