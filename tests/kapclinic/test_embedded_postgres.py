"""The embedded PostgreSQL server survives its own faults: whatever a kill, a crash or a power
cut leaves in its folder is repaired on the next start, which finds the data as it was
committed. Each test runs real servers on folders of its own (never the suite's), starts
them as the next `manage.py` would (a new process) and stops them at the end.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import psycopg2
import pytest

from kapclinic.embedded_postgres import server
from kapclinic.embedded_postgres.server import EmbeddedPostgresError, ensure_running

BASE_DIR = Path(__file__).resolve().parents[2]
KEPT = 100  # rows committed before any fault
SLEEP = shutil.which("sleep")  # a process any user may run, to take a PID over

_START = ("import json, sys; from pathlib import Path; "
          "from kapclinic.embedded_postgres.server import ensure_running; "
          "print(json.dumps(ensure_running(Path(sys.argv[1]))))")


def start_in_new_process(data_dir: Path) -> tuple[dict, str]:
    """Start (or find) the server as the next `manage.py` would; its parameters and what it
    said on stderr (the repairs it made)."""
    result = subprocess.run([sys.executable, "-c", _START, str(data_dir)], cwd=BASE_DIR,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1]), result.stderr


def connect(params: dict):
    return psycopg2.connect(dbname="postgres", user="postgres", connect_timeout=10, **params)


def query(params: dict, sql: str) -> list[tuple]:
    with connect(params) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    conn.close()
    return rows


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])


def kill_server(data_dir: Path, *, postmaster_only: bool = False) -> None:
    """SIGKILL the server: its postmaster alone (a crash), or every one of its processes at
    once (a power cut, the OOM killer)."""
    postmaster = psutil.Process(postmaster_pid(data_dir))
    children = [] if postmaster_only else postmaster.children()
    for process in [postmaster, *children]:
        process.send_signal(signal.SIGKILL)


def wait_dead(pid: int, timeout: float = 10.0) -> None:
    """Until `pid` has exited (SIGKILL takes effect a moment after it is sent)."""
    deadline = time.monotonic() + timeout
    while server._alive(pid):
        assert time.monotonic() < deadline, f"process {pid} did not die"
        time.sleep(0.01)


def wait_until_exited(data_dir: Path, timeout: float = 10.0) -> None:
    """Until no process of the server works in the folder (a zombie may stay a while)."""
    deadline = time.monotonic() + timeout
    while server._server_processes(data_dir.resolve()):
        assert time.monotonic() < deadline, "the killed server's processes did not exit"
        time.sleep(0.05)


def stop_for_good(data_dir: Path) -> None:
    """Stop whatever server a test left on its folder, politely or not."""
    data_dir = data_dir.resolve()
    with contextlib.suppress(Exception):  # a broken folder's server is killed below instead
        server.stop(data_dir)
    for process in server._server_processes(data_dir):
        process.kill()
    with server._lock:
        server._servers.pop(data_dir, None)


def startup_lock():
    """pgserver's inter-process lock, which every start takes."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import PostgresServer
    return PostgresServer._lock


def os_user_of_postgres() -> str | None:
    """pgserver runs PostgreSQL as `pgserver` under root, else as whoever starts it."""
    return "pgserver" if os.geteuid() == 0 else None


def fingerprint(data_dir: Path) -> tuple:
    """What would change if the folder were deleted and made again."""
    return (data_dir.stat().st_ino, (data_dir / "PG_VERSION").stat().st_ino,
            (data_dir / "base").stat().st_ino, (data_dir / "kept-by-the-test").read_text())


