"""`manage.py backup FILE` and `manage.py restore FILE`: a seeded database, backed up and
restored into a new database on the same server, arrives whole: every table of the public
schema holds the same rows (counted, and checksummed in primary-key order), its triggers,
row-level security policies and functions are back, the app's role has its grants again
(and no more), and the audit trail's hash chain still verifies.

The rows are committed (`transaction=True`): pg_dump runs in its own process and sees only
committed rows. Restores run as `manage.py` does in production, in a process of its own
configured by DATABASE_URL and DATABASE_OWNER_URL.
"""

import io
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg2 import sql

from audit.models import AuditEvent
from audit.services import audit_record
from clinic.roles import Role
from intake.models import Intake
from kapclinic import backups
from review import services as review_services
from review.models import Note
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("committed_clinic_defaults")]

BASE_DIR = Path(__file__).resolve().parents[2]
APP_ROLE = settings.APP_DATABASE_ROLE


def _params() -> dict:
    params = connection.get_connection_params()
    return {key: params[key] for key in ("host", "port", "user", "password") if params.get(key)}


def _url(name: str, user: str, password: str | None = None) -> str:
    params = _params()
    auth = quote(user) + (":" + quote(password) if password else "")
    host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
    return f"postgresql://{auth}@/{name}?host={quote(str(host), safe='')}&port={port}"


def _connect(name: str):
    return psycopg2.connect(dbname=name, options="-c TimeZone=UTC", **_params())


def manage(database: str, *args: str) -> subprocess.CompletedProcess:
    """`manage.py` in a process of its own, on `database`, as the tables' owner."""
    owner = _params()
    env = {**os.environ, "DEBUG": "true", "DATABASE_ROLE": "owner",
           "DATABASE_URL": _url(database, APP_ROLE),
           "DATABASE_OWNER_URL": _url(database, owner["user"], owner.get("password")),
           "AUDIT_CHAIN_KEY": settings.AUDIT_CHAIN_KEY}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def fresh_database():
    """A new, empty database on the same server, dropped afterwards."""
    name = f"kap_restore_{uuid.uuid4().hex[:10]}"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted}")
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


@pytest.fixture
def seeded():
    """Submitted intakes and a draft, a clinician's notes (one corrected) and audit rows."""
    clinician = factories.staff(Role.CLINICIAN, "dana.clinician@example.org")
    intakes = [factories.submitted_intake(first_name=name, email=f"{name.lower()}@example.org")
               for name in ("Ana", "Ben", "Cleo")]
    factories.draft_intake(first_name="Dee", email="dee@example.org")
    first = review_services.note_add(intake=intakes[0], author=clinician,
                                     body="Called back; booking a consultation.",
                                     ip_address="192.0.2.7")
    review_services.note_add(intake=intakes[0], author=clinician, corrects=first,
                             body="Called back; booking a consultation next week.",
                             ip_address="192.0.2.7")
    for intake in intakes:
        audit_record(actor=clinician, action=AuditEvent.Action.VIEW, intake=intake,
                     ip_address="192.0.2.7", detail={"page": "intake"})
    assert Intake.objects.count() == 4 and Note.objects.count() == 2
    assert AuditEvent.objects.count() >= 5
    return intakes


