"""The clinicians' queue on a phone: one card per intake, every column's content within
the screen (no sideways scroll), the urgent badge and the assignee in view; on a wide
screen still a table with its header row."""

import pytest
from playwright.sync_api import expect

from clinic.roles import Role
from clinic.services import staff_user_create
from review import services
from screening.examples import likely_answers
from tests import factories
from tests.e2e.helpers import logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _overflow(page) -> int:
    """How far the page, or the queue's own scrolling box, scrolls sideways."""
    return page.evaluate("""Math.max(
        document.documentElement.scrollWidth - window.innerWidth,
        ...[...document.querySelectorAll('.table-responsive')].map(
            box => box.scrollWidth - box.clientWidth))""")


def _within_width(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= \
        page.viewport_size["width"]


@pytest.fixture
def urgent_assigned(db):
    dana = staff_user_create(email="dana.reyes@example.org", role=Role.CLINICIAN,
                             password=factories.PASSWORD, first_name="Dana",
                             last_name="Reyes")
    factories.staff(Role.CLINICIAN, "lee@example.org")
    urgent = factories.submitted_intake(
        first_name="Maximiliana", last_name="Wolfeschlegelsteinhausen",
        email="maximiliana.wolfeschlegelsteinhausen@example.org",
        answers=likely_answers({"asq": {"asq-1": "yes", "asq-5": "no"}}))
    services.acknowledgement_record(intake=urgent, by=dana, action_taken="Called; safe.",
                                    ip_address=None)
    services.assignment_set(intake=urgent, clinician=dana, by=dana, ip_address=None)
    factories.submitted_intake(first_name="Rita", email="rita@example.org")
    return urgent


@pytest.mark.parametrize("width", [320, 390])
def test_the_queue_fits_a_phone_with_the_urgent_badge_and_assignee_in_view(
    live_server, new_page, screenshot, urgent_assigned, width,
):
    page = new_page(width=width, height=844)
    logged_in(page, live_server, "lee@example.org")
    card = page.locator("tbody tr").first
    expect(card).to_contain_text("Wolfeschlegelsteinhausen")
    assert _overflow(page) <= 0, f"the queue scrolls sideways at {width} px"
    badge = card.locator(".tier-urgent")
    assignee = card.get_by_text("Dana Reyes")
    for shown in (badge, assignee, card.get_by_role("link")):
        expect(shown).to_be_visible()
        assert _within_width(page, shown)  # without scrolling anything sideways
        shown.scroll_into_view_if_needed()
        expect(shown).to_be_in_viewport(ratio=1)
    expect(card.get_by_text("Assigned to", exact=True)).to_be_visible()  # each cell labelled
    expect(page.locator("thead")).not_to_be_in_viewport()  # the labels say it on phones
    screenshot(page, f"staff-queue-{width}")


def test_on_a_wide_screen_the_queue_is_a_table_with_its_headers(live_server, new_page,
                                                                urgent_assigned):
    page = new_page(width=1280, height=900)
    logged_in(page, live_server, "lee@example.org")
    header = page.get_by_role("columnheader", name="Assigned to")
    expect(header).to_be_visible()
    expect(page.get_by_role("cell", name="Dana Reyes")).to_be_visible()
    expect(page.locator("tbody tr").first.locator(".cell-label").first).to_be_hidden()
