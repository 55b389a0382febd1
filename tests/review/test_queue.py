"""The queue: filters (kept out of URLs), counts per status, and a query count
that does not grow with the number of intakes."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake import workflow
from intake.models import CandidacyAssessment, Client, Intake
from review import services
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("review:queue")


def _names(response):
    return [i.first_name for i in response.context["page"].object_list]


@pytest.fixture
def three(db):
    likely = factories.submitted_intake(first_name="Lia", email="lia@example.org")
    heart = factories.submitted_intake(
        first_name="Hal", email="hal@example.org",
        answers=likely_answers({"medical": {"heart-condition": "yes"}}))
    urgent = factories.submitted_intake(
        first_name="Uma", email="uma@example.org",
        answers=likely_answers({"phq-9": {"44260-8": "LA6569-3"},
                                "pcl-5": {f"pcl5-{n}": "4" for n in range(1, 21)}}))
    return likely, heart, urgent


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Uma", "Hal", "Lia"]),
        ({"flag": "urgent"}, ["Uma"]),
        ({"flag": "needs-acknowledgement"}, ["Uma"]),
        ({"flag": "heart-disease"}, ["Hal"]),
        ({"tier": "possible"}, ["Hal"]),
        ({"pcl5_min": "60"}, ["Uma"]),
        ({"pcl5_max": "59", "phq9_max": "5"}, ["Hal", "Lia"]),
        ({"q": "hal@exam"}, ["Hal"]),
        ({"q": "li"}, ["Lia"]),
        ({"state": "TX"}, []),
        ({"status": "approved"}, []),
    ],
)
def test_filters_narrow_the_queue(client, clinician, three, filters, expected):
    factories.staff_login(client, clinician)
    response = client.post(URL, filters)
    assert response.url == URL  # the filters live in the session, never in the address
    assert _names(client.get(URL)) == expected


def test_filters_by_assignee_and_date(client, clinician, second_clinician, three):
    likely, _heart, _urgent = three
    services.assignment_set(intake=likely, clinician=second_clinician, by=clinician,
                            ip_address=None)
    factories.staff_login(client, clinician)
    client.post(URL, {"assignee": second_clinician.pk})
    assert _names(client.get(URL)) == ["Lia"]
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    client.post(URL, {"submitted_from": tomorrow})
    assert _names(client.get(URL)) == []
    client.post(URL, {"action": "clear"})
    assert len(_names(client.get(URL))) == 3


def test_a_bad_filter_gets_a_message_by_the_field(client, clinician, three):
    factories.staff_login(client, clinician)
    response = client.post(URL, {"pcl5_min": "200"})
    assert "pcl5_min" in response.context["form"].errors


def test_counts_per_status(client, clinician, three):
    likely, *_ = three
    services.status_change(intake=likely, move=workflow.Move("in-review"), by=clinician,
                           ip_address=None)
    factories.staff_login(client, clinician)
    response = client.get(URL)
    counts = {status: count for status, _label, count in response.context["counts"]}
    assert (counts["submitted"], counts["in-review"], counts["approved"]) == (2, 1, 0)
    html = response.content.decode()
    assert "In review: <strong>1</strong>" in html and "in-review:" not in html  # words


def _bulk_submitted(n: int) -> None:
    """Many submitted intakes quickly (the query-count test needs hundreds)."""
    template = factories.submitted_intake(email="template@example.org").assessment
    now = timezone.now()
    clients = Client.objects.bulk_create(
        Client(email=f"bulk{i}@example.org") for i in range(n))
    intakes = Intake.objects.bulk_create(
        Intake(id=uuid.uuid4(), client=c, status="submitted", submitted_at=now,
               first_name=f"Bulk{i}", last_name="Test", email=c.email, state="CA")
        for i, c in enumerate(clients))
    CandidacyAssessment.objects.bulk_create(
        CandidacyAssessment(intake=i, tier=template.tier, base_tier=template.base_tier,
                            reasons=template.reasons, scores=template.scores,
                            rules_version=template.rules_version,
                            thresholds=template.thresholds)
        for i in intakes)


def test_the_queue_takes_as_many_queries_with_one_intake_as_with_500(client, clinician):
    factories.staff_login(client, clinician)
    factories.submitted_intake(email="one@example.org")
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    _bulk_submitted(500)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.context["page"].paginator.count == 502
    assert len(many.captured_queries) == len(one.captured_queries)