def table_fingerprints(database: str) -> dict[str, tuple[int, str]]:
    """Every table of the public schema: its row count, and the md5 of its rows' text in
    primary-key order (in UTC, so that times are written alike)."""
    with _connect(database) as conn, conn.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname, array_remove(array_agg(a.attname ORDER BY k.ord), NULL)
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
              LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
              LEFT JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) ON true
              LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
             WHERE c.relkind IN ('r', 'p')
             GROUP BY c.relname ORDER BY c.relname""")
        tables = cursor.fetchall()
        found = {}
        for table, key in tables:
            order = (sql.SQL(", ").join(sql.Identifier("t", column) for column in key) if key
                     else sql.SQL("t::text"))
            cursor.execute(sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {}), '')) "
                "FROM {} t").format(order, sql.Identifier("public", table)))
            found[table] = cursor.fetchone()
    conn.close()
    return found


SCHEMA_OBJECTS = {
    "triggers": "SELECT tgrelid::regclass::text, tgname, tgenabled, pg_get_triggerdef(oid) "
                "FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2",
    "policies": "SELECT tablename, policyname, cmd, roles::text, qual, with_check "
                "FROM pg_policies WHERE schemaname = 'public' ORDER BY 1, 2",
    "row security": "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                    "WHERE relrowsecurity ORDER BY 1",
    "functions": "SELECT p.oid::regprocedure::text, p.prosecdef, pg_get_functiondef(p.oid) "
                 "FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1",
    "app's table grants": """
        SELECT c.relname, privilege, has_table_privilege(%(role)s, c.oid, privilege)
          FROM pg_class c, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'])
               privilege
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1, 2""",
    "who runs the owner's functions": """
        SELECT p.oid::regprocedure::text,
               has_function_privilege(%(role)s, p.oid, 'EXECUTE'),
               EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner)))
                        WHERE grantee = 0 AND privilege_type = 'EXECUTE')
          FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef""",
}


def schema_objects(database: str) -> dict[str, list[tuple]]:
    with _connect(database) as conn, conn.cursor() as cursor:
        found = {}
        for name, query in SCHEMA_OBJECTS.items():
            cursor.execute(query, {"role": APP_ROLE})
            found[name] = cursor.fetchall()
    conn.close()
    return found


def test_a_backup_restored_into_a_new_database_holds_the_same_rows_and_protections(
        seeded, fresh_database, tmp_path):
    source = connection.settings_dict["NAME"]
    file = tmp_path / "clinic.dump"
    out = io.StringIO()
    call_command("backup", str(file), stdout=out)
    assert "Backed up database" in out.getvalue() and file.stat().st_size > 0
    assert file.stat().st_mode & 0o077 == 0  # holds health records: its owner's alone

    restored = manage(fresh_database, "restore", str(file))
    assert restored.returncode == 0, restored.stderr
    assert f"into database {fresh_database}" in restored.stdout
    assert f"{APP_ROLE}: may read and write" in restored.stdout  # db_roles ran

    before, after = table_fingerprints(source), table_fingerprints(fresh_database)
    assert after == before
    assert {"audit_auditevent", "intake_intake", "intake_questionnaireresponse",
            "intake_consentsignature", "review_note", "django_migrations"} <= set(after)
    assert after["intake_intake"][0] == 4 and after["review_note"][0] == 2
    assert after["audit_auditevent"][0] == AuditEvent.objects.count()

    source_objects, restored_objects = schema_objects(source), schema_objects(fresh_database)
    assert restored_objects == source_objects
    triggers = {(table, name.rsplit("_", 1)[0]) for table, name, *_ in
                restored_objects["triggers"]}
    assert {("audit_auditevent", "pgtrigger_append_only"), ("review_note",
            "pgtrigger_append_only"), ("intake_questionnaireresponse",
            "pgtrigger_locked_once_submitted")} <= triggers
    assert len(restored_objects["policies"]) == 8
    assert [row[0] for row in restored_objects["row security"]] == [
        "intake_consentsignature", "intake_questionnaireresponse"]
    assert restored_objects["who runs the owner's functions"] == [  # the app may, PUBLIC not
        ("care_erase_records(uuid)", True, False), ("review_erase_records(uuid)", True, False)]
    assert ("care_measureresponse", "pgtrigger_append_only") in triggers

    verified = manage(fresh_database, "verify_audit")
    assert verified.returncode == 0, verified.stderr
    assert (f"The audit trail's {AuditEvent.objects.count()} rows are as they were written"
            in verified.stdout)


def test_the_restored_records_still_refuse_to_be_rewritten(seeded, fresh_database, tmp_path):
    """The triggers and policies are not only there: they work, for the owner and the app."""
    file = tmp_path / "clinic.dump"
    call_command("backup", str(file), stdout=io.StringIO())
    assert manage(fresh_database, "restore", str(file)).returncode == 0
    conn = _connect(fresh_database)
    try:
        with conn.cursor() as cursor:
            with pytest.raises(psycopg2.errors.RaiseException, match="pgtrigger: Cannot update"):
                cursor.execute("UPDATE audit_auditevent SET action = 'changed'")
            conn.rollback()
            cursor.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(APP_ROLE)))
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cursor.execute("DELETE FROM review_note")
            conn.rollback()
            cursor.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(APP_ROLE)))
            cursor.execute("UPDATE intake_questionnaireresponse SET answers = '{}' "
                           "WHERE submitted_at IS NOT NULL")
            assert cursor.rowcount == 0  # row-level security: sent answers match no row
            cursor.execute("SELECT count(*) FROM intake_questionnaireresponse "
                           "WHERE submitted_at IS NOT NULL")
            assert cursor.fetchone()[0] > 0
    finally:
        conn.rollback()
        conn.close()


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(seeded, fresh_database,
                                                                    tmp_path):
    file = tmp_path / "clinic.dump"
    call_command("backup", str(file), stdout=io.StringIO())
    assert manage(fresh_database, "restore", str(file)).returncode == 0
    restored = table_fingerprints(fresh_database)
    with _connect(fresh_database) as conn, conn.cursor() as cursor:
        cursor.execute("INSERT INTO auth_group (name) VALUES ('made after the backup')")
    conn.close()

    refused = manage(fresh_database, "restore", str(file))
    assert refused.returncode == 1
    assert f"Database {fresh_database} is not empty" in refused.stderr
    assert "--force" in refused.stderr
    assert table_fingerprints(fresh_database)["auth_group"][0] == restored["auth_group"][0] + 1

    forced = manage(fresh_database, "restore", "--force", str(file))
    assert forced.returncode == 0, forced.stderr
    assert table_fingerprints(fresh_database) == restored
    assert manage(fresh_database, "verify_audit").returncode == 0


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(seeded, tmp_path):
    before = table_fingerprints(connection.settings_dict["NAME"])
    file = tmp_path / "notes.txt"
    file.write_text("not a backup")
    with pytest.raises(CommandError, match="not a backup pg_restore can read") as raised:
        call_command("restore", "--force", str(file), stdout=io.StringIO())
    assert "Nothing was restored" in str(raised.value)
    assert table_fingerprints(connection.settings_dict["NAME"]) == before


def test_a_backup_where_no_file_can_be_written_says_so(tmp_path):
    for target, says in ((tmp_path / "missing" / "clinic.dump", "Cannot write a backup in"),
                         (tmp_path, "is a folder")):
        with pytest.raises(CommandError, match=says):
            call_command("backup", str(target), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_backup_and_restore_need_the_tables_owner(settings, tmp_path):
    settings.DATABASE_ROLE = "app"
    for command in ("backup", "restore"):
        with pytest.raises(CommandError, match="DATABASE_ROLE=owner"):
            call_command(command, str(tmp_path / "clinic.dump"))
    assert not (tmp_path / "clinic.dump").exists()


def test_the_password_reaches_the_tools_in_their_environment_never_their_arguments(
        monkeypatch, tmp_path):
    """The embedded server trusts local connections, so any password serves to look."""
    secret = "correct-horse-on-the-command-line"
    real_params, real_run = connection.get_connection_params, subprocess.run
    calls = []

    def with_password():
        return {**real_params(), "password": secret}

    def spy(args, **kwargs):
        calls.append((args, kwargs.get("env", {})))
        return real_run(args, **kwargs)

    monkeypatch.setattr(connection, "get_connection_params", with_password)
    monkeypatch.setattr(backups.subprocess, "run", spy)
    monkeypatch.setenv("PGHOST", "somewhere-else.invalid")  # the configured database wins
    call_command("backup", str(tmp_path / "clinic.dump"), stdout=io.StringIO())
    dumps = [(args, env) for args, env in calls if Path(args[0]).name == "pg_dump"
             and "--version" not in args]
    assert dumps
    for args, env in dumps:
        assert not any(secret in arg for arg in args)
        assert env["PGPASSWORD"] == secret
        assert env["PGHOST"] == str(real_params()["host"])
    assert "--format=custom" in dumps[0][0]


def _fake_tool(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    tool.chmod(0o755)
    return tool


@pytest.mark.parametrize(("server", "chosen"), [(16, "16.2"), (15, "15.8"), (14, "15.8"),
                                                (12, "15.8")])
def test_the_tools_are_of_the_servers_version_or_else_the_nearest_newer(
        monkeypatch, tmp_path, server, chosen):
    tools = [_fake_tool(tmp_path / version, "pg_dump", version)
             for version in ("16.2", "15.8", "17.1")]
    monkeypatch.setattr(backups, "_candidates", lambda name: tools)
    picked = backups.client_tool("pg_dump", server, dict(os.environ))
    assert picked.path == tmp_path / chosen / "pg_dump"


def test_no_tool_new_enough_is_a_clear_error(monkeypatch, tmp_path):
    tools = [_fake_tool(tmp_path / "16", "pg_dump", "16.2")]
    monkeypatch.setattr(backups, "_candidates", lambda name: tools)
    with pytest.raises(backups.BackupError, match="postgresql-client-18") as raised:
        backups.client_tool("pg_dump", 18, dict(os.environ))
    assert "(16)" in str(raised.value)


def test_the_embedded_server_is_backed_up_with_pgservers_own_tools():
    from pgserver._commands import POSTGRES_BIN_PATH

    env = backups.tool_env(connection)
    for name in ("pg_dump", "pg_restore"):
        tool = backups.client_tool(name, backups.server_major(connection), env)
        assert tool.major == connection.pg_version // 10000
        if connection.settings_dict["ENGINE"] == "kapclinic.embedded_postgres":
            assert tool.path == POSTGRES_BIN_PATH / name
