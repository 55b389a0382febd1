"""A course of care in real browsers: a clinician starts it on an approved application and
plans a session; the client answers the baseline and the pre-session check from the
emailed links (the check with a risk answer, which reaches the queue at once); the
clinician acknowledges it and reads the chart."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from care.models import CareAlert, MeasureResponse
from clinic.roles import Role
from screening.examples import likely_answers
from tests import factories
from tests.e2e.helpers import fill_questionnaire, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READY = {"fasting": "yes", "ride-home": "yes", "alcohol-24h": "no",
         "benzodiazepines-24h": "no", "other-substances-24h": "no", "new-medications": "no",
         "bp-systolic": "128", "bp-diastolic": "82"}
# Yes to the first ASQ question (not right now): a positive screen, not acute.
ASQ_RISK = {"asq-1": "yes", "asq-2": "no", "asq-3": "no", "asq-4": "no", "asq-5": "no"}


def _links() -> list[str]:
    return [m for message in mail.outbox
            for m in re.findall(r"https?://\S+/care/check-in/\S+/", message.body)]


def _check_in(page, link, answers, check_page, name):
    """Open a check-in link, begin, answer each page in order; the pages it went through."""
    page.goto(link)
    check_page(page, f"{name}-start")
    page.get_by_role("button", name="Begin").click()
    for number, (code, given) in enumerate(answers, 1):
        expect(page.get_by_text(re.compile(rf"Questionnaire {number} of"))).to_be_visible()
        if number == 1:
            check_page(page, f"{name}-{code}")
        fill_questionnaire(page, given)
        page.get_by_role("button", name=re.compile("Save and continue|Send my answers")).click()
        if code == "asq" and given is ASQ_RISK:
            expect(page.get_by_role("heading", level=1)).to_have_text(
                "Thank you for telling us")
            expect(page.get_by_text("Your care team has been told.")).to_be_visible()
            expect(page.get_by_role("link", name="Call or text 988").first).to_be_visible()
            check_page(page, f"{name}-help")
            page.get_by_role("link", name="Continue my check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    check_page(page, f"{name}-done")


def test_a_course_of_care_from_start_to_chart(live_server, new_page, check_page,
                                              queue_worker):
    clinician = factories.staff(Role.CLINICIAN, "dana@example.org")
    intake = factories.approved_intake(by=clinician, email="ana@example.org")
    queue_worker.wait_for(lambda: mail.outbox)  # the application's own emails
    mail.outbox.clear()

    staff = new_page()
    logged_in(staff, live_server, "dana@example.org")
    staff.goto(f"{live_server.url}/staff/intakes/{intake.pk}/")
    staff.get_by_role("link", name="Course of care").click()
    expect(staff.get_by_role("heading", name="Start a course of care")).to_be_visible()
    staff.get_by_role("button", name="Start the course").click()  # the clinic's defaults
    expect(staff.get_by_text("Course of care started.")).to_be_visible()
    check_page(staff, "course-new")
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    staff.get_by_label("Day").fill(tomorrow.isoformat())
    staff.get_by_label("In the clinic").check()
    staff.get_by_label("Label").fill("Session 1")
    staff.get_by_role("button", name="Plan the session").click()
    expect(staff.get_by_text("Session planned.")).to_be_visible()
    expect(staff.get_by_role("cell", name="Not done yet")).to_be_visible()

    # Two emails: the baseline, and the check before tomorrow's session.
    queue_worker.wait_for(lambda: len(_links()) == 2)
    assert {m.to[0] for m in mail.outbox} == {"ana@example.org"}
    client = new_page(width=390, height=844)
    by_size = {}
    for link in _links():
        client.goto(link)
        count = int(re.search(r"(\d) short questionnaires",
                              client.locator("main").inner_text())[1])
        by_size[count] = link
    followed = [(code, likely_answers()[code]) for code in ("phq-9", "pcl-5", "gad-7")]
    _check_in(client, by_size[3], followed, check_page, "baseline")
    expect(client.get_by_text("first check-in with the").first).to_be_visible()
    _check_in(client, by_size[5], [("pre-session", READY), ("asq", ASQ_RISK), *followed],
              check_page, "pre-session")
    assert CareAlert.objects.filter(acknowledged_at__isnull=True).count() == 1
    assert MeasureResponse.objects.count() == 8

    # The clinician: the risk answer on top of the queue, then the course.
    staff.goto(f"{live_server.url}/staff/")
    alerts = staff.get_by_role("region", name=re.compile("risk answers during care"))
    alerts.get_by_role("link", name="Ana Silva").click()
    expect(staff.get_by_role("alert")).to_contain_text("Urgent safety follow-up")
    expect(staff.get_by_text(re.compile("suicide-risk screen \\(ASQ\\) was positive"))
           ).to_be_visible()
    staff.get_by_label("What was done").fill("Called Ana; safety plan reviewed.")
    staff.get_by_role("button", name="Acknowledge").click()
    expect(staff.get_by_text("Acknowledged. Thank you for following this up.")).to_be_visible()
    charts = staff.locator('svg[role="img"]')
    expect(charts).to_have_count(3)
    check_page(staff, "course")
    pcl5 = MeasureResponse.objects.filter(questionnaire="pcl-5").first().total
    expect(staff.get_by_role("table", name=re.compile(r"PCL-5.* totals")).get_by_role(
        "cell", name=str(pcl5), exact=True).first).to_be_visible()
    staff.goto(f"{live_server.url}/staff/")
    expect(staff.get_by_role("region", name=re.compile("risk answers during care"))
           ).to_have_count(0)