def new_cluster(data_dir: Path) -> dict:
    params, _ = start_in_new_process(data_dir)
    (data_dir / "kept-by-the-test").write_text("this folder was never deleted")
    with connect(params) as conn, conn.cursor() as cursor:
        cursor.execute("CREATE TABLE kept (id int PRIMARY KEY, note text NOT NULL)")
        cursor.execute("INSERT INTO kept SELECT n, 'row ' || n FROM generate_series(1, %s) n",
                       [KEPT])
    conn.close()
    return params


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A server with committed rows, shared by the tests that only damage bookkeeping."""
    data_dir = tmp_path_factory.mktemp("faults") / "pg"
    new_cluster(data_dir)
    yield data_dir
    stop_for_good(data_dir)


@pytest.fixture
def own_cluster(tmp_path):
    """A server of the test's own, for the tests that kill it."""
    data_dir = tmp_path / "pg"
    new_cluster(data_dir)
    yield data_dir
    stop_for_good(data_dir)


def intact(data_dir: Path, before: tuple) -> dict:
    """The next start succeeds and finds the folder and its committed rows as they were."""
    params, said = start_in_new_process(data_dir)
    assert query(params, "SELECT count(*), sum(id) FROM kept") == [(KEPT, KEPT * (KEPT + 1) // 2)]
    assert fingerprint(data_dir) == before
    return {"params": params, "said": said}


@pytest.mark.parametrize("content", [
    b"",                              # what a kill between truncating and writing left
    b"[4242, 42",                     # cut short
    b"\x00\x00\x00\x00",              # a power cut's block of zeros
    b"\xff\xfegarbage",               # not even UTF-8
    b'{"pids": []}',                  # JSON, but not a list of PIDs
    b'[1, "two"]',
])
def test_an_unreadable_client_list_is_rewritten_and_the_server_starts(cluster, content):
    before = fingerprint(cluster)
    (cluster / server.HANDLES).write_bytes(content)
    started = intact(cluster, before)
    assert "rewritten as an empty list" in started["said"]
    assert json.loads((cluster / server.HANDLES).read_bytes()) == []


def test_pids_of_ended_processes_are_dropped_from_the_client_list(cluster):
    before = fingerprint(cluster)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    (cluster / server.HANDLES).write_text(json.dumps([ended.pid, os.getpid()]))
    started = intact(cluster, before)
    assert f"processes that have ended: [{ended.pid}]" in started["said"]
    assert json.loads((cluster / server.HANDLES).read_text()) == [os.getpid()]


def test_a_running_server_and_its_files_are_left_alone(cluster):
    params, _ = start_in_new_process(cluster)
    pid, pidfile = postmaster_pid(cluster), (cluster / "postmaster.pid").read_text()
    assert server.repair(cluster) == []
    again, said = start_in_new_process(cluster)
    assert (again, said) == (params, "")
    assert (postmaster_pid(cluster), (cluster / "postmaster.pid").read_text()) == (pid, pidfile)


def _stale_pidfile(data_dir: Path) -> str:
    """Kill the server and wait until it is gone: its postmaster.pid stays behind."""
    start_in_new_process(data_dir)
    kill_server(data_dir)
    wait_until_exited(data_dir)
    return (data_dir / "postmaster.pid").read_text()


def test_a_postmaster_pid_naming_a_dead_process_is_left_to_postgresql(cluster):
    before = fingerprint(cluster)
    stale = _stale_pidfile(cluster)
    dead = int(stale.split("\n", 1)[0])
    deadline = time.monotonic() + 10
    while psutil.pid_exists(dead):  # reaped (until then it is a zombie: the next test)
        assert time.monotonic() < deadline
        time.sleep(0.05)
    started = intact(cluster, before)
    assert started["said"] == ""  # nothing to repair: PostgreSQL copes by itself
    assert postmaster_pid(cluster) != dead
    assert "automatic recovery in progress" in (cluster / "log").read_text()


def test_a_server_killed_a_moment_ago_starts_again_at_once(cluster):
    """Until its parent reaps it, the killed postmaster is a zombie, which pgserver alone
    takes for a running server (and PostgreSQL for another one)."""
    before = fingerprint(cluster)
    start_in_new_process(cluster)
    kill_server(cluster)
    intact(cluster, before)


@pytest.mark.parametrize("user", ["the tests' user", "PostgreSQL's user"])
def test_a_postmaster_pid_whose_pid_is_now_another_process_is_removed(cluster, user):
    """After a power cut the PID is often someone else's. pgserver takes any live PID for a
    running server; PostgreSQL itself refuses to start when the process is its own user's."""
    before = fingerprint(cluster)
    stale = _stale_pidfile(cluster)
    as_user = os_user_of_postgres() if user == "PostgreSQL's user" else None
    with subprocess.Popen([SLEEP, "60"], user=as_user) as squatter:
        try:
            (cluster / "postmaster.pid").write_text(
                "\n".join([str(squatter.pid), *stale.split("\n")[1:]]))
            started = intact(cluster, before)
        finally:
            squatter.kill()
    assert f"names PID {squatter.pid}, which is now another process" in started["said"]
    assert postmaster_pid(cluster) not in (squatter.pid, int(stale.split("\n", 1)[0]))


@pytest.mark.parametrize("content", ["", "1234\n", "\x00\x00\x00\x00\n", "not a pid\n"])
def test_an_empty_or_cut_short_postmaster_pid_is_removed(cluster, content):
    before = fingerprint(cluster)
    _stale_pidfile(cluster)
    (cluster / "postmaster.pid").write_text(content)
    started = intact(cluster, before)
    assert "removed" in started["said"] and "postmaster.pid" in started["said"]


def test_a_socket_lock_file_whose_pid_is_now_another_process_is_removed(cluster):
    """PostgreSQL's lock on its socket file has the same trap as postmaster.pid."""
    before = fingerprint(cluster)
    _stale_pidfile(cluster)
    lock = cluster / ".s.PGSQL.5432.lock"
    with subprocess.Popen([SLEEP, "60"], user=os_user_of_postgres()) as squatter:
        try:
            lines = lock.read_text().split("\n")
            lock.write_text("\n".join([str(squatter.pid), *lines[1:]]))
            started = intact(cluster, before)
        finally:
            squatter.kill()
    assert f"{lock.name}: it names PID {squatter.pid}" in started["said"]


def test_the_start_up_lock_of_a_killed_process_does_not_hold_up_the_next_start(cluster):
    before = fingerprint(cluster)
    holder = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c",
         "import sys, time; from pgserver.postgres_server import PostgresServer as S; "
         "S._lock.acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        intact(cluster, before)
    finally:
        holder.kill()
        holder.stdout.close()


def test_the_system_account_is_made_by_one_process_at_a_time(cluster, monkeypatch):
    """Run as root, PostgreSQL runs as an account pgserver makes: made under the start-up
    lock, so processes starting at once on a new machine do not each run useradd."""
    lock = startup_lock()  # pgserver imported as the server module does, warnings aside
    import pgserver.utils

    made = []
    real = pgserver.utils.ensure_user_exists

    def recorded(name):
        made.append((name, lock.acquired))
        return real(name)

    monkeypatch.setattr(pgserver.utils, "ensure_user_exists", recorded)
    monkeypatch.delitem(server._servers, cluster.resolve(), raising=False)
    params = ensure_running(cluster)  # as a new process would: start, or find it running
    assert query(params, "SELECT count(*) FROM kept") == [(KEPT,)]
    assert made == ([("pgserver", True)] if os.geteuid() == 0 else [])


def test_processes_a_killed_server_left_behind_are_stopped(cluster, monkeypatch):
    """A child that outlives its killed postmaster (here: one that cannot notice, being
    stopped) would keep PostgreSQL from starting; it is waited for, then killed."""
    before = fingerprint(cluster)
    start_in_new_process(cluster)
    postmaster = psutil.Process(postmaster_pid(cluster))
    child = postmaster.children()[0]
    child.send_signal(signal.SIGSTOP)
    postmaster.send_signal(signal.SIGKILL)
    wait_dead(postmaster.pid)
    monkeypatch.setattr(server, "LEFTOVER_TIMEOUT", 0.5)
    with server._held(startup_lock()):
        repaired = server.repair(cluster.resolve())
    assert any("stopped 1 process of a server that was killed" in line for line in repaired)
    assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE
    intact(cluster, before)


def test_a_long_running_process_starts_the_server_again_once_it_was_killed(cluster):
    """`make run` outlives a server killed under it: its next connection starts it again."""
    before = fingerprint(cluster)
    first = ensure_running(cluster)
    assert query(first, "SELECT count(*) FROM kept") == [(KEPT,)]
    killed = postmaster_pid(cluster)
    kill_server(cluster)
    wait_dead(killed)
    again = ensure_running(cluster)
    assert postmaster_pid(cluster) != killed
    assert query(again, "SELECT count(*) FROM kept") == [(KEPT,)]
    assert fingerprint(cluster) == before


_WRITER = """
import sys, psycopg2
conn = psycopg2.connect(dbname="postgres", user="postgres", host=sys.argv[1], port=sys.argv[2])
cursor = conn.cursor()
cursor.execute("CREATE TABLE written (id serial PRIMARY KEY, batch int NOT NULL, n int NOT NULL)")
conn.commit()
for batch in range(int(sys.argv[3])):
    for n in range(50):
        cursor.execute("INSERT INTO written (batch, n) VALUES (%s, %s)", [batch, n])
    conn.commit()
    print("committed", batch, flush=True)
n = 0
while True:  # a transaction that is still writing when the server dies
    cursor.execute("INSERT INTO written (batch, n) VALUES (-1, %s)", [n])
    n += 1
    if n % 200 == 0:
        print("uncommitted", n, flush=True)
"""


@pytest.mark.parametrize("postmaster_only", [False, True], ids=["power-cut", "crash"])
def test_a_server_killed_mid_write_restarts_with_every_committed_row(own_cluster,
                                                                    postmaster_only):
    """A client commits batches of rows, then keeps writing in a transaction it never
    commits; the server is SIGKILLed in the middle. The next start replays the WAL: every
    committed batch is there, whole, and nothing of the open transaction."""
    before = fingerprint(own_cluster)
    params, _ = start_in_new_process(own_cluster)
    batches = 8
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, params["host"], params["port"],
                               str(batches)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    watchdog = threading.Timer(60, writer.kill)  # never hang the suite on a stuck writer
    watchdog.start()
    try:
        committed = []
        for line in writer.stdout:
            word, number = line.split()
            if word == "committed":
                committed.append(int(number))
            elif int(number) >= 2000:  # well into the open transaction
                break
        kill_server(own_cluster, postmaster_only=postmaster_only)
        writer.wait(30)
    finally:
        watchdog.cancel()
        writer.kill()
        writer.stdout.close()
        writer.stderr.close()
    assert committed == list(range(batches))
    assert writer.returncode != 0  # its connection died with the server

    started = intact(own_cluster, before)
    assert query(started["params"], "SELECT batch, count(*) FROM written GROUP BY batch "
                                    "ORDER BY batch") == [(b, 50) for b in range(batches)]
    log = (own_cluster / "log").read_text()
    assert "database system was interrupted" in log
    assert "automatic recovery in progress" in log


def test_a_failure_points_at_the_log_and_never_at_deleting_the_data(cluster):
    """A server that cannot start says why, with the end of its log, and what to do."""
    stop_for_good(cluster)
    conf = cluster / "postgresql.auto.conf"
    saved = conf.read_text()
    conf.write_text(saved + "shared_buffers = 'a great many'\n")
    try:
        with pytest.raises(EmbeddedPostgresError) as raised:
            ensure_running(cluster)
    finally:
        conf.write_text(saved)
    message = str(raised.value)
    assert "could not start" in message and str(cluster.resolve() / "log") in message
    assert "shared_buffers" in message  # the log's last lines, which say why
    assert "make stop-db" in message and "DATABASE_URL" in message
    assert "delete" not in message.lower() and "kept as it is" in message
