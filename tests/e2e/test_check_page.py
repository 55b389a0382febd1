"""The page check itself: axe judges a page as a person sees it, styled."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_check_waits_for_a_page_still_loading_its_stylesheets(
    live_server, new_page, check_page
):
    # Unstyled, the header's "Get help now" button is under 24 px: axe's target-size rule
    # fails it, as it once did in CI when a check ran while a step's page was loading.
    page = new_page(width=390, height=844)

    def late(route):
        page.wait_for_timeout(800)
        route.continue_()

    page.route("**/bootstrap*.css", late)
    page.goto(live_server.url + "/intake/", wait_until="commit")
    assert page.evaluate("document.readyState") != "complete"
    check_page(page, "intake-loading")
