"""The clients' emails in the clinic's own words: its text for the email's language when it
wrote one, the shipped one otherwise; the crisis lines and the clinic's signature below
whatever it wrote; never a health detail."""

import re

import pytest
from django.core import mail

from clinic.models import ClinicProfile, CrisisResource
from intake import services
from intake.models import Intake
from outbox.models import EmailText, OutgoingMessage
from tests import factories

pytestmark = pytest.mark.django_db

Kind = OutgoingMessage.Kind


@pytest.fixture
def harbor(db):
    ClinicProfile.objects.filter(pk=1).update(name="Harbor Light Clinic", phone="555-0199")


def _reminder_for(language, email):
    intake = services.intake_start(language=language)
    services.intake_save_contact(intake=intake, first_name="Ana", last_name="Silva",
                                 email=email)
    services.resume_link_send(intake=intake)
    return intake


def _sent_to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def test_the_clinics_text_is_sent_in_its_language_and_ours_in_the_other(harbor, run_jobs):
    EmailText.objects.create(
        kind=Kind.RESUME_LINK, language="es", subject="{name}, su enlace de {clinic}",
        body="Hola {name}: siga aquí {link} (vale {days} días). Llámenos: {clinic_phone}.")
    spanish = _reminder_for("es", "ana@example.org")
    _reminder_for("en", "bo@example.org")
    run_jobs()
    ours = _sent_to("ana@example.org")
    assert ours.subject == "Ana, su enlace de Harbor Light Clinic"
    link = re.search(r"http://\S+/intake/resume/\S+/", ours.body)[0]
    assert ours.body.startswith(f"Hola Ana: siga aquí {link} (vale 14 días). Llámenos: "
                                "555-0199.\n")
    assert services.resume_token_intake(link.rstrip("/").rsplit("/", 1)[1]) == spanish
    shipped = _sent_to("bo@example.org")  # no English text of the clinic's: ours
    assert shipped.subject == "Your link to continue with Harbor Light Clinic"
    assert shipped.body.startswith("Hello Ana,\n\nYour answers are saved.")


def test_a_text_in_one_language_leaves_the_other_kinds_alone(harbor, run_jobs):
    EmailText.objects.create(kind=Kind.CONFIRMATION, language="en", subject="Got it",
                             body="Thanks, {name}.")
    _reminder_for("en", "ana@example.org")
    run_jobs()
    assert _sent_to("ana@example.org").subject == (
        "Your link to continue with Harbor Light Clinic")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_crisis_lines_and_signature_stay_below_the_clinics_confirmation(
        harbor, run_jobs, language):
    EmailText.objects.create(kind=Kind.CONFIRMATION, language=language,
                             subject="Received", body="Thanks, {name}. Talk soon.")
    intake = factories.draft_intake()
    Intake.objects.filter(pk=intake.pk).update(language=language)
    services.intake_submit(intake_id=intake.pk)
    run_jobs()
    body = _sent_to("ana@example.org").body
    lines = CrisisResource.objects.filter(language=language)
    assert lines.exists()
    expected = "\n".join(f"- {line.name}: {line.how}" for line in lines)
    heading = {"en": "If things get hard while you wait, you don't have to wait alone:",
               "es": "Si las cosas se ponen difíciles mientras espera, no tiene que "
                     "esperar a solas:"}[language]
    assert body == (f"Thanks, Ana. Talk soon.\n\n{heading}\n{expected}\n\n"
                    "Harbor Light Clinic · 555-0199\n")


def test_the_link_emails_keep_the_crisis_lines_below_the_clinics_text(harbor, run_jobs):
    EmailText.objects.create(kind=Kind.RESUME_LINK, language="en", subject="Your link",
                             body="{link}")
    _reminder_for("en", "ana@example.org")
    run_jobs()
    body = _sent_to("ana@example.org").body
    assert "If you are thinking about ending your life or are in danger" in body
    assert "988" in body and body.endswith("Harbor Light Clinic · 555-0199\n")


def test_a_text_saved_around_the_form_reaches_nothing_and_is_set_aside(harbor, run_jobs,
                                                                        caplog):
    """The check runs again when sending: a text that fails it (written to the table
    directly, or left from an older release) is not sent; the shipped one is."""
    EmailText.objects.create(kind=Kind.CONFIRMATION, language="en",
                             subject="{name.__class__}",
                             body="{intake.email} {intake.last_name} {name.__init__}")
    factories.submitted_intake()
    run_jobs()
    message = _sent_to("ana@example.org")
    assert message.subject == "We received your application to Harbor Light Clinic"
    assert message.body.startswith("Hello Ana,\n\nThank you.")
    assert "Silva" not in message.body and "class" not in message.body
    assert "fails its check" in caplog.text


def test_nothing_but_the_placeholders_values_reaches_a_clinics_text(harbor, run_jobs):
    """Whatever the clinic writes, what varies from one client to the next is the first
    name and the link: no surname, address, answers, scores or tier."""
    EmailText.objects.create(
        kind=Kind.CONFIRMATION, language="en", subject="{name} at {clinic} {clinic_phone}",
        body="{name} {clinic} {clinic_phone}")
    intake = factories.submitted_intake()
    run_jobs()
    message = _sent_to("ana@example.org")
    assert message.subject == "Ana at Harbor Light Clinic 555-0199"
    everything = message.subject + message.body
    for detail in ("Silva", "ana@example.org", "1988", "likely", "PHQ", str(intake.pk)):
        assert detail not in everything


def test_a_client_whose_name_looks_like_a_placeholder_gets_it_as_written(harbor,
                                                                          run_jobs):
    EmailText.objects.create(kind=Kind.RESUME_LINK, language="en", subject="Hi {name}",
                             body="Hi {name}: {link}")
    intake = services.intake_start()
    services.intake_save_contact(intake=intake, first_name="{link}", email="x@example.org")
    services.resume_link_send(intake=intake)
    run_jobs()
    message = _sent_to("x@example.org")
    assert message.subject == "Hi {link}"
    assert message.body.startswith("Hi {link}: http://")
