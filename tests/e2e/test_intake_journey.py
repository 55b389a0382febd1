"""A new client's whole intake, as a person would do it, with every page checked by axe-core
(WCAG 2.2 AA) and photographed at phone and desktop widths."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from intake.models import CandidacyAssessment, Intake, QuestionnaireResponse
from screening.examples import likely_answers
from tests.e2e.helpers import answer, fill_contact, fill_questionnaire, label

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # so the live server sees our writes
]

ANSWERS = likely_answers()


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_new_client_pauses_resumes_by_email_and_submits_once(
    live_server, new_page, check_page, queue_worker
):
    page = new_page()
    page.goto(live_server.url)
    check_page(page, "home")
    page.get_by_role("link", name="Start an application").click()
    check_page(page, "start")
    page.get_by_role("button", name="Begin").click()

    # A mistake on the way: the summary names it, focus moves there, nothing else is lost.
    fill_contact(page, **{"Date of birth": "2999-01-01"})
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("That date is in the future")
    expect(page.get_by_label(label("Pronouns"))).to_have_value("she/her")
    check_page(page, "contact-error")
    page.get_by_label(label("Date of birth")).fill("1988-03-14")
    page.get_by_role("button", name="Save and continue").click()

    check_page(page, "candidacy")
    answer(page, ANSWERS["candidacy"])
    check_page(page, "trauma-warning")
    page.get_by_role("button", name="Continue").click()
    for code in ("pc-ptsd-5", "pcl-5"):
        check_page(page, code)
        answer(page, ANSWERS[code])

    # The back button: the answers given are still there, and going on keeps them.
    page.wait_for_url("**/intake/questions/phq-9/")  # the PCL-5 page was sent
    page.go_back()
    expect(page.locator('input[name="pcl5-1"][value="2"]')).to_be_checked()
    page.go_forward()
    check_page(page, "phq-9")
    answer(page, ANSWERS["phq-9"])

    # Half-way through GAD-7: save and finish later, with the link sent by email.
    check_page(page, "gad-7")
    fill_questionnaire(page, dict(list(ANSWERS["gad-7"].items())[:3]))
    page.get_by_role("button", name="Save and finish later").click()
    expect(heading(page)).to_have_text("Your answers are saved")
    check_page(page, "pause")
    page.get_by_role("button", name="Email me a link").click()
    expect(heading(page)).to_have_text("Check your email")
    check_page(page, "link-sent")
    queue_worker.wait_for(lambda: len(mail.outbox) == 1)  # the page's promise is kept
    link = re.search(r"http://\S+/intake/resume/\S+/", mail.outbox[-1].body)[0]
    assert mail.outbox[-1].to == ["ana@example.org"]

    # Later, on another device: the link opens GAD-7 with the three answers kept.
    page = new_page(width=390, height=844)
    page.goto(link)
    page.get_by_role("button", name="Continue my application").click()
    expect(page.get_by_text("Welcome back.")).to_be_visible()
    first = ANSWERS["gad-7"]["69725-0"]
    expect(page.locator(f'input[name="69725-0"][value="{first}"]')).to_be_checked()
    expect(page.locator('input[name="69736-7"]:checked')).to_have_count(0)  # not yet given
    answer(page, ANSWERS["gad-7"])
    check_page(page, "asq")
    answer(page, ANSWERS["asq"])
    check_page(page, "childhood-warning")
    page.get_by_role("button", name="Continue").click()
    for code in ("ace", "audit-c", "drug-screen", "dissociatives", "medical", "psychiatric",
                 "medications", "goals"):
        check_page(page, code)
        answer(page, ANSWERS[code])

    check_page(page, "consent")
    page.get_by_label(label("Type your full legal name to sign")).fill("Ana Silva")
    page.get_by_label(label("I have read this consent and I agree to it.")).check()
    page.get_by_role("button", name="Save and continue").click()

    expect(heading(page)).to_have_text("Check your answers and send")
    check_page(page, "review")
    page.get_by_role("button", name="Send my application").dblclick()
    expect(heading(page)).to_contain_text("Thank you, Annie")
    check_page(page, "done")

    intake = Intake.objects.get()
    assert intake.status == Intake.Status.SUBMITTED
    assert CandidacyAssessment.objects.filter(intake=intake).count() == 1
    responses = QuestionnaireResponse.objects.filter(intake=intake)
    assert all(r.complete for r in responses)
    assert responses.get(questionnaire="gad-7").answers == ANSWERS["gad-7"]
    assert intake.consent.typed_name == "Ana Silva"
    assert (intake.preferred_name, intake.pronouns, intake.state) == ("Annie", "she/her", "CA")
    queue_worker.wait_for(lambda: any("has reached us" in m.body for m in mail.outbox))
    confirmations = [m for m in mail.outbox if "has reached us" in m.body]
    assert [m.to for m in confirmations] == [["ana@example.org"]]  # once, despite dblclick


def test_the_other_client_pages_pass_axe(live_server, new_page, check_page):
    page = new_page()
    page.goto(f"{live_server.url}/is-kap-right-for-me/")
    check_page(page, "self-check")
    fill_questionnaire(page, ANSWERS["candidacy"])
    page.get_by_role("button", name="See what my answers suggest").click()
    expect(heading(page)).to_have_text("KAP may be worth exploring with a clinician")
    check_page(page, "self-check-result")
    page.get_by_role("button", name="Start an application with these answers").click()
    fill_contact(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator('input[name="trauma-pattern"][value="repeated"]')).to_be_checked()

    page.goto(f"{live_server.url}/intake/questions/asq/")
    fill_questionnaire(page, {"asq-1": "yes", "asq-2": "no", "asq-3": "no", "asq-4": "no",
                              "asq-5": "yes"})
    page.get_by_role("button", name="Save and continue").click()
    expect(heading(page)).to_have_text("Please reach out for help now")
    check_page(page, "safety-now")
    page.goto(f"{live_server.url}/get-help-now/")
    check_page(page, "crisis")
    page.goto(f"{live_server.url}/intake/resume/not-a-real-link/")
    check_page(page, "resume-expired")

    gated = new_page()
    gated.goto(f"{live_server.url}/intake/")
    gated.get_by_role("button", name="Begin").click()
    fill_contact(gated, **{"Date of birth": "2015-01-01"})
    gated.get_by_role("button", name="Save and continue").click()
    expect(heading(gated)).to_have_text("Please check two details")
    check_page(gated, "gate-check")
    gated.get_by_role("button", name="Yes, they are right").click()
    expect(heading(gated)).to_have_text("Thank you for reaching out")
    check_page(gated, "not-eligible")
