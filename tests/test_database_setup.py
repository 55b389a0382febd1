"""The test databases of a run under `pytest -n` (tests/conftest.py): one process runs the
migrations, the others copy its database; each holds the migrations, columns and clinic
defaults of this run's template."""

import os

import psycopg2
import pytest
from django.db import connection

from clinic.models import ClinicProfile
from tests import db_template

pytestmark = pytest.mark.django_db


def _rows(database: str, sql: str) -> list[tuple]:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg2.connect(**{**params, "dbname": database}) as other, other.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    other.close()
    return rows


MIGRATIONS = "SELECT app, name FROM django_migrations ORDER BY app, name"
# Every table, column and type: what the migrations made, in either database.
SCHEMA = ("SELECT table_name, column_name, data_type FROM information_schema.columns "
          "WHERE table_schema = 'public' ORDER BY 1, 2")


def test_every_process_of_a_run_has_the_migrated_database(request):
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    test = connection.settings_dict["TEST"]
    mine = connection.settings_dict["NAME"]
    assert ClinicProfile.objects.exists()  # the data migrations' defaults are there
    if worker is None:  # one process: migrated on the spot, no copy made
        assert "TEMPLATE" not in test
        return
    template = test.get("TEMPLATE") or db_template.template_name(test["NAME"], worker)
    assert db_template.made_by(template) == os.environ["PYTEST_XDIST_TESTRUNUID"]  # this run's
    assert _rows(template, MIGRATIONS) == _rows(mine, MIGRATIONS) != []
    assert _rows(template, SCHEMA) == _rows(mine, SCHEMA) != []
