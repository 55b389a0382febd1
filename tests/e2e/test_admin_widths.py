"""The clinic's settings page in the admin, and its list of questionnaires, fit the window:
no sideways scroll at 1280 px (a laptop) or 390 px (a phone)."""

import pytest

from clinic.models import ClinicProfile
from clinic.roles import Role
from tests import factories
from tests.e2e.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_settings_pages_fit_the_window(live_server, new_page):
    """One login; each page loaded once and measured at each width, the window resized."""
    factories.staff(Role.CLINIC_ADMIN, "sam@example.org")
    page = new_page(width=1280, height=900)
    login(page, live_server, "sam@example.org")
    pk = ClinicProfile.objects.get().pk
    wide = {}
    for page_path in (f"{pk}/change/", "questionnaires/"):
        page.goto(f"{live_server.url}/admin/clinic/clinicprofile/{page_path}")
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide[(page_path, width)] = overflow
        page.set_viewport_size({"width": 1280, "height": 900})
    assert wide == {}, f"scrolls sideways (page, width: pixels): {wide}"
