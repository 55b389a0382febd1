"""Start, or find already running, the embedded PostgreSQL server that lives in a folder."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_lock = threading.Lock()
_servers: dict[Path, dict[str, str]] = {}


class EmbeddedPostgresError(ImproperlyConfigured):
    """The embedded server could not start; the message says why and what to do."""


def ensure_running(data_dir: Path) -> dict[str, str]:
    """Return the connection parameters (socket `host`, `port`) of the server in `data_dir`.

    pgserver takes an inter-process lock, so concurrent processes start one server, not two,
    and `cleanup_mode=None` leaves it running for the next process.
    """
    data_dir = Path(data_dir).resolve()
    with _lock:
        if data_dir not in _servers:
            _servers[data_dir] = _start(data_dir)
        return _servers[data_dir]


def _start(data_dir: Path) -> dict[str, str]:
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (services, CI) and falls back
            # to a folder under /tmp for pgserver's lock file, which is what we want.
            warnings.simplefilter("ignore")
            import pgserver

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        info = pgserver.get_server(data_dir, cleanup_mode=None).get_postmaster_info()
    except Exception as exc:
        raise EmbeddedPostgresError(
            f"The embedded PostgreSQL server in {data_dir} could not start ({exc!r}). "
            f"Its log, if any, is {data_dir / 'log'}. Check that the folder is writable and "
            "the disk is not full; stop any server left running on that folder "
            "(make stop-db), or delete the folder to start over with an empty database; "
            "or set DATABASE_URL to use another PostgreSQL server."
        ) from exc
    return {"host": str(info.socket_dir), "port": str(info.port)}


def stop(data_dir: Path) -> bool:
    """Stop the server in `data_dir`, if one is running there. True if one was stopped."""
    import os

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl
        from pgserver.utils import PostmasterInfo

    data_dir = Path(data_dir).resolve()
    info = PostmasterInfo.read_from_pgdata(data_dir) if data_dir.exists() else None
    if info is None or not info.is_running():
        return False
    user = "pgserver" if os.geteuid() == 0 else None  # pgserver runs it as this user under root
    pg_ctl(["-w", "stop"], pgdata=data_dir, user=user)
    return True


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "var/postgres")
    print("stopped" if stop(folder) else f"no server running in {folder}")
