"""Skipping that is true, in a real browser: a client leaves every question blank, page
after page; each validated page says, once, what a blank means; the application goes in,
and the clinician sees exactly that (cannot be scored, and the blank safety questions as
a reason for same-day follow-up). Every request the walk makes is counted."""

import re

import pytest
from playwright.sync_api import expect

from clinic.roles import Role
from intake.models import Intake
from tests import factories
from tests.e2e.helpers import fill_contact, label, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTE = "If you do, this questionnaire can't be scored"


def test_a_client_who_skips_every_question_is_told_the_truth_and_still_heard(
        live_server, new_page):
    page = new_page(width=390, height=844)
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live_server.url}/intake/")
    page.get_by_role("button", name="Begin").click()
    fill_contact(page)
    page.get_by_role("button", name="Save and continue").click()
    validated_pages = 0
    for _ in range(40):  # every page, whatever the branching asks
        heading = page.get_by_role("heading", level=1).inner_text()
        if heading.startswith("Check your answers"):
            break
        if page.get_by_role("button", name="Continue", exact=True).count():  # a warning
            page.get_by_role("button", name="Continue", exact=True).click()
            continue
        if page.get_by_label(label("Type your full legal name to sign")).count():
            page.get_by_label(label("Type your full legal name to sign")).fill("Ana Silva")
            page.get_by_label(label("I have read this consent and I agree to it.")).check()
        elif page.get_by_role("button", name=re.compile("Continue my application")).count():
            page.get_by_role("button", name=re.compile("Continue my application")).click()
            continue
        else:
            expect(page.locator(".skip-note")).to_have_count(1)  # said once, kindly
            validated_pages += NOTE in page.locator(".skip-note").inner_text()
        page.get_by_role("button", name="Save and continue").click()
    else:
        raise AssertionError("never reached the review page")
    assert validated_pages >= 4  # PC-PTSD-5, PCL-5, PHQ-9, GAD-7, ASQ, ACE, AUDIT-C ...
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(".+"))

    intake = Intake.objects.get()
    assert intake.status == "submitted"
    scores = intake.assessment.scores
    assert scores["phq-9"]["total"] is None  # cannot be scored, not zero
    assert intake.assessment.urgent  # blank safety questions: same-day follow-up
    assert failed == [] and len(requests) > 30
    print(f"\nskip walk: {len(requests)} requests, {len(failed)} failed")

    factories.staff(Role.CLINICIAN, "dana@example.org")
    staff = new_page()
    logged_in(staff, live_server, "dana@example.org")
    staff.get_by_role("link", name="Ana Silva").click()
    expect(staff.get_by_text(re.compile("cannot be scored", re.I)).first).to_be_visible()
