"""Phones first: no client page scrolls sideways at 320 or 390 pixels, and the crisis lines
are tappable links to call and to text."""

import pytest

from clinic.models import ContentPage
from intake import steps
from tests.e2e.helpers import fill_contact, sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["/", "/get-help-now/", "/is-kap-right-for-me/", "/intake/", "/staff/login/",
          "/staff/password-reset/"]


WIDTHS = (320, 390)


def test_no_client_page_scrolls_sideways(live_server, new_page):
    """Each page is loaded once and measured at each width (the window resized, as a phone
    turned): loading it again for each would double the test's time for nothing."""
    page = new_page(width=WIDTHS[0], height=800)
    paths = [*PUBLIC, *(f"/pages/{p.slug}/" for p in ContentPage.objects.filter(
        published=True, language="en"))]
    page.goto(f"{live_server.url}/intake/")
    page.get_by_role("button", name="Begin").click()
    fill_contact(page)
    page.get_by_role("button", name="Save and continue").click()
    paths += [p.url() for p in steps.FULL.pages] + ["/intake/pause/"]
    wide = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        if overflow := sideways(page, WIDTHS, height=800):
            wide[path] = overflow
    assert wide == {}, f"scrolls sideways (page: {{width: pixels}}): {wide}"
    assert len(paths) > 20


def test_every_crisis_line_can_be_called_or_texted_with_a_tap(live_server, new_page):
    page = new_page(width=390, height=800)
    page.goto(f"{live_server.url}/get-help-now/")
    main = page.locator("main")
    assert main.locator('a[href="tel:988"]').count() >= 1
    assert main.locator('a[href="sms:988"]').count() >= 1
    assert main.locator('a[href="tel:911"]').count() >= 1
    footer = page.locator("footer")
    assert footer.locator('a[href="tel:988"]').count() == 1
    assert footer.locator('a[href="sms:988"]').count() == 1
