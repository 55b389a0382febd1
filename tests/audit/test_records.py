"""Records that cannot be rewritten: the app's PostgreSQL role is refused UPDATE and
DELETE on them (privileges, and row-level security for answers and signatures once sent),
and triggers refuse the same statements to every role, the owner's included.

The suite connects as the owner; `as_app_role` takes the app's role for a block, with
`SET ROLE`, so PostgreSQL applies exactly that role's privileges and policies."""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from audit.services import audit_record
from intake import services as intake_services
from intake import workflow
from intake.models import Intake
from review import services as review_services
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db

APPEND_ONLY = ["audit_auditevent", "intake_candidacyassessment", "review_note",
               "intake_statuschange"]
SENT_ONCE = ["intake_questionnaireresponse", "intake_consentsignature"]


@contextmanager
def as_app_role():
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(settings.APP_DATABASE_ROLE)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _run(sql: str, params: list | None = None) -> int | str:
    """The statement's row count, or the error PostgreSQL refused it with."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount
    except DatabaseError as error:
        return str(error).splitlines()[0]


@pytest.fixture
def records(clinician):
    """One of each record: a sent intake (answers, signature, assessment, status history),
    a note and audit rows."""
    intake = factories.submitted_intake()
    review_services.note_add(intake=intake, author=clinician, body="Called, all fine.",
                             ip_address=None)
    review_services.status_change(intake=intake, move=workflow.Move("in-review"),
                                  by=clinician, ip_address=None)
    audit_record(actor=clinician, action="view", intake=intake)
    return intake


def test_the_app_role_is_neither_owner_nor_superuser():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls "
                       "FROM pg_roles WHERE rolname = %s", [settings.APP_DATABASE_ROLE])
        assert cursor.fetchone() == (False, False, False, False)
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                       "AND tableowner = %s", [settings.APP_DATABASE_ROLE])
        assert cursor.fetchone() == (0,)


@pytest.mark.parametrize("table", APPEND_ONLY)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}",
                                       "TRUNCATE {t} CASCADE"])
def test_the_app_role_may_not_change_or_remove_append_only_rows(records, table, statement):
    with as_app_role():
        refused = _run(statement.format(t=table))
    assert refused == f"permission denied for table {table}"


@pytest.mark.parametrize("table", SENT_ONCE)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_the_app_role_cannot_touch_sent_answers_or_signatures(records, table, statement):
    with as_app_role():
        assert _run(statement.format(t=table)) == 0  # row-level security: no row matches
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (a name of ours)
            assert cursor.fetchone()[0] > 0  # while it reads them all


@pytest.mark.parametrize("table", APPEND_ONLY + SENT_ONCE)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_triggers_refuse_even_the_owner(records, table, statement):
    refused = _run(statement.format(t=table))
    assert refused == f"pgtrigger: Cannot update or delete rows from {table} table"


def test_the_app_role_can_do_everything_the_app_does(clinician, clinic_admin):
    """The whole journey as the app role: a draft edited and sent, reopened by the clinic,
    answered again, reviewed and decided. Nothing in it needs what the role lacks."""
    with as_app_role():
        intake = factories.submitted_intake()
        review_services.status_change(
            intake=intake, by=clinician, ip_address=None, move=workflow.Move(
                "needs-info", revisit=("medications",), message="More, please."))
        intake.refresh_from_db()
        intake_services.response_save(intake=intake, questionnaire="medications",
                                      answers=likely_answers()["medications"])
        intake_services.intake_submit(intake_id=intake.pk)
        review_services.note_add(intake=intake, author=clinician, body="Seen.",
                                 ip_address=None)
        for move in (workflow.Move("in-review"),
                     workflow.Move("approved", "indications-met", "Consult booked.")):
            review_services.status_change(intake=intake, move=move, by=clinician,
                                          ip_address=None)
        draft = factories.draft_intake(email="ben@example.org")
        intake_services.intake_gate_out(intake=draft, reason="under-age")
    assert Intake.objects.get().status == "approved"


def test_a_draft_stays_editable_for_the_app_role():
    with as_app_role():
        draft = factories.draft_intake()
        response = draft.responses.current().first()
        assert _run("UPDATE intake_questionnaireresponse SET complete = false "
                    "WHERE id = %s", [response.pk]) == 1
