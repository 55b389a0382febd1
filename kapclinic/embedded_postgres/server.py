"""Start, or find already running, the embedded PostgreSQL server that lives in a folder.

A server can be killed, crash or lose its power at any moment, and so can every process
using it. What they leave behind is bookkeeping, never a reason to lose data: before
pgserver is asked to start the server, `repair` puts its bookkeeping and PostgreSQL's lock
files right, and PostgreSQL's own crash recovery then replays its write-ahead log.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

# pgserver's list of the processes using the server (a JSON list of PIDs), and PostgreSQL's
# lock file (PID, data folder, start time, port, socket folder, ...).
HANDLES = ".handle_pids.json"
PIDFILE = "postmaster.pid"
# How long to wait for pgserver's start-up lock while another process starts a server, and
# for the processes of a killed server to exit by themselves.
LOCK_TIMEOUT = 60.0
LEFTOVER_TIMEOUT = 5.0


@dataclass(frozen=True)
class _Server:
    pid: int
    started: float  # the postmaster's creation time: a PID reused later is another process
    params: dict[str, str]


_lock = threading.Lock()
_servers: dict[Path, _Server] = {}


class EmbeddedPostgresError(ImproperlyConfigured):
    """The embedded server could not start; the message says why and what to do."""


def ensure_running(data_dir: Path) -> dict[str, str]:
    """Return the connection parameters (socket `host`, `port`) of the server in `data_dir`,
    starting it if it is not running, or no longer running (killed since this process last
    looked: a long-running process then starts it again rather than fail until restarted).

    pgserver takes an inter-process lock, so concurrent processes start one server, not two,
    and `cleanup_mode=None` leaves it running for the next process.
    """
    data_dir = Path(data_dir).resolve()
    with _lock:
        known = _servers.get(data_dir)
        if known is None or not _same_process(known.pid, known.started):
            _servers[data_dir] = _start(data_dir)
        return _servers[data_dir].params


def _start(data_dir: Path) -> _Server:
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (services, CI) and falls back
            # to a folder under /tmp for pgserver's lock file, which is what we want.
            warnings.simplefilter("ignore")
            import pgserver
            from pgserver.postgres_server import PostgresServer
            from pgserver.utils import DiskList

        DiskList.put = _put_whole
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        with _held(PostgresServer._lock):
            _system_account()
            for repaired in repair(data_dir):
                logger.warning("Embedded PostgreSQL in %s: %s", data_dir, repaired)
        # pgserver keeps one handle per folder and process: a server that stopped since
        # needs a new one, which starts it.
        PostgresServer._instances.pop(data_dir, None)
        info = pgserver.get_server(data_dir, cleanup_mode=None).get_postmaster_info()
        started = info.process.create_time()
    except Exception as exc:
        raise EmbeddedPostgresError(_failure_message(data_dir, exc)) from exc
    return _Server(pid=info.pid, started=started,
                   params={"host": str(info.socket_dir), "port": str(info.port)})


def _system_account() -> None:
    """Run as root, pgserver starts PostgreSQL as a system account it makes (`pgserver`),
    but it makes it outside its start-up lock. Processes that start at once on a new
    machine (`make test`'s three) could each run useradd, and one of them handed the data
    folder to an account the others then did not run as (seen here: on a new machine the
    first `make test` had one process fail initdb with "could not change permissions of
    directory", and its every test with it). Made here, under the lock, by one process;
    pgserver then finds it made."""
    if os.name == "posix" and os.geteuid() == 0:
        from pgserver import utils

        utils.ensure_user_exists("pgserver")


def _failure_message(data_dir: Path, exc: Exception) -> str:
    """Why, where to read more, and what to do; never advice that loses the data."""
    log = data_dir / "log"
    try:
        with log.open("rb") as file:  # the log grows for good: its end only
            file.seek(max(0, log.stat().st_size - 4096))
            last = file.read().decode(errors="replace").splitlines()[-5:]
    except OSError:
        last = []
    tail = ", which ends:\n  " + "\n  ".join(last) + "\n" if last else ". "
    return (
        f"The embedded PostgreSQL server in {data_dir} could not start ({exc!r}). "
        f"Its log is {log}{tail}"
        "Check that the folder is writable and the disk is not full; if a server is still "
        "running on that folder, stop it with `make stop-db` and try again; or set "
        "DATABASE_URL to use another PostgreSQL server. The data in the folder is kept as "
        "it is."
    )


def repair(data_dir: Path) -> list[str]:
    """Put right what a killed, crashed or powered-off server (or a process using it) left
    in `data_dir`, and say what was done. Call with pgserver's start-up lock held.

    Only bookkeeping is touched, never data: pgserver's list of client PIDs is rewritten
    when unreadable and pruned of processes that are gone; when no server runs on the
    folder, processes a killed server left behind are waited for (then stopped), and lock
    files that name no process, or a live process that is not this folder's server, are
    removed. A lock file naming a dead process is left to PostgreSQL, which clears it.
    """
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        return []
    done = _repair_handles(data_dir / HANDLES)
    pid = _lock_file_pid(data_dir / PIDFILE)
    if pid is not None and _is_postmaster(pid, data_dir):
        return done  # running: its files are its own
    done += _stop_leftovers(data_dir)
    done += _clear_stale_locks(data_dir)
    return done


def _repair_handles(path: Path) -> list[str]:
    if not path.exists():
        return []
    try:
        pids = json.loads(path.read_bytes())
    except ValueError as exc:  # empty, cut short or garbage (JSONDecodeError, bad UTF-8)
        _write_whole(path, "[]")
        return [f"{path.name} was unreadable ({exc}); rewritten as an empty list."]
    if not isinstance(pids, list) or not all(type(pid) is int for pid in pids):
        _write_whole(path, "[]")
        return [f"{path.name} held {pids!r}, not a list of PIDs; rewritten as an empty list."]
    alive = [pid for pid in pids if _alive(pid)]
    if alive == pids:
        return []
    _write_whole(path, json.dumps(alive))
    gone = sorted(set(pids) - set(alive))
    return [f"dropped from {path.name} the PIDs of processes that have ended: {gone}."]


def _stop_leftovers(data_dir: Path) -> list[str]:
    """Processes of a server whose postmaster was killed exit by themselves once they notice;
    PostgreSQL refuses to start while any still holds the old shared memory."""
    leftovers = _server_processes(data_dir)
    if not leftovers:
        return []
    postmasters = [p.pid for p in leftovers if _is_postmaster(p.pid, data_dir)]
    if postmasters:
        raise RuntimeError(
            f"a PostgreSQL server (PID {postmasters[0]}) is running on {data_dir}, but "
            f"{PIDFILE} does not name it; stop it (kill -TERM {postmasters[0]}) and try again")
    alive = _wait_gone(leftovers, LEFTOVER_TIMEOUT)
    if not alive:
        return [f"waited for {_processes(leftovers)} of a server that was killed to exit."]
    stuck = alive
    for process in stuck:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    alive = _wait_gone(stuck, LEFTOVER_TIMEOUT)
    if alive:
        raise RuntimeError(f"processes {[p.pid for p in alive]} of a server that was killed "
                           f"are still running on {data_dir}")
    return [f"stopped {_processes(stuck)} of a server that was killed, which had not exited "
            "by themselves."]


def _wait_gone(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Those of `processes` still running after up to `timeout` seconds. A process that has
    exited counts as gone even while it waits, a zombie, for its new parent to reap it."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [process for process in processes if _running(process)]
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.05)


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _processes(processes: list[psutil.Process]) -> str:
    return f"{len(processes)} process{'' if len(processes) == 1 else 'es'}"


def _clear_stale_locks(data_dir: Path) -> list[str]:
    pidfile = data_dir / PIDFILE
    folders = {data_dir, *_socket_dir(pidfile)}
    locks = [pidfile, *(lock for folder in folders for lock in folder.glob(".s.PGSQL.*.lock"))]
    done = []
    for lock in locks:
        if not lock.exists() or not _lock_names_folder(lock, data_dir):
            continue
        pid = _lock_file_pid(lock)
        if pid is None:
            why = "it names no process (empty, cut short or garbage)"
        elif lock == pidfile and not _pgserver_reads(lock):
            why = "it is cut short (pgserver cannot read it)"
        elif not psutil.pid_exists(pid):
            continue  # PostgreSQL clears a lock whose process is gone
        elif not _alive(pid):
            why = f"it names PID {pid}, a server that has exited (a zombie not yet reaped)"
        else:
            why = f"it names PID {pid}, which is now another process"
        lock.unlink(missing_ok=True)
        done.append(f"removed {lock}: {why}.")
    return done


def _pgserver_reads(pidfile: Path) -> bool:
    """pgserver reads postmaster.pid before PostgreSQL does, and fails on one cut short."""
    from pgserver.utils import PostmasterInfo

    try:
        PostmasterInfo(pidfile.read_text(errors="replace").splitlines())
    except Exception:  # an assertion on the line count, int() on a field
        return False
    return True


def _lock_file_pid(path: Path) -> int | None:
    """The PID on a PostgreSQL lock file's first line; None if there is no such number."""
    try:
        first = path.read_text(errors="replace").split("\n", 1)[0].strip()
    except OSError:
        return None
    return int(first) if first.isdigit() and int(first) > 0 else None


def _lock_names_folder(lock: Path, data_dir: Path) -> bool:
    """A socket lock file names its server's data folder on its second line; one that names
    another folder belongs to another server (postmaster.pid is always the folder's own)."""
    if lock.name == PIDFILE:
        return True
    try:
        lines = lock.read_text(errors="replace").splitlines()
    except OSError:
        return False
    return len(lines) < 2 or Path(lines[1].strip()) == data_dir


def _socket_dir(pidfile: Path) -> list[Path]:
    """The socket folder postmaster.pid names (its fifth line), if it names one."""
    try:
        lines = pidfile.read_text(errors="replace").splitlines()
    except OSError:
        return []
    folder = Path(lines[4].strip()) if len(lines) > 4 and lines[4].strip() else None
    return [folder] if folder is not None and folder.is_absolute() and folder.is_dir() else []


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _same_process(pid: int, started: float) -> bool:
    """The process `pid` is still the one created at `started`, and has not exited."""
    try:
        process = psutil.Process(pid)
        return (process.create_time() == started
                and process.status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def _is_postmaster(pid: int, data_dir: Path) -> bool:
    """`pid` is a running PostgreSQL server whose data folder is `data_dir` (the postmaster
    keeps its command line and works in its data folder; its children retitle themselves)."""
    try:
        process = psutil.Process(pid)
        with process.oneshot():
            if process.status() == psutil.STATUS_ZOMBIE:
                return False
            command = process.cmdline()
            return (bool(command) and Path(command[0]).name == "postgres"
                    and Path(process.cwd()) == data_dir)
    except psutil.Error:
        return False


def _server_processes(data_dir: Path) -> list[psutil.Process]:
    """The PostgreSQL processes working in `data_dir` (the postmaster and its children)."""
    found = []
    for process in psutil.process_iter(["name"]):
        if process.info["name"] != "postgres":
            continue
        try:
            if Path(process.cwd()) == data_dir and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.Error:
            continue
    return found


def _write_whole(path: Path, text: str) -> None:
    """Replace `path` with `text` all at once (a kill or a power cut leaves the old file or
    the new one, never a part), keeping its owner and mode."""
    try:
        before = path.stat()
    except FileNotFoundError:
        before = None
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if before is not None:
            os.chmod(temporary, before.st_mode & 0o7777)
            with contextlib.suppress(PermissionError):
                os.chown(temporary, before.st_uid, before.st_gid)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _put_whole(self: Any, values: list[int]) -> None:
    """pgserver's DiskList.put, which truncates the file and then writes it: a process
    killed in between (Ctrl-C's exit handlers, then `make run`'s SIGTERM) left it empty."""
    _write_whole(self.path, json.dumps(values))


@contextlib.contextmanager
def _held(lock: Any) -> Iterator[None]:
    """pgserver's inter-process start-up lock, which the kernel releases when its holder
    dies; a holder that hangs is reported rather than waited for for ever."""
    if not lock.acquire(timeout=LOCK_TIMEOUT):
        raise TimeoutError(f"another process has held pgserver's start-up lock "
                           f"({lock.path}) for {LOCK_TIMEOUT:.0f} s")
    try:
        yield
    finally:
        lock.release()


def stop(data_dir: Path) -> bool:
    """Stop the server in `data_dir`, if one is running there. True if one was stopped."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl

    data_dir = Path(data_dir).resolve()
    pid = _lock_file_pid(data_dir / PIDFILE)
    if pid is None or not _is_postmaster(pid, data_dir):
        return False
    user = "pgserver" if os.geteuid() == 0 else None  # pgserver runs it as this user under root
    pg_ctl(["-w", "stop"], pgdata=data_dir, user=user)
    with _lock:
        _servers.pop(data_dir, None)
    return True


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "var/postgres")
    print("stopped" if stop(folder) else f"no server running in {folder}")
