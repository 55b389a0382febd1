"""The audit trail page: clinic admins only, with filters."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("review:audit")


def test_admins_read_who_saw_what(client, clinician, clinic_admin):
    intake = factories.submitted_intake()
    other = factories.submitted_intake(email="other@example.org")
    factories.staff_login(client, clinician)
    client.get(reverse("review:intake", args=[intake.pk]), REMOTE_ADDR="10.9.8.7")
    client.get(reverse("review:intake", args=[other.pk]))
    factories.staff_login(client, clinic_admin)
    html = client.get(URL).content.decode()
    assert clinician.username in html and "10.9.8.7" in html
    filtered = client.get(URL, {"intake": str(intake.pk)})
    events = list(filtered.context["page"].object_list)
    assert [e.intake_id for e in events] == [intake.pk]


def test_clinicians_and_others_cannot_read_the_audit_trail(client, clinician, plain_user):
    assert client.get(URL).status_code == 302
    factories.staff_login(client, clinician)
    assert client.get(URL).status_code == 403  # told so, not sent to log in again
    factories.staff_login(client, plain_user)
    assert client.get(URL).url.startswith(reverse("login"))


def test_the_next_page_keeps_the_filters(client, clinic_admin):
    from audit.models import AuditEvent
    from audit.services import audit_record_many

    audit_record_many([AuditEvent(actor=clinic_admin, action="export") for _n in range(101)])
    factories.staff_login(client, clinic_admin)
    html = client.get(URL, {"action": "export"}).content.decode()
    assert 'href="?action=export&amp;page=2"' in html
    second = client.get(URL, {"action": "export", "page": "2"}).content.decode()
    assert 'href="?action=export&amp;page=1"' in second  # not "page=2&page=1"


def test_the_service_itself_is_named_on_its_own_rows(client, clinic_admin):
    from audit.services import audit_record

    audit_record(actor=None, action="message-failed", detail={"message": 1})
    factories.staff_login(client, clinic_admin)
    assert "The service itself" in client.get(URL).content.decode()


def test_details_are_in_words_not_a_dict(client, clinician, clinic_admin):
    from intake import workflow
    from review import services

    clinician.first_name, clinician.last_name = "Dana", "Reyes"
    clinician.save()
    intake = factories.submitted_intake()
    services.status_change(intake=intake, move=workflow.Move("in-review"), by=clinician,
                           ip_address=None)
    services.assignment_set(intake=intake, clinician=clinician, by=clinician, ip_address=None)
    factories.staff_login(client, clinician)
    client.get(reverse("review:queue"))
    factories.staff_login(client, clinic_admin)
    response = client.get(URL)
    details = [detail for _event, detail in response.context["rows"]]
    assert "from Submitted to In review" in details
    assert "assigned to Dana Reyes" in details
    assert "page 1, 1 record" in details
    html = response.content.decode()
    assert "{&#x27;" not in html and "in-review" not in html


def test_each_kind_of_detail_reads_as_words():
    from review.words import describe

    people = {7: "Dana Reyes", 8: "Lee Park (no longer active)"}
    assert describe("role-change", {"user": 7, "from": "Clinician", "to": "Clinic admin"},
                    people) == "role from Clinician to Clinic admin; for Dana Reyes"
    assert describe("handover", {"from": 8, "to": None, "cases": 2}, people) == (
        "2 open cases of Lee Park (no longer active) to nobody")
    assert describe("assign", {"clinician": 7, "handover_from": 8}, people) == (
        "assigned to Dana Reyes; handed over from Lee Park (no longer active)")
    assert describe("message-failed", {"message": 3, "kind": "reminder",
                                       "recipient": "client", "tries": 11,
                                       "error": "SMTPServerDisconnected"}, people) == (
        "email 3, Reminder to finish an application, to Client; 11 tries; "
        "last error: SMTPServerDisconnected")
    assert describe("mfa-failed", {"method": "authenticator-app", "while": "enrolling"},
                    people) == "authenticator app; while setting it up"
    assert describe("export", {"what": "queue-csv", "rows": 1}, people) == (
        "the queue as CSV, 1 row")
    assert describe("password-reset-requested", {"users": []}, people) == "no account matched"
    assert describe("invite", {"user": 99, "role": "Clinician"}, people) == (
        "for account 99; as Clinician")
    assert describe("erase", {"why": "request"}, people) == "at a clinic admin's request"
    assert describe("erase", {"why": "retention", "rule": "drafts"}, people) == (
        "by the retention policy: unfinished application")
    assert describe("retention", {"closed": 2, "drafts": 0, "closed_days": 30,
                                  "draft_days": None}, people) == (
        "2 closed cases (after 30 days) and 0 unfinished applications (after — days) erased")
    assert describe("view", {}, people) == ""
    assert describe("view", {"something": 1}, people) == "something: 1"  # nothing hidden


def test_an_admin_change_names_the_fields_and_for_settings_the_values():
    from review.words import describe

    assert describe("content-change", {"object": "clinic.contentpage", "id": 3,
                                       "change": "changed", "fields": ["title"]}, {}) == (
        "Content page 3 changed: title")
    settings = describe("settings-change", {"object": "clinic.clinicprofile", "id": 1,
                                            "change": "changed",
                                            "fields": {"name": ["Old", "New"]}}, {})
    assert settings == "Clinic settings 1 changed: clinic name from “Old” to “New”"


def test_the_page_takes_as_many_queries_with_many_people_named_as_with_one(
    client, clinic_admin, clinician, second_clinician,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audit.models import AuditEvent
    from audit.services import audit_record_many

    factories.staff_login(client, clinic_admin)
    audit_record_many([AuditEvent(actor=clinic_admin, action="assign",
                                  detail={"clinician": clinician.pk})])
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    audit_record_many([AuditEvent(actor=who, action="assign",
                                  detail={"clinician": whom.pk, "handover_from": who.pk})
                       for who in (clinician, second_clinician)
                       for whom in (clinician, second_clinician) for _n in range(20)])
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["rows"]) == 82  # and the login
    assert len(many.captured_queries) == len(one.captured_queries)
