"""A few seconds of `make loadtest` in the suite: two gunicorn instances and two queue
workers on this test's database, a few clients applying at once, one gunicorn worker
killed and the database cut off from the app for a moment on the way. The full runs (50
clients, 500 applications, PostgreSQL restarted, the mail server down) are `make
loadtest`'s."""

import time

import pytest
from django.db import connection

from bench import loadtest
from bench.database import bench_env
from intake.models import Intake
from tests.database import DatabaseProxy

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("committed_clinic_defaults")]


@pytest.fixture
def proxy():
    """The app's processes reach the database through this, so it can be cut off from them
    (every connection dropped, new ones refused) as a restart does."""
    through = DatabaseProxy()
    through.restore()
    yield through
    through.cut()


@pytest.fixture
def cluster(proxy):
    name = connection.settings_dict["NAME"]
    env = bench_env(DATABASE_URL=f"postgresql://kapclinic_app@127.0.0.1:{proxy.port}/{name}",
                    DATABASE_ROLE="app", BENCH_STATIC_UNCOLLECTED="true")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    running = loadtest.Cluster(env=env, instances=2, workers=1, queue_workers=2)
    yield running
    running.stop()


def test_a_few_clients_apply_through_a_killed_worker_and_a_database_cut(cluster, proxy):
    loadtest.clinic_notices_on()
    said = []
    tally = loadtest.Tally()

    def faults(running, reach):
        said.append(loadtest.kill_a_worker(running, reach))
        # Cut while four of the six are still to come, and held (2 s at least) until a
        # client has met it: on a quick machine a fixed 2 s could fall between requests.
        proxy.cut()
        cut = time.monotonic()
        while time.monotonic() - cut < 2 or (
                not tally.friendly[503] and time.monotonic() - cut < 60):
            time.sleep(0.1)
        proxy.restore()
        return f"a worker killed, then the database cut off for {time.monotonic() - cut:.0f} s"

    outcome = loadtest.run(cluster, name="smoke", fault=faults, clients=3, intakes=6,
                           drain_timeout=90, tally=tally)
    assert outcome.problems == []
    assert "killed" in said[0] and "the database cut off for" in outcome.fault
    assert outcome.receipts == 6
    assert outcome.figures["in the database"] == 6 and outcome.figures["lost"] == 0
    assert outcome.figures["emails"] == 12  # a confirmation and a clinic notice each
    assert outcome.figures["emails arrived"] == 12
    assert Intake.objects.filter(email__startswith="load-smoke-",
                                 submitted_at__isnull=False).count() == 6
    # Clients who met the cut got the app's own page (anything else is in `problems`).
    assert outcome.tally.friendly[503] >= 1
    # Pages came gzipped, as to a browser, and were read whole (the checks above read them).
    assert outcome.tally.gzipped > 50
    # Both instances answered, as a balancer shares requests between them.
    assert all(outcome.tally.served[port] > 50 for port in cluster.ports)
    rows = loadtest.table([outcome]).splitlines()
    assert len(rows) == 3 and {row.count("|") for row in rows} == {rows[0].count("|")}
    assert rows[2].startswith("| smoke |") and rows[2].endswith("| pass |")
