"""The clinic's settings page in the admin, and its list of questionnaires, fit the window:
no sideways scroll at 1280 px (a laptop) or 390 px (a phone)."""

import pytest

from clinic.models import ClinicProfile
from clinic.roles import Role
from tests import factories
from tests.e2e.helpers import logged_in, sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_settings_pages_fit_the_window(live_server, new_page):
    """One login; each page loaded once and measured at each width, the window resized."""
    factories.staff(Role.CLINIC_ADMIN, "sam@example.org")
    page = new_page(width=1280, height=900)
    logged_in(page, live_server, "sam@example.org")
    pk = ClinicProfile.objects.get().pk
    wide = {}
    for page_path in (f"{pk}/change/", "questionnaires/"):
        page.goto(f"{live_server.url}/admin/clinic/clinicprofile/{page_path}")
        if overflow := sideways(page, (1280, 390)):
            wide[page_path] = overflow
    assert wide == {}, f"scrolls sideways (page: {{width: pixels}}): {wide}"
