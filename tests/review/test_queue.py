"""The queue: filters (kept out of URLs), counts per status, and a query count
that does not grow with the number of intakes."""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from intake import workflow
from intake.models import CandidacyAssessment, Client, Intake
from review import services
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("review:queue")


def _names(response):
    return [i.first_name for i in response.context["page"].object_list]


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
    client.get(URL)  # the session's renewal, written once a minute, out of the way
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    _bulk_submitted(500)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.context["page"].paginator.count == 502
    assert len(many.captured_queries) == len(one.captured_queries)


# -- Assignees: me, nobody, and people no longer active -------------------------------------

def test_assigned_to_me_and_unassigned(client, clinician, second_clinician, three):
    likely, heart, _urgent = three
    services.assignment_set(intake=likely, clinician=clinician, by=clinician, ip_address=None)
    services.assignment_set(intake=heart, clinician=second_clinician, by=clinician,
                            ip_address=None)
    factories.staff_login(client, clinician)
    client.post(URL, {"assignee": "me"})
    assert _names(client.get(URL)) == ["Lia"]
    assert client.session["review_queue_filters"] == {"assignee": "me"}  # not an id
    client.post(URL, {"assignee": "none"})
    assert _names(client.get(URL)) == ["Uma"]
    factories.staff_login(client, second_clinician)  # "me" is whoever is logged in
    client.post(URL, {"assignee": "me"})
    assert _names(client.get(URL)) == ["Hal"]


def test_cases_of_a_deactivated_person_can_still_be_found(client, clinician, clinic_admin,
                                                          three):
    from accounts.services import staff_deactivate
    from clinic.roles import Role

    dana = factories.staff(Role.CLINICIAN, "dana.reyes@example.org")
    dana.first_name, dana.last_name = "Dana", "Reyes"
    dana.save()
    likely, *_ = three
    services.assignment_set(intake=likely, clinician=dana, by=clinician, ip_address=None)
    # A decided case stays with its clinician when they leave, until it is reopened.
    services.status_change(intake=likely, move=workflow.Move(
        "approved", reason_code="indications-met", note="Fine."), by=dana, ip_address=None)
    staff_deactivate(user=dana, by=clinic_admin, handover_to=None, ip_address=None)
    services.status_change(intake=likely, move=workflow.Move("in-review"), by=clinician,
                           ip_address=None)
    factories.staff_login(client, clinician)
    choices = dict(client.get(URL).context["form"].fields["assignee"].choices)
    assert choices[str(dana.pk)] == "Dana Reyes (no longer active)"
    assert list(choices)[:3] == ["", "me", "none"]
    client.post(URL, {"assignee": str(dana.pk)})
    response = client.get(URL)
    assert _names(response) == ["Lia"]
    assert "Dana Reyes (no longer active)" in response.content.decode()


# -- Ranges: the lowest above the highest is an error by the field --------------------------

@pytest.mark.parametrize(
    ("low", "high", "values", "message"),
    [
        ("pcl5_min", "pcl5_max", ("40", "30"), "This is above “PCL-5 at most”"),
        ("phq9_min", "phq9_max", ("12", "4"), "This is above “PHQ-9 at most”"),
        ("gad7_min", "gad7_max", ("9", "8"), "This is above “GAD-7 at most”"),
        ("submitted_from", "submitted_to", ("2026-03-02", "2026-03-01"),
         "This date is after “Submitted until”"),
    ],
)
def test_a_range_upside_down_says_so_by_its_field(client, clinician, three, low, high,
                                                  values, message):
    factories.staff_login(client, clinician)
    response = client.post(URL, dict(zip((low, high), values, strict=True)))
    assert response.status_code == 200  # shown again, not kept
    assert message in response.context["form"].errors[low][0]
    html = response.content.decode()
    assert message in html.replace("&quot;", '"')
    # The list waits for the fix; it never claims that nothing was submitted.
    assert "The list shows again once the filters above are fixed." in html
    assert "No intakes have been submitted yet." not in html
    assert "review_queue_filters" not in client.session
    assert client.post(URL, dict(zip((low, high), reversed(values), strict=True))).url == URL


def test_a_range_of_one_value_is_fine(client, clinician, three):
    factories.staff_login(client, clinician)
    assert client.post(URL, {"pcl5_min": "0", "pcl5_max": "0"}).url == URL


# -- What a row says: words, the "sent again" marker ---------------------------------------

