"""A client applies; a clinician logs in and opens what they sent."""

import re

import pytest
from playwright.sync_api import expect

from clinic.roles import Role
from intake.models import Intake
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # Transactional, so the live server sees our writes; serialized rollback puts back the
    # content and roles the migrations made, for the tests that run after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ANSWERS = {
    "Before you turned 18, did you go through things that were frightening, harmful or "
    "overwhelming?": "Yes",
    "The hardest experiences you have lived through: were they...": "Repeated or long-lasting",
    "Do you live with ongoing anxiety, low mood, feeling numb, or feeling cut off from "
    "yourself or the world, that you connect with what you went through?": "Somewhat",
    "Do you want to work through what happened, but find it hard to reach or feel your "
    "emotions?": "Sometimes",
    "Have you tried talk therapy for this? How much did it help?":
        "I tried it, and it helped little or not at all",
    "Have you taken medication for these difficulties? How much relief did it give?":
        "Some relief",
}


def test_a_client_applies_and_a_clinician_opens_the_application(
    live_server, new_page, screenshot
):
    client_page = new_page()
    client_page.goto(live_server.url)
    expect(client_page.get_by_role("heading", level=1)).to_contain_text("Ketamine-assisted")
    screenshot(client_page, "skeleton-01-home")
    client_page.get_by_role("link", name="Start an application").click()
    client_page.get_by_role("button", name="Begin").click()

    # Contact details, with a mistake first: the message sits by the field, nothing is lost.
    client_page.get_by_label("First name").fill("Ana")
    client_page.get_by_label("Last name").fill("Silva")
    client_page.get_by_label("Email").fill("ana-at-example")
    client_page.get_by_role("button", name="Save and continue").click()
    summary = client_page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text("Email")
    expect(client_page.get_by_label("First name")).to_have_value("Ana")
    screenshot(client_page, "skeleton-02-contact-error")
    client_page.get_by_label("Email").fill("ana@example.org")
    client_page.get_by_role("button", name="Save and continue").click()

    expect(client_page.get_by_text("Step 2 of 3")).to_be_visible()
    for question, answer in ANSWERS.items():
        client_page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    screenshot(client_page, "skeleton-03-candidacy")
    client_page.get_by_role("button", name="Save and continue").click()

    expect(client_page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers and send"
    )
    expect(client_page.get_by_text("Repeated or long-lasting")).to_be_visible()
    client_page.get_by_role("button", name="Send my application").click()
    expect(client_page.get_by_role("heading", level=1)).to_contain_text("Thank you, Ana")
    expect(client_page.get_by_text("Call or text 988").first).to_be_visible()
    screenshot(client_page, "skeleton-04-done")

    intake = Intake.objects.get()
    assert intake.status == Intake.Status.SUBMITTED
    assert intake.responses.get().answers["trauma-pattern"] == "repeated"

    factories.staff(Role.CLINICIAN, "dana@example.org")
    staff_page = new_page()
    staff_page.goto(f"{live_server.url}/staff/")
    expect(staff_page).to_have_url(re.compile(r"/staff/login/\?next="))
    staff_page.get_by_label("Username").fill("dana@example.org")
    staff_page.get_by_label("Password").fill(factories.PASSWORD)
    staff_page.get_by_role("button", name="Log in").click()

    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Submitted intakes")
    staff_page.get_by_role("link", name="Ana Silva").click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Ana Silva")
    expect(staff_page.get_by_text("Likely candidate")).to_be_visible()
    expect(staff_page.get_by_text("ana@example.org")).to_be_visible()
    screenshot(staff_page, "skeleton-05-clinician-intake")
