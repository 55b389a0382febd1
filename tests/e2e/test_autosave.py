"""Nothing typed is lost, in a real browser: answers ticked and the tab closed are there on
resuming from the emailed link; answers ticked and then the language switched at once are
there in the other language."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from intake.models import QuestionnaireResponse
from screening.examples import likely_answers
from tests.e2e.helpers import fill_contact, fill_questionnaire, label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TICKED = dict(list(likely_answers()["candidacy"].items())[:3])


def _to_candidacy(page, live_server):
    page.goto(f"{live_server.url}/intake/")
    page.get_by_role("button", name="Begin").click()
    fill_contact(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Step 2 of 14")).to_be_visible()


def _expect_ticked(page):
    for link_id, value in TICKED.items():
        expect(page.locator(f'input[name="{link_id}"][value="{value}"]')).to_be_checked()


def test_answers_ticked_then_the_tab_closed_are_there_on_resuming(live_server, new_page,
                                                                  queue_worker):
    page = new_page(width=390, height=844)
    _to_candidacy(page, live_server)
    fill_questionnaire(page, TICKED, by_hand=True)
    expect(page.get_by_text("Your answers so far are saved.")).to_be_visible()
    page.context.close()  # the tab is gone, nothing was sent
    assert QuestionnaireResponse.objects.get(questionnaire="candidacy").answers == TICKED

    # Later, in a new browser: a link that no longer works offers a new one by email.
    again = new_page()
    again.goto(f"{live_server.url}/intake/resume/{'x' * 43}/")
    again.get_by_label(label("Your email address")).fill("ana@example.org")
    again.get_by_role("button", name="Send me a new link").click()
    queue_worker.wait_for(lambda: len(mail.outbox) == 1)
    link = re.search(r"http://\S+/intake/resume/\S+/", mail.outbox[0].body)[0]
    again.goto(link)
    again.get_by_role("button", name="Continue my application").click()
    expect(again.get_by_text("Step 2 of 14")).to_be_visible()
    _expect_ticked(again)


def test_answers_ticked_then_the_language_switched_at_once_are_kept(live_server, new_page):
    page = new_page()
    _to_candidacy(page, live_server)
    fill_questionnaire(page, TICKED, by_hand=True)
    # Before the autosave pause runs out (the header's wide copy: the phone menu is hidden).
    page.locator("#language-select").select_option("es")
    page.locator("#language-select + button").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    _expect_ticked(page)


def test_a_page_sent_while_its_autosave_waits_stays_done(live_server, new_page):
    """The page's own submission carries its answers: the background save that was waiting
    must not follow it (it could land after it and mark the page as not done)."""
    page = new_page()
    _to_candidacy(page, live_server)
    autosaves = []
    page.on("request", lambda request: autosaves.append(request.url)
            if request.headers.get("x-autosave") else None)

    def slow_server(route):
        time.sleep(1.5)  # longer than the autosave's pause: the page is still on its way
        route.continue_()

    page.route(page.url, slow_server)
    fill_questionnaire(page, likely_answers()["candidacy"])
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you go on")
    page.unroute(page.url)
    assert autosaves == []
    assert QuestionnaireResponse.objects.get(questionnaire="candidacy").complete
