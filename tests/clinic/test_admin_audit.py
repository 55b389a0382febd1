"""Changes made in the Django admin (settings, crisis lines, pages, consent texts) are rows
of the app's own audit trail; settings keep their old and new values."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from clinic.models import ClinicProfile, ContentPage
from tests import factories

pytestmark = pytest.mark.django_db


def _form_data(response) -> dict:
    """What the admin's change page would post back unchanged: the form and its inlines."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in
                     formset.management_form.initial.items()})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = [str(v) for v in value] \
                if isinstance(value, list) else value
    return data


def test_a_settings_change_keeps_old_and_new(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    profile = ClinicProfile.objects.get()
    url = reverse("admin:clinic_clinicprofile_change", args=[profile.pk])
    data = _form_data(client.get(url))
    data["minimum_age"] = "21"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="settings-change")
    assert event.actor == clinic_admin
    assert event.detail["object"] == "clinic.clinicprofile"
    assert event.detail["fields"] == {"minimum_age": [profile.minimum_age, 21]}


def test_content_pages_added_and_deleted_are_on_the_record(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    client.post(reverse("admin:clinic_contentpage_add"), {
        "title": "Parking", "slug": "parking", "language": "en", "body": "Behind the clinic.",
        "published": "on", "order": "5"})
    page = ContentPage.objects.get(slug="parking")
    client.post(reverse("admin:clinic_contentpage_delete", args=[page.pk]), {"post": "yes"})
    changes = [(e.detail["change"], e.detail["id"]) for e in
               AuditEvent.objects.filter(action="content-change").order_by("id")]
    assert changes == [("added", page.pk), ("deleted", page.pk)]


def _crisis_forms(data):
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return prefix, [i for i in range(total)]


def test_the_last_crisis_line_of_a_language_cannot_be_deleted(client, clinic_admin):
    """Every page's footer says where to get help now; it must never point to nothing."""
    from clinic.models import CrisisResource

    factories.staff_login(client, clinic_admin)
    profile = ClinicProfile.objects.get()
    url = reverse("admin:clinic_clinicprofile_change", args=[profile.pk])
    data = _form_data(client.get(url))
    prefix, rows = _crisis_forms(data)
    spanish = [i for i in rows if data.get(f"{prefix}-{i}-language") == "es"]
    assert spanish, "the shipped defaults have Spanish lines"
    for i in spanish:
        data[f"{prefix}-{i}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200  # refused, shown again
    assert "Keep at least one crisis line in Spanish" in response.content.decode()
    assert CrisisResource.objects.filter(language="es").count() == len(spanish)
    # Deleting all but one is fine.
    data.pop(f"{prefix}-{spanish[0]}-DELETE")
    response = client.post(url, data)
    assert response.status_code == 302
    assert CrisisResource.objects.filter(language="es").count() == 1


def test_the_admin_wears_the_clinics_name(client, clinic_admin):
    ClinicProfile.objects.filter(pk=1).update(name="Harbor Light Clinic")
    factories.staff_login(client, clinic_admin)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Harbor Light Clinic" in html
    assert "Django administration" not in html and "Django site admin" not in html


def test_publishing_a_consent_in_one_language_warns_where_another_is_older(
        client, clinic_admin):
    """Readers of the other language would be asked to sign the new version in a
    language not theirs (`current_consent` falls back): the admin is told so."""
    from django.utils import timezone
    from django.utils.translation import override

    from clinic.models import ConsentDocument
    from clinic.selectors import current_consent

    factories.staff_login(client, clinic_admin)
    newest = ConsentDocument.objects.order_by("-version").first().version
    url = reverse("admin:clinic_consentdocument_add")
    when = timezone.localtime()
    data = {"version": newest + 1, "language": "en", "title": "Consent",
            "body": "New text.", "published_at_0": when.strftime("%Y-%m-%d"),
            "published_at_1": (when - timezone.timedelta(minutes=1)).strftime("%H:%M:%S")}
    page = client.post(url, data, follow=True).content.decode()
    assert f"Version {newest + 1} is not published in Spanish yet" in page
    with override("es"):
        assert current_consent().language == "en"  # what the warning says happens
    data.update(language="es", title="Consentimiento", body="Texto nuevo.")
    page = client.post(url, data, follow=True).content.decode()
    assert "is not published in" not in page
    with override("es"):
        assert current_consent().language == "es"
    assert ConsentDocument.objects.filter(version=newest).count() == 2  # old stay readable


def _settings_post(client, change):
    url = reverse("admin:clinic_clinicprofile_change", args=[1])
    data = _form_data(client.get(url))
    change(data)
    return client.post(url, data)


def test_english_is_always_offered_and_another_language_needs_its_crisis_lines(
        client, clinic_admin):
    from clinic.models import CrisisResource

    factories.staff_login(client, clinic_admin)
    # Stop offering Spanish: its lines may then go too.
    response = _settings_post(client, lambda d: d.pop("languages_offered"))
    assert response.status_code == 302
    assert ClinicProfile.objects.get().languages_offered == ["en"]
    event = AuditEvent.objects.filter(action="settings-change").latest("id")
    assert event.detail["fields"]["languages_offered"] == [["es"], ["en"]]

    def drop_spanish_lines(data):
        prefix, rows = _crisis_forms(data)
        for i in rows:
            if data.get(f"{prefix}-{i}-language") == "es":
                data[f"{prefix}-{i}-DELETE"] = "on"
    assert _settings_post(client, drop_spanish_lines).status_code == 302
    assert not CrisisResource.objects.filter(language="es").exists()

    # Offering Spanish again is refused until it has a crisis line.
    response = _settings_post(client, lambda d: d.update(languages_offered=["es"]))
    assert response.status_code == 200
    assert "Keep at least one crisis line in Spanish" in response.content.decode()
    assert ClinicProfile.objects.get().languages_offered == ["en"]


def test_a_language_not_offered_is_not_shown_to_visitors(client):
    ClinicProfile.objects.filter(pk=1).update(languages_offered=["en"])
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert '<html lang="en"' in html
    assert 'name="language"' not in html  # no switcher with one language
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert '<html lang="en"' in client.get(reverse("home")).content.decode()

    ClinicProfile.objects.filter(pk=1).update(languages_offered=["en", "es"])
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="es"' in html and 'value="es"' in html


@pytest.mark.parametrize("days, accepted", [("29", False), ("30", True), ("", True)])
def test_retention_limits_are_a_month_at_least(client, clinic_admin, days, accepted):
    factories.staff_login(client, clinic_admin)
    response = _settings_post(client, lambda d: d.update(retain_closed_days=days,
                                                         retain_draft_days=days))
    assert (response.status_code == 302) is accepted
    profile = ClinicProfile.objects.get()
    if accepted:
        assert profile.retain_closed_days == (int(days) if days else None)
        assert profile.retain_draft_days == profile.retain_closed_days
    else:
        assert profile.retain_closed_days is None
        assert "greater than or equal to 30" in response.content.decode()


def test_a_page_is_previewed_as_typed_without_saving(client, clinic_admin, clinician):
    home = ContentPage.objects.get(slug="home", language="es")
    url = reverse("admin:clinic_contentpage_preview")
    data = {"slug": "home", "language": "es", "title": "Bienvenida", "summary": "",
            "body": "Un texto **nuevo**.\n\n- primero\n- segundo", "published": "on"}
    factories.staff_login(client, clinician)
    assert client.post(url, data).status_code == 302  # the admin is not a clinician's
    factories.staff_login(client, clinic_admin)
    assert client.get(url).status_code == 405
    events = AuditEvent.objects.count()

    html = client.post(url, data).content.decode()

    assert "Un texto <strong>nuevo</strong>." in html and "<li>primero</li>" in html
    assert 'id="preview-banner"' in html and '<html lang="es"' in html
    assert "Iniciar una solicitud" in html  # the home page's own buttons, in Spanish
    home.refresh_from_db()
    assert "nuevo" not in home.body and AuditEvent.objects.count() == events
    edit = client.get(reverse("admin:clinic_contentpage_change", args=[home.pk]))
    assert f'formaction="{url}"' in edit.content.decode()


def test_the_page_list_shows_each_address_in_every_language_it_is_written_in(
        client, clinic_admin):
    ContentPage.objects.create(slug="parking", language="en", title="Parking", body="Here.")
    factories.staff_login(client, clinic_admin)
    response = client.get(reverse("admin:clinic_contentpage_changelist"))
    rows = {page.slug + "/" + page.language: page.languages
            for page in response.context["cl"].result_list}
    assert rows["home/en"] == rows["home/es"] == ["en", "es"]
    assert rows["parking/en"] == ["en"]
    assert "English, Spanish" in response.content.decode()


def test_a_signed_consent_version_stays_readable_and_cannot_change(client, clinic_admin):
    from clinic.models import ConsentDocument

    intake = factories.submitted_intake()
    document = intake.consent.document
    factories.staff_login(client, clinic_admin)
    url = reverse("admin:clinic_consentdocument_change", args=[document.pk])
    page = client.get(url)
    assert page.status_code == 200 and document.title in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # read-only
    refused = client.post(url, {"version": document.version, "language": document.language,
                                "title": "Changed", "body": "Changed."})
    assert refused.status_code == 403
    assert ConsentDocument.objects.get(pk=document.pk).title == document.title
