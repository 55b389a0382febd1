"""Erasing a person: the clinic's retention policy (a nightly job) and a clinic admin's
"erase this person". What is left is a shell that keeps the counts and the audit trail
whole; nothing in the database still says who the person was or what anyone wrote."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.chain import breaks
from audit.models import AuditEvent
from clinic.models import ClinicProfile
from intake import services as intake_services
from intake import workflow
from intake.models import (
    Client,
    ConsentSignature,
    Intake,
    QuestionnaireResponse,
    ResumeToken,
    StatusChange,
)
from review import retention, services, stats
from review.models import Acknowledgement, Note
from review.tasks import retention as retention_job
from screening.examples import likely_answers
from tests import factories
from tests.audit.test_records import as_app_role

pytestmark = pytest.mark.django_db

# Words that exist nowhere but in this person's record, to look for in every table after.
NAME, EMAIL = "Zephyrine", "zephyrine.quill@example.org"
NOTE, MESSAGE, ACK = "Spoke with Zephyrine", "Tell us more, Quill", "Called Quillfamily"
ASQ_YES = likely_answers()["asq"] | {"asq-1": "yes", "asq-5": "no"}


def _person(clinician, *, urgent: bool = False) -> Intake:
    """A sent application with everything a record can hold: answers, a signature, a
    note, a request for more information with its message, a decision with its note, an
    acknowledgement of its urgent answer, a resume link."""
    answers = likely_answers() | ({"asq": ASQ_YES} if urgent else {})
    intake = factories.submitted_intake(first_name=NAME, last_name="Quill", email=EMAIL,
                                        answers=answers)
    if urgent:
        services.acknowledgement_record(intake=intake, by=clinician, action_taken=ACK,
                                        ip_address=None)
    services.note_add(intake=intake, author=clinician, body=NOTE, ip_address=None)
    for move in (workflow.Move("in-review"),
                 workflow.Move("needs-info", revisit=("gad-7",), message=MESSAGE)):
        services.status_change(intake=intake, move=move, by=clinician, ip_address=None)
    intake = Intake.objects.get(pk=intake.pk)
    intake_services.resume_link_create(intake=intake)
    return intake


def _close(intake, clinician, *, days_ago: int, note: str = "Not suitable now") -> None:
    """Decide the case "not suitable", the decision dated `days_ago`."""
    intake.refresh_from_db()
    if intake.status == "needs-info":
        services.status_change(intake=intake, move=workflow.Move("in-review"), by=clinician,
                               ip_address=None)
    services.status_change(
        intake=intake, by=clinician, ip_address=None,
        move=workflow.Move("not-suitable", reason_code="client-choice",
                           note=note))
    _backdate_moves(intake, days_ago)


def _backdate_moves(intake, days_ago: int) -> None:
    """Status rows are append-only: backdating them is the owner's test-only privilege,
    with the trigger lifted as the erasure does."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)",
                       ["{" + _trigger("intake_statuschange") + "}"])
        cursor.execute("UPDATE intake_statuschange SET at = at - %s WHERE intake_id = %s",
                       [timedelta(days=days_ago), intake.pk])
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")


def _trigger(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND "
                       "tgname LIKE 'pgtrigger_%%'", [table])
        return cursor.fetchone()[0]