def test_an_open_resubmission_is_marked_sent_again_with_its_date(client, clinician, three):
    likely, heart, _urgent = three
    when = timezone.now() - timezone.timedelta(days=1)
    Intake.objects.filter(pk__in=[likely.pk, heart.pk]).update(resubmitted_at=when)
    services.status_change(intake=heart, move=workflow.Move(
        "not-suitable", reason_code="no-indication", note="Not indicated."),
        by=clinician, ip_address=None)
    factories.staff_login(client, clinician)
    client.post(URL, {"status": "all"})
    response = client.get(URL)
    rows = {i.first_name: i for i in response.context["page"].object_list}
    assert (rows["Lia"].sent_again, rows["Hal"].sent_again, rows["Uma"].sent_again) == (
        True, False, False)  # Hal's case is closed, Uma never sent it again
    html = response.content.decode()
    stamp = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    assert html.count(">Sent again<") == 1
    assert f'<span class="visually-hidden">Sent again on {stamp}</span>' in html


def test_statuses_tiers_and_flags_are_in_words(client, clinician, three):
    likely, *_ = three
    services.status_change(intake=likely, move=workflow.Move("in-review"), by=clinician,
                           ip_address=None)
    factories.staff_login(client, clinician)
    response = client.get(URL)
    main = response.content.decode().split('<main', 1)[1]
    text = re.sub(r"<[^>]+>", " ", main)  # what a person reads, not the markup's classes
    assert "In review" in text and "Possible candidate, needs review" in text
    assert "Heart disease (angina, arrhythmia, heart failure or past heart attack)." in text
    for code in ("in-review", "heart-disease", "asq-positive", "phq9-item9", "possible",
                 "likely", "needs-info"):
        assert not re.search(rf"(?<![\w-]){code}(?![\w-])", text), code
    spanish = client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    with translation.override("es"):
        in_review = workflow.status_label("in-review")
    assert in_review != "In review" and in_review in spanish


# -- Query count: pinned, whatever the number of rows ----------------------------------------

# The session, its user, their second-step device and permissions (1, their own and their
# role's: accounts/backends.py); the people of the assignee filter; the page's count and its
# rows (two queries: the open urgent cases, then the rest, each through its index:
# UrgentFirst); the audit row of the look (3: the chain's lock, its head, the insert); the
# counts per status; the clinic with its crisis lines (1), its email problems (staff see no
# menu of public pages); the risk answers during care nobody has acknowledged
# (care.selectors). The session is not written: it is renewed at most once a minute
# (kapclinic.middleware.SessionRenewalMiddleware), here by the posts before.
QUEUE_QUERIES = 15


def test_the_queue_page_takes_a_fixed_number_of_queries(client, clinician, second_clinician,
                                                        django_assert_num_queries, three):
    likely, heart, _urgent = three
    services.assignment_set(intake=likely, clinician=second_clinician, by=clinician,
                            ip_address=None)
    factories.staff_login(client, clinician)
    client.post(URL, {"assignee": str(second_clinician.pk), "pcl5_max": "80"})
    client.post(URL, {"action": "clear"})
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(URL).status_code == 200
    _bulk_submitted(60)  # more rows than a page, flags and assignees included
    services.assignment_set(intake=heart, clinician=clinician, by=clinician, ip_address=None)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 50


def test_after_apply_the_results_come_first_with_a_way_to_clear(client, clinician, three):
    """On a phone the open filter form pushed the results far down: it closes after Apply
    (open again only to show an error), and clearing is one button away."""
    factories.staff_login(client, clinician)
    client.post(URL, {"tier": "likely"})
    html = client.get(URL).content.decode()
    assert '<details class="mb-3">' in html  # closed
    assert "Clear the filters" in html
    assert client.post(URL, {"action": "clear"}).url == URL
    assert "Clear the filters" not in client.get(URL).content.decode()


def test_pages_read_in_two_parts_run_exactly_as_the_queue_in_one(clinician):
    """Open urgent cases (each part by its index) then the rest: slicing anywhere, below,
    across and past where the urgent ones end, gives the queue's own order."""
    from datetime import timedelta

    from review.selectors import UrgentFirst, filtered_queue

    _bulk_submitted(12)
    now = timezone.now()
    bulk = list(Intake.objects.filter(first_name__startswith="Bulk").order_by("first_name"))
    for n, intake in enumerate(bulk):  # distinct times, some urgent, one of them closed
        Intake.objects.filter(pk=intake.pk).update(
            submitted_at=now - timedelta(hours=n),
            urgent_since=now - timedelta(hours=20 - n) if n % 4 == 0 else None,
            status="referred" if n == 8 else "submitted")
    whole = list(filtered_queue({"status": "all"}))
    assert sum(1 for i in whole if i.urgent and i.status != "referred") == 2
    for size in (1, 2, 3, 5, 50):
        pages = UrgentFirst(filtered_queue({"status": "all"}))
        read = [row for start in range(0, len(whole), size) for row in
                UrgentFirst(filtered_queue({"status": "all"}))[start:start + size]]
        assert [i.pk for i in read] == [i.pk for i in whole], size
        assert pages.count() == len(whole)
