"""The intake page takes the same number of queries however much happened to the case:
more notes, corrections and rounds of "needs information" add rows, not queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake import services as intake_services
from intake import workflow
from review import services
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db

# The whole page with one resubmission; each kind of history is one query, however long.
# (The session is renewed once a minute, not written on every page.) One of them: a risk
# answer during care not yet acknowledged.
PINNED = 18


def _round(intake, clinician, benzodiazepine):
    services.status_change(intake=intake, by=clinician, ip_address=None, move=workflow.Move(
        "needs-info", revisit=("medications",), message="More, please."))
    intake.refresh_from_db()
    intake_services.response_save(
        intake=intake, questionnaire="medications",
        answers=likely_answers({"medications": {"benzodiazepine": benzodiazepine}})[
            "medications"])
    return intake_services.intake_submit(intake_id=intake.pk)


def _queries(client, intake):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("review:intake", args=[intake.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_more_history_takes_no_more_queries(client, clinician):
    intake = factories.submitted_intake()
    factories.staff_login(client, clinician)
    services.note_add(intake=intake, author=clinician, body="First.", ip_address=None)
    intake = _round(intake, clinician, "no")
    few = _queries(client, intake)
    for n in range(3):
        note = services.note_add(intake=intake, author=clinician, body=f"Note {n}",
                                 ip_address=None)
        services.note_add(intake=intake, author=clinician, body=f"Fixed {n}",
                          ip_address=None, corrects=note)
        intake = _round(intake, clinician, "yes" if n % 2 == 0 else "no")
    assert _queries(client, intake) == few == PINNED
