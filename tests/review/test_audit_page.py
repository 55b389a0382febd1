"""The audit trail page: clinic admins only, with filters."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("review:audit")


def test_admins_read_who_saw_what(client, clinician, clinic_admin):
    intake = factories.submitted_intake()
    other = factories.submitted_intake(email="other@example.org")
    client.force_login(clinician)
    client.get(reverse("review:intake", args=[intake.pk]), REMOTE_ADDR="10.9.8.7")
    client.get(reverse("review:intake", args=[other.pk]))
    client.force_login(clinic_admin)
    html = client.get(URL).content.decode()
    assert clinician.username in html and "10.9.8.7" in html
    filtered = client.get(URL, {"intake": str(intake.pk)})
    events = list(filtered.context["page"].object_list)
    assert [e.intake_id for e in events] == [intake.pk]


def test_clinicians_and_others_cannot_read_the_audit_trail(client, clinician, plain_user):
    assert client.get(URL).status_code == 302
    client.force_login(clinician)
    assert client.get(URL).url.startswith(reverse("login"))
    client.force_login(plain_user)
    assert client.get(URL).url.startswith(reverse("login"))
