"""The review workflow: allowed moves in one place, decisions with reasons, urgent cases
acknowledged before anything else; every write audited."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from intake import workflow
from intake.models import Intake, StatusChange
from review import services
from review.models import Acknowledgement, Note
from screening.examples import likely_answers
from tests import factories

S = Intake.Status
pytestmark = pytest.mark.django_db


def test_every_status_but_draft_has_its_moves_and_they_lead_to_real_statuses():
    assert set(workflow.MOVES) == {s.value for s in S} - {S.DRAFT}
    for targets in workflow.MOVES.values():
        assert targets <= set(workflow.MOVES)


def test_a_decision_needs_a_reason_code_and_a_note():
    with pytest.raises(workflow.MoveNotAllowed, match="reason for this decision"):
        workflow.check_move(S.IN_REVIEW, workflow.Move(S.APPROVED, note="ok"))
    with pytest.raises(workflow.MoveNotAllowed, match="note"):
        workflow.check_move(S.IN_REVIEW, workflow.Move(S.APPROVED, "indications-met"))
    workflow.check_move(S.IN_REVIEW, workflow.Move(S.APPROVED, "indications-met", "Fits."))


def test_the_client_moves_are_their_own_table():
    """The client sends a draft, sends it again when asked, or withdraws while asked; staff
    can do none of these, and the client nothing else."""
    workflow.check_move(S.DRAFT, workflow.Move(S.SUBMITTED), client=True)
    workflow.check_move(S.NEEDS_INFO, workflow.Move(S.SUBMITTED), client=True)
    workflow.check_move(S.NEEDS_INFO, workflow.Move(S.WITHDRAWN), client=True)
    for status, target in [(S.DRAFT, S.SUBMITTED), (S.NEEDS_INFO, S.SUBMITTED)]:
        with pytest.raises(workflow.MoveNotAllowed):
            workflow.check_move(status, workflow.Move(target))
    for status in (S.SUBMITTED, S.IN_REVIEW, S.APPROVED):
        with pytest.raises(workflow.MoveNotAllowed):
            workflow.check_move(status, workflow.Move(S.WITHDRAWN), client=True)


def test_asking_for_more_information_needs_the_parts_and_a_message_for_the_client():
    with pytest.raises(workflow.MoveNotAllowed, match="look at again"):
        workflow.check_move(S.IN_REVIEW, workflow.Move(S.NEEDS_INFO, message="More?"))
    with pytest.raises(workflow.MoveNotAllowed, match="message"):
        workflow.check_move(S.IN_REVIEW, workflow.Move(S.NEEDS_INFO, revisit=("medical",),
                                                       message="  "))
    workflow.check_move(S.IN_REVIEW, workflow.Move(S.NEEDS_INFO, revisit=("medical",),
                                                   message="More about your heart, please."))


def test_a_message_to_the_client_goes_only_with_a_request_for_information():
    """Anything else would be kept as if sent, and never reach the client."""
    with pytest.raises(workflow.MoveNotAllowed, match="sends the client a message"):
        workflow.check_move(S.IN_REVIEW, workflow.Move(S.APPROVED, "indications-met", "Fits.",
                                                       message="Welcome!"))


def test_a_move_the_table_lacks_is_refused():
    with pytest.raises(workflow.MoveNotAllowed, match="cannot become"):
        workflow.check_move(S.NOT_SUITABLE, workflow.Move(S.APPROVED, "indications-met", "x"))


@pytest.fixture
def urgent(db):
    return factories.submitted_intake(
        answers=likely_answers({"phq-9": {"44260-8": "LA6569-3"}}))


def test_an_urgent_case_must_be_acknowledged_before_anything_else(urgent, clinician):
    with pytest.raises(services.ReviewError, match="acknowledged first"):
        services.note_add(intake=urgent, author=clinician, body="x", ip_address=None)
    with pytest.raises(services.ReviewError, match="acknowledged first"):
        services.assignment_set(intake=urgent, clinician=clinician, by=clinician,
                                ip_address=None)
    with pytest.raises(services.ReviewError, match="acknowledged first"):
        services.status_change(intake=urgent, move=workflow.Move(S.IN_REVIEW), by=clinician,
                               ip_address=None)
    services.acknowledgement_record(intake=urgent, by=clinician,
                                    action_taken="Called; safety plan agreed.",
                                    ip_address="10.0.0.1")
    services.note_add(intake=urgent, author=clinician, body="Follow up Friday.",
                      ip_address=None)
    record_events = AuditEvent.objects.filter(intake__isnull=False).order_by("id")
    assert list(record_events.values_list("action", flat=True)) == ["acknowledge", "note"]


def test_a_routine_case_cannot_be_acknowledged(submitted_intake, clinician):
    with pytest.raises(services.ReviewError, match="Only urgent"):
        services.acknowledgement_record(intake=submitted_intake, by=clinician,
                                        action_taken="x", ip_address=None)


def test_notes_are_append_only_and_corrections_point_at_the_old(submitted_intake, clinician):
    first = services.note_add(intake=submitted_intake, author=clinician, body="BP 150/95",
                              ip_address=None)
    fix = services.note_add(intake=submitted_intake, author=clinician, body="BP 130/85",
                            ip_address=None, corrects=first)
    first.refresh_from_db()
    assert first.body == "BP 150/95" and fix.corrects == first
    with pytest.raises(services.ReviewError, match="already corrected"):
        services.note_add(intake=submitted_intake, author=clinician, body="again",
                          ip_address=None, corrects=first)


def test_a_decision_moves_the_intake_and_is_recorded(submitted_intake, clinician):
    services.status_change(intake=submitted_intake, move=workflow.Move(S.IN_REVIEW),
                           by=clinician, ip_address=None)
    services.status_change(
        intake=submitted_intake,
        move=workflow.Move(S.APPROVED, "indications-met", "Good fit; book consult."),
        by=clinician, ip_address="10.0.0.2")
    submitted_intake.refresh_from_db()
    assert submitted_intake.status == S.APPROVED
    changes = list(StatusChange.objects.values_list("from_status", "to_status", "reason_code",
                                                    "by"))
    assert changes == [("draft", "submitted", "", None),  # the client's own move
                       ("submitted", "in-review", "", clinician.pk),
                       ("in-review", "approved", "indications-met", clinician.pk)]
    assert list(AuditEvent.objects.filter(action="status").order_by("id")
                .values_list("actor", "detail")) == [
        (clinician.pk, {"from": "submitted", "to": "in-review"}),
        (clinician.pk, {"from": "in-review", "to": "approved"})]


def _login(client, user):
    factories.staff_login(client, user)
    return client


def test_the_intake_page_offers_only_acknowledgement_for_an_unacknowledged_urgent_case(
    client, clinician, urgent
):
    html = _login(client, clinician).get(reverse("review:intake", args=[urgent.pk])).content
    html = html.decode()
    assert reverse("review:acknowledge", args=[urgent.pk]) in html
    assert reverse("review:status", args=[urgent.pk]) not in html
    response = client.post(reverse("review:acknowledge", args=[urgent.pk]),
                           {"action_taken": "Called the client."})
    assert response.url == reverse("review:intake", args=[urgent.pk])
    assert Acknowledgement.objects.get(intake=urgent).by == clinician


def test_pages_post_notes_assignments_and_decisions(client, clinician, second_clinician,
                                                   submitted_intake):
    _login(client, clinician)
    pk = submitted_intake.pk
    client.post(reverse("review:assign", args=[pk]), {"clinician": second_clinician.pk})
    client.post(reverse("review:note", args=[pk]), {"body": "Seen the scores."})
    response = client.post(reverse("review:status", args=[pk]),
                           {"target": "not-suitable", "reason_code": "contraindication",
                            "note": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A decision needs a note saying why." in page  # refused, with the reason shown
    # ...and the form comes back as it was sent, the choices still made.
    assert '<option value="not-suitable" selected>' in page
    assert '<option value="contraindication" selected>' in page
    client.post(reverse("review:status", args=[pk]),
                {"target": "not-suitable", "reason_code": "contraindication",
                 "note": "Uncontrolled hypertension; see GP first."})
    submitted_intake.refresh_from_db()
    assert submitted_intake.status == S.NOT_SUITABLE
    assert submitted_intake.assignment.clinician == second_clinician
    assert Note.objects.get().body == "Seen the scores."
    page = client.get(reverse("review:intake", args=[pk])).content.decode()
    assert "Uncontrolled hypertension; see GP first." in page  # on the timeline


@pytest.mark.parametrize("name", ["acknowledge", "assign", "note", "status"])
def test_writes_need_a_staff_role_and_a_post(client, plain_user, clinician, submitted_intake,
                                             name):
    url = reverse(f"review:{name}", args=[submitted_intake.pk])
    assert client.post(url).status_code == 302  # anonymous: to login
    assert _login(client, plain_user).post(url).status_code == 302
    assert _login(client, clinician).get(url).status_code == 405
    assert not AuditEvent.objects.filter(intake__isnull=False).exclude(action="view").exists()


def test_a_note_is_corrected_from_the_page_and_the_original_stays_marked(
        client, clinician, submitted_intake):
    _login(client, clinician)
    url = reverse("review:intake", args=[submitted_intake.pk])
    original = services.note_add(intake=submitted_intake, author=clinician,
                                 body="BP 150/95", ip_address=None)
    page = client.get(url).content.decode()
    assert "Correct this note" in page
    assert f'name="corrects" value="{original.pk}"' in page
    response = client.post(reverse("review:note", args=[submitted_intake.pk]),
                           {"body": "BP 130/85 (misread)", "corrects": original.pk})
    fix = Note.objects.get(corrects=original)
    assert response.url == f"{url}#note-{fix.pk}"
    original.refresh_from_db()
    assert original.body == "BP 150/95"  # unchanged, on the record
    page = client.get(url).content.decode()
    assert "<del>BP 150/95</del>" in page and "Corrected" in page
    assert "BP 130/85 (misread)" in page
    # A second correction of the same note (a stale page) is refused with the words kept.
    response = client.post(reverse("review:note", args=[submitted_intake.pk]),
                           {"body": "BP 131/85, typed again", "corrects": original.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "already corrected" in html and "BP 131/85, typed again" in html
    assert Note.objects.count() == 2


def test_a_correction_names_a_note_of_the_same_intake(client, clinician, submitted_intake):
    other = factories.submitted_intake(email="other@example.org")
    elsewhere = services.note_add(intake=other, author=clinician, body="Other.",
                                  ip_address=None)
    _login(client, clinician)
    response = client.post(reverse("review:note", args=[submitted_intake.pk]),
                           {"body": "Hijack", "corrects": elsewhere.pk})
    assert response.status_code == 400
    assert not Note.objects.filter(intake=submitted_intake).exists()


def test_a_refused_staff_form_comes_back_with_everything_typed(client, clinician,
                                                               submitted_intake):
    _login(client, clinician)
    response = client.post(reverse("review:status", args=[submitted_intake.pk]), {
        "target": "approved", "reason_code": "contraindication",  # a reason of another move
        "note": "Long careful note the clinician typed.", "message": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Long careful note the clinician typed." in html
    assert '<option value="approved" selected>' in html
    assert "Choose the reason for this decision." in html
    submitted_intake.refresh_from_db()
    assert submitted_intake.status == S.SUBMITTED
    # A failed look still counts as a look: the page showed the record again.
    assert AuditEvent.objects.filter(action="view", intake=submitted_intake).count() == 1


def test_each_write_says_what_it_did(client, clinician, submitted_intake):
    _login(client, clinician)
    pk = submitted_intake.pk
    page = client.post(reverse("review:note", args=[pk]), {"body": "Seen."}, follow=True)
    assert "Note added." in page.content.decode()
    page = client.post(reverse("review:status", args=[pk]), {
        "target": "needs-info", "revisit": ["medical"], "message": "Your heart, please."},
        follow=True)
    assert "The client is emailed a link to the parts you named" in page.content.decode()


def test_a_message_with_another_move_is_refused_by_its_field(client, clinician,
                                                             submitted_intake):
    _login(client, clinician)
    response = client.post(reverse("review:status", args=[submitted_intake.pk]), {
        "target": "in-review", "message": "Hello"})
    assert response.status_code == 400
    assert response.context["forms"]["status"].errors["message"]
