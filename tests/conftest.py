"""Named personas shared by every test module: a client, two clinicians, a clinic admin."""

import pytest

from clinic.roles import Role
from tests import factories


@pytest.fixture
def clinician(db):
    return factories.staff(Role.CLINICIAN, "dana.clinician@example.org")


@pytest.fixture
def second_clinician(db):
    return factories.staff(Role.CLINICIAN, "lee.clinician@example.org")


@pytest.fixture
def clinic_admin(db):
    return factories.staff(Role.CLINIC_ADMIN, "sam.admin@example.org")


@pytest.fixture
def plain_user(db):
    return factories.UserFactory()


@pytest.fixture
def submitted_intake(db):
    return factories.submitted_intake()


@pytest.fixture
def run_jobs(db):
    """Deliver what the code under test queued (emails included): `run_jobs()`."""
    from tests.jobs import run_due_jobs

    return run_due_jobs
