"""A clinic admin runs the clinic alone, in a real browser: changes the home page after
previewing it, publishes a new consent version in both languages, is stopped from deleting
the last crisis line of a language, and sets a retention policy that erases an old case."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from audit.models import AuditEvent
from clinic.models import ClinicProfile, ConsentDocument, ContentPage, CrisisResource
from clinic.roles import Role
from clinic.selectors import current_consent
from intake.models import Intake
from review.tasks import retention as retention_job
from tests import factories
from tests.e2e.helpers import login
from tests.review.test_retention import NAME, _close, _person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clinic_admin_runs_the_clinic(live_server, new_page):
    factories.staff(Role.CLINIC_ADMIN, "sam@example.org")
    clinician = factories.staff(Role.CLINICIAN, "dana@example.org")
    old_case = _person(clinician)
    _close(old_case, clinician, days_ago=45)
    page = new_page()
    login(page, live_server, "sam@example.org")
    admin = f"{live_server.url}/admin/"

    # The home page: edited, previewed as typed (nothing saved), then saved.
    home = ContentPage.objects.get(slug="home", language="en")
    page.goto(f"{admin}clinic/contentpage/{home.pk}/change/")
    page.get_by_label("Body").fill("Welcome to **Harbor Light**.\n\n- calm\n- careful")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview (not saved)").click()
    preview = opened.value  # a new tab: the fixture watches only the first, so watch it here
    errors = []
    preview.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    preview.wait_for_load_state()
    assert preview.locator("#preview-banner").is_visible()
    assert preview.locator(".page-body strong").inner_text() == "Harbor Light"
    assert preview.get_by_role("link", name="Start an application").is_visible()
    assert errors == []
    preview.close()
    home.refresh_from_db()
    assert "Harbor Light" not in home.body  # a preview saves nothing
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    page.goto(f"{live_server.url}/")
    assert page.locator(".page-body strong").inner_text() == "Harbor Light"

    # A new consent version: English first (the admin is warned), then Spanish.
    version = ConsentDocument.objects.order_by("-version").first().version + 1
    now = timezone.localtime() - timezone.timedelta(minutes=1)
    for language, title, words in (("en", "Consent", "We keep your answers safe."),
                                   ("es", "Consentimiento", "Guardamos sus respuestas.")):
        page.goto(f"{admin}clinic/consentdocument/add/")
        page.get_by_label("Version").fill(str(version))
        page.get_by_label("Language").select_option(language)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Text").fill(words)
        page.locator('input[name="published_at_0"]').fill(now.strftime("%Y-%m-%d"))
        page.locator('input[name="published_at_1"]').fill(now.strftime("%H:%M:%S"))
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("was added successfully")).to_be_visible()
        warning = page.get_by_text(f"Version {version} is not published in Spanish yet")
        assert warning.count() == (1 if language == "en" else 0)
    for language in ("en", "es"):
        with translation.override(language):
            assert (current_consent().version, current_consent().language) == (version,
                                                                              language)

    # The last Spanish crisis lines cannot all go.
    page.goto(f"{admin}clinic/clinicprofile/1/change/")
    spanish = page.locator('select[name$="-language"]').evaluate_all(
        "selects => selects.filter(s => s.value === 'es').map(s => s.name)")
    assert spanish
    for name in spanish:
        page.locator(f'input[name="{name.removesuffix("language")}DELETE"]').check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Keep at least one crisis line in Spanish")).to_be_visible()
    assert CrisisResource.objects.filter(language="es").count() == len(spanish)

    # Retention: closed cases erased after 30 days; the nightly job applies it.
    page.goto(f"{admin}clinic/clinicprofile/1/change/")
    page.get_by_label("Erase closed applications after (days)").fill("30")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert ClinicProfile.objects.get().retain_closed_days == 30
    assert retention_job(timestamp=0) == {"closed": 1, "drafts": 0}
    assert Intake.objects.get(pk=old_case.pk).full_name == ""
    queue = page.goto(f"{live_server.url}{reverse('review:queue')}")
    assert queue.ok and NAME not in page.content()
    page.goto(f"{live_server.url}{reverse('review:audit')}")
    expect(page.locator("table").get_by_text("Applied the retention policy")).to_be_visible()
    assert AuditEvent.objects.filter(action="retention").count() == 1