def _tables_mentioning(*words: str) -> dict[str, int]:
    """Every table of the database whose rows, as text, contain any of the words."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (table,) in cursor.fetchall():
            quoted = connection.ops.quote_name(table)
            for word in words:
                cursor.execute(f"SELECT count(*) FROM {quoted} t WHERE t::text ILIKE %s",  # noqa: S608 (catalogue names)
                               [f"%{word}%"])
                count = cursor.fetchone()[0]
                if count:
                    found[f"{table}: {word}"] = count
    return found


def test_erasing_leaves_nothing_of_the_person_and_the_audit_trail_whole(clinician,
                                                                        clinic_admin):
    intake = _person(clinician, urgent=True)
    second = factories.submitted_intake(first_name=NAME, last_name="Quill", email=EMAIL)
    assert _tables_mentioning(NAME, EMAIL, NOTE, MESSAGE, ACK)  # the probe finds them
    tier, statuses = intake.assessment.tier, StatusChange.objects.filter(intake=intake).count()
    audit_before, funnel_before = AuditEvent.objects.count(), stats.funnel()

    with as_app_role():  # as the app itself runs: the owner's function does the rest
        erased = services.person_erase(intake=intake, by=clinic_admin, ip_address=None)

    assert erased == 2
    assert _tables_mentioning(NAME, EMAIL, NOTE, MESSAGE, ACK, "Quill") == {}
    for each in (intake, second):
        each.refresh_from_db()
        assert each.erased_at is not None and each.client is None
        assert each.full_name == "" and each.email == "" and each.date_of_birth is None
    assert not Client.objects.exists()
    for model in (QuestionnaireResponse, ConsentSignature, Note, ResumeToken):
        assert not model.objects.filter(intake__in=[intake, second]).exists(), model
    # The shell: status, times, safety flags and the tier stay for the counts.
    assert intake.status == "needs-info" and intake.urgent and intake.assessment.tier == tier
    assert intake.assessment.reasons == [] and intake.assessment.scores == {}
    assert StatusChange.objects.filter(intake=intake).count() == statuses
    assert Acknowledgement.objects.get(intake=intake).action_taken == ""
    # The audit trail: every earlier row as it was, one more per erased application.
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) == audit_before + 2 and list(breaks(events)) == []
    assert [(e.actor, e.detail) for e in events[-2:]] == [(clinic_admin, {"why": "request"})] * 2
    assert stats.funnel() == funnel_before  # still counted, as before


def test_the_protection_is_lifted_for_the_erasure_alone(clinician, clinic_admin):
    """After the function, in the same transaction, the triggers refuse again; and the
    app's role still may not change those rows itself."""
    other = factories.submitted_intake()
    services.note_add(intake=other, author=clinician, body="Kept.", ip_address=None)
    intake = _person(clinician)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {retention.ERASE_FUNCTION}(%s)", [intake.pk])
            cursor.execute("DELETE FROM review_note WHERE intake_id = %s", [other.pk])
    with as_app_role(), pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM review_note WHERE intake_id = %s", [other.pk])
    assert Note.objects.filter(intake=other).count() == 1


def test_an_unacknowledged_urgent_case_is_not_erased(clinician, clinic_admin):
    intake = factories.submitted_intake(answers=likely_answers() | {"asq": ASQ_YES})
    assert intake.urgent
    with pytest.raises(services.ReviewError, match="acknowledge"):
        services.person_erase(intake=intake, by=clinic_admin, ip_address=None)
    intake.refresh_from_db()
    assert intake.erased_at is None and intake.responses.exists()


@pytest.fixture
def policy():
    ClinicProfile.objects.filter(pk=1).update(retain_closed_days=30, retain_draft_days=60)


def _draft(days_ago: int, **kwargs) -> Intake:
    intake = factories.draft_intake(**kwargs)
    Intake.objects.filter(pk=intake.pk).update(
        updated_at=timezone.now() - timedelta(days=days_ago))
    return intake


