"""A clinician works an urgent case and a routine one through the dashboard; the routine
client answers a request for information; an admin exports the queue and reads the audit."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from audit.models import AuditEvent
from clinic.roles import Role
from intake.models import Intake
from screening.examples import likely_answers
from tests import factories
from tests.e2e.helpers import answer, label, logged_in, sideways

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # so the live server sees our writes
]


def test_a_clinician_works_the_queue_and_an_admin_audits_it(live_server, new_page,
                                                           check_page, queue_worker):
    routine = factories.submitted_intake(first_name="Rita", last_name="Ruiz",
                                         email="rita@example.org")
    urgent = factories.submitted_intake(
        first_name="Uri", last_name="Ueda", email="uri@example.org",
        answers=likely_answers({"asq": {"asq-1": "yes", "asq-5": "no"}}))
    factories.staff(Role.CLINICIAN, "dana@example.org")
    factories.staff(Role.CLINIC_ADMIN, "sam@example.org")

    staff = new_page()
    logged_in(staff, live_server, "dana@example.org")
    rows = staff.locator("tbody tr")
    expect(rows.first).to_contain_text("Uri Ueda")
    expect(rows.first).to_contain_text("not acknowledged")
    check_page(staff, "staff-queue")

    # The urgent case: nothing but acknowledgement until it is acknowledged.
    staff.get_by_role("link", name="Uri Ueda").click()
    expect(staff.get_by_role("button", name="Save")).to_have_count(0)
    staff.get_by_label(label("What was done")).fill("Called Uri; safety plan agreed; 988 given.")
    staff.get_by_role("button", name="Acknowledge").click()
    expect(staff.get_by_text("Acknowledged by")).to_be_visible()
    staff.get_by_role("button", name="Assign to me").click()
    notes = staff.get_by_role("region", name="Notes")
    notes.get_by_label(label("Note")).fill("Follow-up call booked for tomorow.")
    staff.get_by_role("button", name="Add note").click()
    expect(notes.get_by_role("paragraph").filter(has_text="tomorow")).to_be_visible()
    # A typo: corrected from the page; the original stays, struck through and marked.
    notes = staff.get_by_role("region", name="Notes")
    notes.get_by_text("Correct this note").click()
    notes.get_by_label("Corrected note").fill("Follow-up call booked for tomorrow.")
    notes.get_by_role("button", name="Save the correction").click()
    expect(notes.locator("del")).to_have_text("Follow-up call booked for tomorow.")
    expect(notes.get_by_role("paragraph").filter(has_text="for tomorrow.")).to_be_visible()
    expect(notes.get_by_text("Corrected", exact=True)).to_be_visible()
    # A decision without its reason is refused, and comes back with the note as typed.
    status = staff.get_by_role("region", name="Decision or next step")
    status.get_by_label(label("New status")).select_option("referred")
    status.get_by_label(label("Note")).fill("Needs crisis care first; referred to partner.")
    status.get_by_role("button", name="Save").click()
    status = staff.get_by_role("region", name="Decision or next step")
    expect(status.get_by_text("Choose the reason for this decision.")).to_be_visible()
    expect(status.get_by_label(label("Reason"))).to_have_attribute("aria-invalid", "true")
    expect(status.get_by_label(label("Note"))).to_have_value(
        "Needs crisis care first; referred to partner.")
    expect(status.get_by_label(label("New status"))).to_have_value("referred")
    status.get_by_label(label("Reason")).select_option("higher-level-care")
    status.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Referred elsewhere").first).to_be_visible()
    check_page(staff, "staff-intake")

    # The routine case: ask for more information about medications.
    staff.goto(f"{live_server.url}/staff/")
    staff.get_by_role("link", name="Rita Ruiz").click()
    status = staff.get_by_role("region", name="Decision or next step")
    status.get_by_label(label("New status")).select_option("needs-info")
    status.get_by_label("Your medicines").check()
    status.get_by_label(label("Message to the client")).fill(
        "Could you tell us every medicine you take now, with the dose?")
    status.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Needs information").first).to_be_visible()

    queue_worker.wait_for(lambda: any("/intake/resume/" in m.body for m in mail.outbox))
    email = mail.outbox[-1]
    assert "every medicine" not in email.body  # the message waits behind the link
    link = re.search(r"http://\S+/intake/resume/\S+/", email.body)[0]
    client = new_page(width=390, height=844)
    client.goto(link)
    client.get_by_role("button", name="Continue my application").click()
    expect(client.get_by_role("heading", level=1)).to_have_text(
        "The clinic asks for a little more")
    expect(client.get_by_text("Could you tell us every medicine you take now, with the dose?")
           ).to_be_visible()
    check_page(client, "more-information")
    client.get_by_role("link", name="Look at my answers").click()
    expect(client.get_by_role("heading", level=1)).to_have_text("Your medicines")
    answer(client, likely_answers({"medications": {"current-medications": "sertraline 50 mg"}})
           ["medications"])
    client.get_by_role("button", name="Send my application").click()
    expect(client.get_by_role("heading", level=1)).to_contain_text("Thank you")

    staff.reload()
    expect(staff.locator("#sent-again-marker")).to_contain_text("Sent again")
    staff.get_by_role("link", name="See what changed").click()
    changes = staff.get_by_role("region", name="What changed when the client sent it again")
    expect(changes.get_by_text("Could you tell us every medicine")).to_be_visible()
    expect(changes.locator("ins")).to_contain_text(["sertraline 50 mg"])
    expect(changes.get_by_text("Screening:")).to_be_visible()

    # The same queue on the clinician's phone: Rita's card marked as sent again, and
    # every card within the screen.
    staff.set_viewport_size({"width": 390, "height": 844})
    staff.goto(f"{live_server.url}/staff/")
    phone = staff
    card = phone.locator("tbody tr").filter(has_text="Rita Ruiz")
    expect(card.get_by_text("Sent again", exact=True)).to_be_visible()
    assert sideways(phone, (390,), height=844) == {}
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    check_page(phone, "staff-queue-phone")
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.go_back()
    status = staff.get_by_role("region", name="Decision or next step")
    status.get_by_label(label("New status")).select_option("in-review")
    status.get_by_role("button", name="Save").click()
    status = staff.get_by_role("region", name="Decision or next step")
    status.get_by_label(label("New status")).select_option("approved")
    status.get_by_label(label("Reason")).select_option("indications-met")
    status.get_by_label(label("Note")).fill("Good fit; book the consultation.")
    status.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Approved for consultation").first).to_be_visible()
    assert Intake.objects.get(pk=routine.pk).status == "approved"
    assert Intake.objects.get(pk=urgent.pk).status == "referred"

    # The admin: the CSV of the queue, and the audit trail of both cases.
    admin = new_page()
    logged_in(admin, live_server, "sam@example.org")
    # Both cases are closed now: off the default queue, a filter away.
    expect(admin.get_by_role("link", name="Rita Ruiz")).to_have_count(0)
    admin.get_by_text("Filters and search").click()
    admin.get_by_label(label("Status")).select_option("closed")
    admin.get_by_role("button", name="Apply").click()
    expect(admin.get_by_role("link", name="Rita Ruiz")).to_be_visible()
    with admin.expect_download() as download:
        admin.get_by_role("link", name="Download these intakes as CSV").click()
    content = open(download.value.path(), encoding="utf-8").read()
    assert "Rita" in content and "Uri" in content and "Approved for consultation" in content
    admin.get_by_role("link", name="Audit trail").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Audit trail")
    check_page(admin, "audit")
    for intake in (routine, urgent):
        admin.goto(f"{live_server.url}/staff/audit/?intake={intake.pk}")
        expect(admin.locator("tbody tr").first).to_contain_text("dana@example.org")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions >= {"view", "acknowledge", "assign", "note", "status", "export"}
