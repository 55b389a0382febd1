"""The copy of a migrated test database that the processes of a run under `pytest -n`
start from (tests/conftest.py): named after the run's test databases, and marked with the
run that made it, so a copy left by an earlier run is never used."""

from __future__ import annotations

import os

from django.db import connection


def this_run() -> str | None:
    """pytest-xdist's id of this run, the same in each of its processes."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID")


def template_name(test_name: str, worker: str) -> str:
    """test_postgres_gw1 -> test_postgres_template."""
    return test_name.removesuffix(f"_{worker}") + "_template"


def made_by(template: str) -> str | None:
    """The run that made the template (its comment), if there is one."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                       "WHERE datname = %s", [template])
        row = cursor.fetchone()
    return row[0] if row else None


def make_template(database: str, template: str) -> None:
    """This run's template: a copy of a database just migrated, nobody connected to it."""
    connection.close()
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
        cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(database)}")
        cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS %s", [this_run()])
