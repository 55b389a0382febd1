"""The email texts in the Django admin: clinic admins only, every change audited, a text
refused at its field when it uses what it may not, the placeholders listed on the form,
and the saved text previewed as the email it makes."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from outbox.models import EmailText
from tests import factories

pytestmark = pytest.mark.django_db

ADD = reverse("admin:outbox_emailtext_add")
LIST = reverse("admin:outbox_emailtext_changelist")
REMINDER = {"kind": "reminder", "language": "es", "subject": "{name}, le esperamos",
            "body": "Hola, {name}: {link}"}


@pytest.fixture
def admin_client(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    return client


def _changes():
    return [(e.detail["object"], e.detail["change"], e.detail["fields"]) for e in
            AuditEvent.objects.filter(action="content-change").order_by("id")]


def test_a_clinic_admin_adds_changes_and_deletes_a_text_each_on_the_record(admin_client,
                                                                           clinic_admin):
    assert admin_client.post(ADD, REMINDER).status_code == 302
    text = EmailText.objects.get()
    assert (text.kind, text.language, text.body) == ("reminder", "es", "Hola, {name}: {link}")
    change = reverse("admin:outbox_emailtext_change", args=[text.pk])
    response = admin_client.post(change, {"subject": text.subject,
                                          "body": "Hola, {name}. Aquí está: {link}"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.body == "Hola, {name}. Aquí está: {link}"
    admin_client.post(reverse("admin:outbox_emailtext_delete", args=[text.pk]),
                      {"post": "yes"})
    assert not EmailText.objects.exists()
    assert _changes() == [
        ("outbox.emailtext", "added", ["kind", "language", "subject", "body"]),
        ("outbox.emailtext", "changed", ["body"]),
        ("outbox.emailtext", "deleted", []),
    ]
    assert AuditEvent.objects.filter(action="content-change", actor=clinic_admin).count() == 3


def test_the_audit_page_names_the_change_in_words():
    from review.words import describe

    assert describe("content-change", {"object": "outbox.emailtext", "id": 4,
                                       "change": "changed", "fields": ["body"]}, {}) == (
        "Email text 4 changed: text")


@pytest.mark.parametrize(("field", "written", "expected"), [
    ("body", "Hola {intake.email}: {link}",
     "{intake.email} is not a placeholder this email may use. This email may use: {name}, "
     "{clinic}, {clinic_phone}, {link}, {days}."),
    ("body", "Hola {name.__class__}: {link}", "{name.__class__} is not a placeholder"),
    ("body", "Hola {name}, vuelva pronto.", "Keep {link} in the text"),
    ("body", "Hola {{name}}: {link}", "Curly braces are only for placeholders"),
    ("subject", "Su enlace: {link}", "{link} goes in the text, never in the subject."),
])
def test_a_text_is_refused_at_its_field_and_nothing_is_saved(admin_client, field, written,
                                                             expected):
    response = admin_client.post(ADD, REMINDER | {field: written})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(expected)
    assert expected in response.content.decode().replace("&#x27;", "'")
    assert not EmailText.objects.exists() and _changes() == []


def test_a_second_text_for_the_same_email_and_language_is_refused(admin_client):
    admin_client.post(ADD, REMINDER)
    response = admin_client.post(ADD, REMINDER)
    assert response.status_code == 200
    assert ("The clinic already has its own text for this email in this language"
            in response.content.decode())
    assert EmailText.objects.count() == 1


def test_a_staff_invitation_is_refused_in_a_language_it_is_never_sent_in(admin_client):
    response = admin_client.post(ADD, {"kind": "staff-invite", "language": "es",
                                       "subject": "Bienvenida", "body": "{link}"})
    assert response.context["adminform"].form.errors["language"] == [
        "Staff invitations are sent in English, the site's language: a text in another "
        "language would never be sent."]


def test_the_add_form_lists_each_emails_placeholders_and_where_to_start(admin_client):
    EmailText.objects.create(kind="confirmation", language="en", subject="s", body="b")
    html = admin_client.get(ADD).content.decode()
    assert "<code>{link}</code>: Their own link back to their application." in html
    assert "<code>{inviter}</code>" in html and "<code>{hours}</code>" in html
    assert f"{ADD}?kind=reminder&amp;language=es" in html
    assert "start from the shipped text in Spanish" in html
    own = EmailText.objects.get()
    assert reverse("admin:outbox_emailtext_change", args=[own.pk]) in html
    assert f"{ADD}?kind=confirmation&amp;language=en" not in html  # it has its own
    assert f"{ADD}?kind=staff-invite&amp;language=es" not in html  # never sent


def test_the_add_form_starts_from_the_shipped_text_in_the_chosen_language(admin_client):
    form = admin_client.get(f"{ADD}?kind=reminder&language=es").context["adminform"].form
    assert form.initial["subject"] == "Su solicitud con {clinic} le está esperando"
    assert form.initial["body"].startswith("Hola, {name}:\n\nUsted comenzó una solicitud")
    assert "{link}" in form.initial["body"]


def test_the_change_form_lists_the_kinds_placeholders_and_previews_the_saved_text(
        admin_client):
    from clinic.models import ClinicProfile

    ClinicProfile.objects.filter(pk=1).update(name="Harbor Light Clinic")
    text = EmailText.objects.create(kind="confirmation", language="es",
                                    subject="Recibida, {name}",
                                    body="Gracias, {name}. <b>Hasta pronto</b>")
    url = reverse("admin:outbox_emailtext_change", args=[text.pk])
    html = admin_client.get(url).content.decode()
    assert "<code>{clinic_phone}</code>" in html
    assert "<code>{link}</code>" not in html  # not this email's
    assert "the app always adds the crisis lines" in html
    assert "Subject: <strong>Recibida, Alex</strong>" in html
    assert ("Gracias, Alex. &lt;b&gt;Hasta pronto&lt;/b&gt;<br><br>Si las cosas se ponen "
            "difíciles") in html  # plain text, shown as written
    assert "Línea 988" in html and "Harbor Light Clinic" in html
    # What is previewed is the saved text, not a refused one still in the form.
    refused = admin_client.post(url, {"subject": "x", "body": "{intake}"}).content.decode()
    assert "Gracias, Alex." in refused and "Subject: <strong>Recibida, Alex" in refused


@pytest.mark.parametrize("url", [LIST, ADD, reverse("admin:outbox_emailtext_change",
                                                    args=[1])])
def test_a_clinician_is_told_the_admin_is_not_for_their_role(client, clinician, url):
    factories.staff_login(client, clinician)
    EmailText.objects.create(pk=1, kind="confirmation", language="en", subject="s",
                             body="b")
    assert client.get(url, follow=True).status_code == 403
    assert client.post(url, REMINDER, follow=True).status_code == 403
    assert EmailText.objects.count() == 1 and _changes() == []
    assert not clinician.has_perm("outbox.change_emailtext")
