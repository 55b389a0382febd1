"""Consent: the current version shown in full, a typed-name signature, no submission without."""

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.models import ConsentDocument
from intake import services
from intake.models import ConsentSignature
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_client(client):
    intake = factories.draft_intake()
    ConsentSignature.objects.filter(intake=intake).delete()
    factories.in_session(client, intake)
    return client, intake


def test_the_consent_page_shows_the_whole_current_document(draft_client):
    client, _intake = draft_client
    html = client.get(reverse("intake:consent")).content.decode()
    document = ConsentDocument.objects.get(version=1, language="en")
    assert document.title in html
    assert "This is not an emergency service." in html  # from the middle of the text
    assert "Type your full legal name to sign" in html


def test_signing_stores_version_time_and_ip(draft_client):
    client, intake = draft_client
    response = client.post(reverse("intake:consent"),
                           {"typed_name": "  ana   SILVA ", "agree": "on"},
                           REMOTE_ADDR="203.0.113.7")
    assert response.url == reverse("intake:review")
    signature = ConsentSignature.objects.get(intake=intake)
    assert (signature.document.version, signature.typed_name, signature.ip_address) == (
        1, "ana SILVA", "203.0.113.7")
    assert signature.signed_on == timezone.localdate()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"typed_name": "Someone Else", "agree": "on"}, "typed_name", "exactly as you gave"),
        ({"typed_name": "Ana Silva"}, "agree", "Please tick this box"),
        ({"agree": "on"}, "typed_name", "Please type your name"),
    ],
)
def test_a_bad_signature_gets_a_message_by_the_field(draft_client, data, field, message):
    client, intake = draft_client
    response = client.post(reverse("intake:consent"), data, follow=True)
    assert message in response.context["form"].errors[field][0]
    assert not ConsentSignature.objects.filter(intake=intake).exists()


def test_no_submission_without_consent(draft_client):
    client, intake = draft_client
    response = client.post(reverse("intake:review"))
    assert response.url == reverse("intake:consent")
    with pytest.raises(services.IntakeIncomplete, match="consent"):
        services.intake_submit(intake_id=intake.pk)


def test_a_new_consent_version_must_be_signed_again(draft_client):
    client, intake = draft_client
    client.post(reverse("intake:consent"), {"typed_name": "Ana Silva", "agree": "on"})
    ConsentDocument.objects.create(version=2, title="Consent, revised", body="New terms.",
                                   published_at=timezone.now())  # English only, for now
    assert "consent" in services.missing_pages(intake)
    assert b"Consent, revised" in client.get(reverse("intake:consent")).content


def test_an_unpublished_draft_version_is_not_shown(draft_client):
    client, _intake = draft_client
    ConsentDocument.objects.create(version=2, title="Work in progress", body="Draft.")
    assert b"Work in progress" not in client.get(reverse("intake:consent")).content


def test_a_signed_version_cannot_be_changed_in_the_admin(client, clinic_admin):
    intake = factories.draft_intake()
    factories.staff_login(client, clinic_admin)
    url = reverse("admin:clinic_consentdocument_change", args=[intake.consent.document.pk])
    response = client.post(url, {"version": 1, "title": "Changed", "body": "x"})
    assert response.status_code == 403


def test_a_spanish_speaker_signs_the_spanish_version_of_the_same_consent(draft_client):
    client, intake = draft_client
    html = client.get(reverse("intake:consent"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Consentimiento para esta solicitud" in html
    client.post(reverse("intake:consent"), {"typed_name": "Ana Silva", "agree": "on"},
                HTTP_ACCEPT_LANGUAGE="es")
    signature = ConsentSignature.objects.get(intake=intake)
    assert (signature.document.version, signature.document.language) == (1, "es")
    assert "consent" not in services.missing_pages(intake)
