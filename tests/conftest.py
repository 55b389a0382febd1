"""Named personas shared by every test module: a client, two clinicians, a clinic admin."""

import importlib

import pytest

from clinic.roles import Role
from tests import db_template, factories


@pytest.fixture(scope="session")
def _setup_lock(tmp_path_factory):
    """Taken while this process sets up its test database, and given back by
    `django_db_setup` once it is set up: under `pytest -n` the processes of one run take
    turns (the folder every worker of this run shares holds the lock file)."""
    import fcntl

    lock = tmp_path_factory.getbasetemp().parent / "db_setup.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield lambda: fcntl.flock(held, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request,
                                 django_db_blocker, _setup_lock):
    """Under `pytest -n`, one process of the run migrates its database, and the others copy
    that one (CREATE DATABASE ... TEMPLATE, well under a second) instead of running every
    migration again (about 5 CPU-seconds each: `make test`, issue 14)."""
    from django.db import connection

    worker = _worker(request)
    if worker is None:
        return
    test = connection.settings_dict["TEST"]
    template = db_template.template_name(test["NAME"], worker)
    with django_db_blocker.unblock():
        made = db_template.made_by(template)
    if made is not None and made == db_template.this_run():
        test["TEMPLATE"] = template


def _worker(request: pytest.FixtureRequest) -> str | None:
    """This process's name under `pytest -n` (gw0, gw1, ...); None in a run of one."""
    return getattr(request.config, "workerinput", {}).get("workerid")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request, _setup_lock):
    """The test database's app role gets its grants, as `make migrate` gives the real one's
    (the suite itself connects as the owner: it creates and empties databases).

    Under `pytest -n` each worker has a database of its own (test_postgres_gw0, ...) but
    the role is the server's: the workers take turns (`_setup_lock`), or two may both find
    it missing and both create it. The first to have migrated its database leaves a copy
    for the others (`django_db_modify_db_settings`)."""
    import io

    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        call_command("db_roles", "--create", stdout=io.StringIO())
        worker = _worker(request)
        test = connection.settings_dict["TEST"]
        if worker is not None and "TEMPLATE" not in test:
            db_template.make_template(connection.settings_dict["NAME"],
                                      db_template.template_name(test["NAME"], worker))
        _setup_lock()  # given back: the rest is this process's own database
        _as_migrated()


def _commits(item: pytest.Item) -> bool:
    """A test on committed data (a live server, worker processes): its database is flushed
    afterwards, not rolled back."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests on committed data first, where pytest-django puts them last: they are the
    slow ones (browsers, processes, faults), and started first they run beside the quick
    ones instead of being the tail of a run split over processes (`make test`). Each leaves
    the database as migrated (below), so the order is free."""
    items.sort(key=lambda item: not _commits(item))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After a test on committed data is flushed away: the migrations' defaults back, the
    queue's tables empty, before the next test begins."""
    yield
    if _commits(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _as_migrated()


def _as_migrated() -> None:
    """A test database kept from an earlier run (--reuse-db) is put back as the migrations
    left it: its last committed-data test flushed the defaults away, and left jobs in the
    queue's tables (Procrastinate's own, which a flush does not empty)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                       "AND tablename LIKE 'procrastinate\\_%'")
        tables = [connection.ops.quote_name(name) for (name,) in cursor.fetchall()]
        if tables:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    _restore_clinic_defaults()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 (the site's hasher) takes a tenth of a second and 100 MB by design; test
    personas are hashed with a fast one. tests/accounts/test_passwords.py checks Argon2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """Django's locale middleware activates a request's language in the thread and leaves
    it there; a Spanish request must not make the next test's code speak Spanish."""
    yield
    from django.utils import translation

    translation.deactivate()


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


# The data migrations that give a clinic its roles, pages, crisis lines and consent.
_DEFAULTS = [
    ("clinic.migrations.0002_default_content", "create_defaults"),
    ("clinic.migrations.0006_first_consent_and_roles", "create_consent"),
    ("clinic.migrations.0009_spanish_content", "forwards"),
    ("clinic.migrations.0012_crisis_text_links", "forwards"),
    ("clinic.migrations.0013_one_time_estimate", "forwards"),
    ("clinic.migrations.0014_pages_people_ask_for", "forwards"),
    ("clinic.migrations.0016_self_check_intro", "forwards"),
]


def _restore_clinic_defaults() -> None:
    """Put back the defaults the migrations made, the same way they did, if a flush has
    removed them."""
    from django.apps import apps

    from clinic.models import ClinicProfile

    if ClinicProfile.objects.exists():  # nothing flushed yet
        return
    from django.contrib.auth.models import Group, Permission

    from clinic.roles import ROLE_PERMISSIONS, grant

    for module, function in _DEFAULTS:
        getattr(importlib.import_module(module), function)(apps, None)
    for role, names in ROLE_PERMISSIONS.items():
        grant(Group, Permission, role, names)


@pytest.fixture
def committed_clinic_defaults(transactional_db):
    """For tests whose rows must be committed (a live server, a worker process): the
    database is flushed after each, so the defaults the migrations made are put back
    first."""
    _restore_clinic_defaults()


@pytest.fixture
def queue_worker(committed_clinic_defaults):
    """A real queue worker (Procrastinate's, on its own connections) in a thread of the
    test process, for tests on committed data: what it sends lands in `mail.outbox`.
    `queue_worker.wait_for(condition)` waits until the condition holds."""
    import asyncio
    import threading
    import time

    from procrastinate.contrib.django import app

    loop = asyncio.new_event_loop()
    started = threading.Event()
    state = {}

    async def work():
        async with app.open_async():
            state["task"] = asyncio.current_task()
            started.set()
            await app.run_worker_async(install_signal_handlers=False,
                                       fetch_job_polling_interval=0.2, name="test-worker")

    def run():
        try:
            loop.run_until_complete(work())
        except asyncio.CancelledError:
            pass
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            state["error"] = error
            started.set()

    class Worker:
        @staticmethod
        def wait_for(condition, timeout: float = 15.0):
            deadline = time.monotonic() + timeout
            while not condition():
                assert "error" not in state, state.get("error")
                assert time.monotonic() < deadline, "the worker did not get there in time"
                time.sleep(0.1)

    with app.replace_connector(app.connector.get_worker_connector()):
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        assert started.wait(15) and "error" not in state, state.get("error")
        yield Worker()
        loop.call_soon_threadsafe(state["task"].cancel)
        thread.join(15)
    assert "error" not in state, state.get("error")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built (the modules, Django's models and URLs, every test item) lives
    for the whole run: moved out of the garbage collector's sight, so each full collection
    no longer walks it again (a fifth less time in the collector, measured on tests/review)."""
    import gc

    gc.collect()
    gc.freeze()
