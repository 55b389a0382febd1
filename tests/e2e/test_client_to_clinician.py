"""A client with an urgent answer applies (the first pages in the browser, the rest through the
services), sees help, and tops the queue; a clinician logs in and opens what they sent."""

import re

import pytest
from playwright.sync_api import expect

from clinic.roles import Role
from clinic.selectors import current_consent
from intake import services
from intake.models import Intake
from screening.examples import likely_answers
from tests import factories
from tests.e2e.helpers import answer, fill_contact, fill_questionnaire, label, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # so the live server sees our writes
]


def test_an_urgent_client_sees_help_and_tops_the_clinicians_queue(
    live_server, new_page, screenshot
):
    answers = likely_answers({"phq-9": {"44260-8": "LA6569-3"}})
    client = new_page()
    client.goto(live_server.url)
    expect(client.get_by_role("heading", level=1)).to_contain_text("Ketamine-assisted")
    screenshot(client, "01-home")
    client.get_by_role("link", name="Start an application").click()
    client.get_by_role("button", name="Begin").click()

    # Contact details, with a mistake first: the message sits by the field, nothing is lost.
    fill_contact(client, Email="ana-at-example")
    client.get_by_role("button", name="Save and continue").click()
    summary = client.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text("Email")
    expect(client.get_by_label(label("Legal first name"))).to_have_value("Ana")
    screenshot(client, "02-contact-error")
    client.get_by_label(label("Email")).fill("ana@example.org")
    client.get_by_role("button", name="Save and continue").click()

    expect(client.get_by_text("Step 2 of 14")).to_be_visible()
    screenshot(client, "03-candidacy")
    answer(client, answers["candidacy"])

    expect(client.get_by_role("heading", level=1)).to_have_text("Before you go on")
    screenshot(client, "04-trauma-warning")
    client.get_by_role("button", name="Continue").click()

    # The PC-PTSD-5 items appear only after "Yes" to the trauma question.
    first_item = client.locator('input[name="102012-2"]').first
    expect(first_item).to_be_hidden()
    # ...and the tests' own ticking refuses a radio a person could not reach yet.
    with pytest.raises(AssertionError, match="102012-2"):
        fill_questionnaire(client, {"102012-2": first_item.get_attribute("value")})
    expect(client.locator('input[name="102012-2"]:checked')).to_have_count(0)
    answer(client, answers["pc-ptsd-5"])
    screenshot(client, "05-pcl5")
    answer(client, answers["pcl-5"])
    answer(client, answers["phq-9"])

    # PHQ-9 item 9 above 0: help on the very next page.
    expect(client.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    expect(client.get_by_role("link", name="Call or text 988").first).to_be_visible()
    screenshot(client, "06-support")
    client.get_by_role("link", name="Continue my application").click()
    client.wait_for_url("**/intake/questions/gad-7/")

    # The pages from here to the consent are the journey test's, which walks every one in
    # the browser: this client's are answered through the services, to the last page.
    draft = Intake.objects.get()
    factories.answer_pages_left(draft, answers)
    services.consent_sign(intake=draft, document=current_consent(), typed_name="Ana Silva",
                          ip_address=None)
    client.goto(f"{live_server.url}/intake/review/")

    expect(client.get_by_role("heading", level=1)).to_have_text("Check your answers and send")
    client.get_by_role("button", name="Send my application").click()
    expect(client.get_by_role("heading", level=1)).to_contain_text("Thank you, Annie")
    expect(client.get_by_role("heading", name="Help is here now")).to_be_visible()
    screenshot(client, "07-done-urgent")

    intake = Intake.objects.get()
    assert intake.status == Intake.Status.SUBMITTED
    assert intake.assessment.urgent
    # A routine intake submitted later must still sit below the urgent one.
    factories.submitted_intake(first_name="Ben", last_name="Cole", email="ben@example.org")

    factories.staff(Role.CLINICIAN, "dana@example.org")
    staff = new_page()
    staff.goto(f"{live_server.url}/staff/")
    expect(staff).to_have_url(re.compile(r"/staff/login/\?next="))
    login(staff, live_server, "dana@example.org", start="here")

    expect(staff.get_by_role("heading", level=1)).to_have_text("Submitted intakes")
    rows = staff.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Ana Silva")
    expect(rows.first).to_contain_text("Urgent safety follow-up")
    screenshot(staff, "08-queue")
    staff.get_by_role("link", name="Ana Silva").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Ana Silva")
    expect(staff.get_by_role("alert")).to_contain_text("Urgent safety follow-up")
    expect(staff.get_by_text("PHQ-9 item 9 above 0").first).to_be_visible()
    screenshot(staff, "09-clinician-intake")
