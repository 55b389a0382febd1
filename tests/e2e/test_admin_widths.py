"""The clinic's settings page in the admin, and its list of questionnaires, fit the window:
no sideways scroll at 1280 px (a laptop) or 390 px (a phone)."""

import pytest

from clinic.models import ClinicProfile
from clinic.roles import Role
from tests import factories
from tests.e2e.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_path", ["{pk}/change/", "questionnaires/"])
def test_the_settings_pages_fit_the_window(live_server, new_page, width, page_path):
    factories.staff(Role.CLINIC_ADMIN, "sam@example.org")
    page = new_page(width=width, height=900)
    login(page, live_server, "sam@example.org")
    pk = ClinicProfile.objects.get().pk
    page.goto(f"{live_server.url}/admin/clinic/clinicprofile/{page_path.format(pk=pk)}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page_path} scrolls sideways by {overflow} px at {width}"
