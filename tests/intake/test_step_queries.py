"""The client's pages take a pinned number of queries: the three scenarios `make bench`
measures for a client (bench/RESULTS.md). Counted here for one draft of the test
database, savepoints included (the test runs inside a transaction, so each atomic block
of a service adds two statements); the bench's column counts its own set-up, a clinic
with an address among other things, and need not match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import Intake
from screening.examples import likely_answers
from tests.intake.test_views import q_url, walk

pytestmark = pytest.mark.django_db

# The session; the draft; the answers so far (which pages are asked); this page's
# response; the clinic with its crisis lines; the menu of public pages.
STEP_GET = 6
# The session; the draft; the answers so far and this page's response (the form); under
# the draft's lock: the answers again, the clinic's thresholds, the stored row read and
# written, the branching brought up to date, the activity touched, the safety flags; then
# where the next page is. Six of them are savepoints.
STEP_POST = 19
# The session; the draft; under its lock: the draft again, the clinic's thresholds, the
# answers and the signed consent with its documents, the final scores (AUDIT-C's changed
# with what was asked after it: stored again), the answers and the consent marked sent,
# the assessment, the client record found or made, the resume links dropped, the draft
# updated, its status change, the confirmation queued with its job (no clinic address is
# set here, so no notice); the session's new page. Twelve of them are savepoints.
SUBMIT = 35


def _count(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return len(captured.captured_queries), response


def test_a_step_page_its_save_and_the_final_submit_take_pinned_queries(client):
    client.post(reverse("intake:start"))
    answers = likely_answers()
    walk(client, answers, stop_before=q_url("phq-9"))

    got, page = _count(lambda: client.get(q_url("phq-9")))
    assert page.status_code == 200
    assert got == STEP_GET

    got, saved = _count(lambda: client.post(q_url("phq-9"), answers["phq-9"]))
    assert saved.status_code == 302
    assert got == STEP_POST

    walk(client, answers)
    client.get(reverse("intake:review"))
    got, sent = _count(lambda: client.post(reverse("intake:review")))
    assert sent.url == reverse("intake:done")
    assert got == SUBMIT
    assert Intake.objects.get().status == Intake.Status.SUBMITTED