def test_the_nightly_job_applies_the_clinics_policy(policy, clinician):
    old_closed = _person(clinician)
    _close(old_closed, clinician, days_ago=31, note=f"{NAME} is not suitable now")
    recent_closed = factories.submitted_intake(email="recent@example.org")
    _close(recent_closed, clinician, days_ago=5)
    old_open = factories.submitted_intake(email="open@example.org")  # sent, not closed
    Intake.objects.filter(pk=old_open.pk).update(
        submitted_at=timezone.now() - timedelta(days=400))
    old_draft = _draft(61, email="d1@example.org")
    _draft(10, email="d2@example.org")  # too recent
    urgent_draft = _draft(90, email="d3@example.org")
    Intake.objects.filter(pk=urgent_draft.pk).update(urgent_since=timezone.now()
                                                     - timedelta(days=90))

    assert retention_job(timestamp=0) == {"closed": 1, "drafts": 1}

    erased = set(Intake.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {old_closed.pk, old_draft.pk}
    summary = AuditEvent.objects.filter(action=AuditEvent.Action.RETENTION).get()
    assert summary.actor is None and summary.intake is None
    assert summary.detail == {"closed": 1, "drafts": 1, "closed_days": 30, "draft_days": 60}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ERASE, actor=None).count() == 2
    assert _tables_mentioning(NAME, NOTE, MESSAGE, "d1@example.org") == {}
    # Run again: nothing more to do, and no second summary.
    assert retention_job(timestamp=0) == {"closed": 0, "drafts": 0}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RETENTION).count() == 1

    # The urgent draft waits for a clinician's acknowledgement, then goes.
    services.acknowledgement_record(intake=urgent_draft, by=clinician, action_taken="Called",
                                    ip_address=None)
    assert retention_job(timestamp=0) == {"closed": 0, "drafts": 1}


def test_with_no_policy_nothing_is_erased(clinician):
    _close(_person(clinician), clinician, days_ago=3000)
    _draft(3000, email="d1@example.org")
    assert retention_job(timestamp=0) == {"closed": 0, "drafts": 0}
    assert not Intake.objects.filter(erased_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RETENTION).exists()


def test_an_erased_draft_is_gone_for_its_client_too(client, policy):
    draft = _draft(61)
    factories.in_session(client, draft)
    retention_job(timestamp=0)
    response = client.get(reverse("intake:contact"))
    assert response.status_code == 302 and response["Location"] == reverse("intake:start")


# The page a clinic admin erases a person from.

def _erase_url(intake):
    return reverse("review:erase", args=[intake.pk])


def test_a_clinician_may_not_erase(client, clinician):
    intake = _person(clinician)
    factories.staff_login(client, clinician)
    assert client.get(_erase_url(intake)).status_code == 403
    assert client.post(_erase_url(intake), {"confirm": "on"}).status_code == 403
    assert Intake.objects.get(pk=intake.pk).erased_at is None
    assert "Erase this person" not in client.get(
        reverse("review:intake", args=[intake.pk])).content.decode()


def test_the_admin_confirms_after_reading_what_goes(client, clinician, clinic_admin):
    intake = _person(clinician)
    factories.staff_login(client, clinic_admin)
    assert "Erase this person" in client.get(
        reverse("review:intake", args=[intake.pk])).content.decode()

    page = client.get(_erase_url(intake))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"{NAME} Quill" in text and EMAIL in text
    assert "1 staff note." in text and "1 consent signature." in text
    assert AuditEvent.objects.filter(action="view", intake=intake, actor=clinic_admin).exists()

    unconfirmed = client.post(_erase_url(intake), {})
    assert unconfirmed.status_code == 400 and "Tick the box to confirm." in \
        unconfirmed.content.decode()
    assert Intake.objects.get(pk=intake.pk).erased_at is None

    done = client.post(_erase_url(intake), {"confirm": "on"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("review:queue")
    assert "The person&#x27;s data was erased." in done.content.decode()
    assert Intake.objects.get(pk=intake.pk).erased_at is not None
    assert client.get(reverse("review:intake", args=[intake.pk])).status_code == 404
    assert NAME not in client.get(reverse("review:queue")).content.decode()


def test_the_page_says_why_an_urgent_case_cannot_be_erased_yet(client, clinic_admin):
    intake = factories.submitted_intake(answers=likely_answers() | {"asq": ASQ_YES})
    factories.staff_login(client, clinic_admin)
    page = client.get(_erase_url(intake)).content.decode()
    assert "nobody has acknowledged it yet" in page and "Erase for good" not in page
    refused = client.post(_erase_url(intake), {"confirm": "on"})
    assert refused.status_code == 400
    assert Intake.objects.get(pk=intake.pk).erased_at is None
