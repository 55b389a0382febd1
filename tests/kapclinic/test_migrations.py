"""Every change to a model has its migration: the test databases are made from the
migrations (and kept between runs with --reuse-db), so a missing one would go unseen."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check found changes without a migration ({exit_})")
