"""The audit trail's hash chain, and `manage.py verify_audit` naming the first row that
was changed, inserted or removed behind the app's back (here, as the owner with the
trigger lifted, the one way left to do it)."""

import contextlib
import io

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from audit import chain
from audit.models import AuditEvent
from audit.services import audit_record, audit_record_many

pytestmark = pytest.mark.django_db
LIFTED = "audit.AuditEvent:append_only"


@pytest.fixture
def trail(clinician):
    return [audit_record(actor=clinician, action="view", detail={"n": n}) for n in range(5)]


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_each_row_links_to_the_one_before(trail):
    assert trail[0].prev_hash == chain.GENESIS
    for before, row in zip(trail, trail[1:], strict=False):
        assert row.prev_hash == before.hash and row.pk > before.pk
    assert "5 rows are as they were written" in _verify()


def test_rows_added_together_continue_the_chain(trail, clinician):
    many = audit_record_many([AuditEvent(actor=clinician, action="export") for _ in range(3)])
    assert many[0].prev_hash == trail[-1].hash
    assert "8 rows" in _verify()


def test_a_changed_row_is_named(trail):
    with pgtrigger.ignore(LIFTED):
        AuditEvent.objects.filter(pk=trail[2].pk).update(detail={"n": 99})
    with pytest.raises(CommandError, match=f"Audit row {trail[2].pk} was changed"):
        _verify()


def test_a_changed_actor_is_named_too(trail, clinic_admin):
    with pgtrigger.ignore(LIFTED):
        AuditEvent.objects.filter(pk=trail[1].pk).update(actor=clinic_admin)
    with pytest.raises(CommandError, match=f"Audit row {trail[1].pk} was changed"):
        _verify()


def test_a_removed_row_is_named_by_the_row_after_it(trail):
    with pgtrigger.ignore(LIFTED):
        AuditEvent.objects.filter(pk=trail[3].pk).delete()
    with pytest.raises(CommandError, match=f"just before row {trail[4].pk} are missing"):
        _verify()


def test_an_inserted_row_is_named(clinician):
    """Someone with the database but not the key adds a row in a gap of the ids (an id a
    rolled-back transaction took): its own hash cannot be made to fit."""
    first = audit_record(actor=clinician, action="view")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=clinician, action="view")
        raise RuntimeError("rolled back: its id stays unused")
    last = audit_record(actor=clinician, action="view")
    assert last.prev_hash == first.hash and last.pk == first.pk + 2
    forged = AuditEvent(pk=first.pk + 1, actor=clinician, action="export",
                        created_at=first.created_at, prev_hash=first.hash, hash="f" * 64)
    forged.save(force_insert=True)
    with pytest.raises(CommandError, match=f"Audit row {forged.pk} was not written by the app"):
        _verify()


def test_a_row_added_at_the_end_without_the_key_is_named(trail, clinician):
    forged = AuditEvent(pk=trail[-1].pk + 1, actor=clinician, action="export",
                        prev_hash=trail[-1].hash, hash="e" * 64)
    forged.save(force_insert=True)
    with pytest.raises(CommandError, match=f"Audit row {forged.pk} was changed"):
        _verify()


def test_an_audit_row_that_cannot_be_written_fails_the_callers_whole_transaction(clinician):
    """A caller cannot catch the error and carry on: the change the row was to record is
    never stored without it."""
    with pytest.raises(TransactionManagementError), transaction.atomic():
        clinician.first_name = "Changed"
        clinician.save(update_fields=["first_name"])
        with contextlib.suppress(TypeError):
            audit_record(actor=clinician, action="view", detail={"not JSON": object()})
        clinician.save(update_fields=["first_name"])
    clinician.refresh_from_db()
    assert clinician.first_name != "Changed"
    assert not AuditEvent.objects.exists()


def test_writers_take_turns_on_the_chain(trail):
    """The lock is PostgreSQL's and held to the end of the writer's transaction."""
    with connection.cursor() as cursor:
        # In this database: a suite running beside it (pytest -n) writes its own chain.
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                       "AND objid = %s AND granted AND database = "
                       "(SELECT oid FROM pg_database WHERE datname = current_database())",
                       [chain.LOCK_KEY])
        assert cursor.fetchone() == (1,)  # taken by this (test) transaction's writes


def test_an_ipv6_address_written_in_capitals_still_verifies(clinician):
    event = audit_record(actor=clinician, action="view", ip_address="2001:DB8:0:0::1")
    assert AuditEvent.objects.get(pk=event.pk).ip_address == "2001:db8::1"
    assert "1 rows" in _verify()
