"""The safety net in a browser: a client says "yes" to the ASQ and closes the browser
without sending; a clinician gets the alert, finds the unfinished case on top of the queue
and acknowledges it. Another case left unacknowledged past its time reaches an admin."""

from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from clinic.models import ClinicProfile
from clinic.roles import Role
from intake.models import Intake
from outbox import queue
from screening.examples import likely_answers
from tests import factories
from tests.e2e.helpers import answer, fill_contact, label, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASQ_YES = likely_answers()["asq"] | {"asq-1": "yes", "asq-5": "no"}


def test_a_yes_in_an_unsent_draft_reaches_a_clinician_who_acknowledges_it(
        live_server, new_page, check_page, queue_worker):
    clinician = factories.staff(Role.CLINICIAN, "dana@example.org")
    client = new_page(width=390, height=844)
    client.goto(f"{live_server.url}/intake/")
    client.get_by_role("button", name="Begin").click()
    fill_contact(client, **{"Emergency contact: name": "Rosa Silva",
                            "Emergency contact: phone": "555-0199",
                            "Emergency contact: how you know them": "sister"})
    client.get_by_role("button", name="Save and continue").click()
    expect(client.get_by_text("Step 2 of 14")).to_be_visible()
    client.goto(f"{live_server.url}/intake/questions/asq/")
    answer(client, ASQ_YES)
    expect(client.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    expect(client.get_by_text("Our team has been told.")).to_be_visible()
    check_page(client, "safety-team-told")
    client.context.close()  # the client leaves without sending anything

    queue_worker.wait_for(lambda: any(m.subject == "Urgent safety follow-up needed"
                                      for m in mail.outbox))
    alert = next(m for m in mail.outbox if m.subject.startswith("Urgent"))
    assert alert.to == [clinician.email] and "not sent yet" in alert.body
    assert "Ana" not in alert.body and "Silva" not in alert.body

    staff = new_page()
    logged_in(staff, live_server, clinician.email)
    first = staff.locator("tbody tr").first
    expect(first).to_contain_text("Not sent yet")
    expect(first).to_contain_text("Ana Silva")
    expect(first).to_contain_text("not acknowledged, waiting")
    check_page(staff, "queue-urgent-draft")
    first.get_by_role("link", name="Ana Silva").click()
    alert_box = staff.get_by_role("alert")
    expect(alert_box).to_contain_text("Rosa Silva")
    expect(alert_box.get_by_role("link", name="555-0100")).to_have_attribute(
        "href", "tel:555-0100")
    check_page(staff, "urgent-draft")
    staff.get_by_label(label("What was done")).fill("Called Ana; safety plan made.")
    staff.get_by_role("button", name="Acknowledge").click()
    expect(staff.get_by_text("Acknowledged by")).to_be_visible()
    intake = Intake.objects.get()
    assert intake.status == Intake.Status.DRAFT and intake.acknowledgement.by == clinician


def test_an_urgent_case_left_unacknowledged_reaches_an_admin(live_server, new_page,
                                                             queue_worker):
    factories.staff(Role.CLINICIAN, "dana@example.org")
    admin = factories.staff(Role.CLINIC_ADMIN, "sam@example.org")
    ClinicProfile.objects.filter(pk=1).update(urgent_realert_minutes=5,
                                              urgent_escalate_every_minutes=5)
    draft = factories.draft_intake(answers=likely_answers({"asq": ASQ_YES}))
    # Time travel: the case turned urgent 11 minutes ago and nobody acknowledged it.
    Intake.objects.filter(pk=draft.pk).update(
        urgent_since=Intake.objects.get(pk=draft.pk).urgent_since - timedelta(minutes=11))
    for alerts in (2, 3):  # the every-minute job, twice: alert again, then escalate
        queue.defer("review.urgent_realerts", queueing_lock="review.urgent_realerts",
                    timestamp=alerts)
        queue_worker.wait_for(lambda n=alerts: Intake.objects.get(pk=draft.pk).urgent_alerts == n)
    queue_worker.wait_for(lambda: any(m.subject.startswith("Escalation") for m in mail.outbox))
    escalation = next(m for m in mail.outbox if m.subject.startswith("Escalation"))
    assert admin.email in escalation.to and "after 11 minutes" in escalation.body

    page = new_page()
    logged_in(page, live_server, admin.email)
    expect(page.locator("tbody tr").first).to_contain_text("waiting 11\u00a0minutes")
