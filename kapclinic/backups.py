"""Backups of the configured database with PostgreSQL's own tools, pg_dump and pg_restore
(`manage.py backup FILE`, `manage.py restore FILE`).

Which tools: those of the server's major version, or else the nearest newer one (pg_dump
refuses a server newer than itself; an older pg_restore cannot read a newer archive).
pgserver ships PostgreSQL 16's, which serve the embedded server and any other 16; for a
server of another version, its own client tools are looked for on PATH and in the usual
install folders (Debian's postgresql-client-N, the PGDG packages, Homebrew).

How they connect: exactly as Django does (the embedded server's socket, or DATABASE_URL's
parts), every parameter through libpq's environment variables, the password included, so
that nothing secret is on a command line other users of the machine can read.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# libpq's environment variable for each connection parameter Django may hand psycopg
# (OPTIONS included); the others (cursor_factory, client_encoding...) are Python's own.
LIBPQ_ENV = {
    "host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD",
    "dbname": "PGDATABASE", "passfile": "PGPASSFILE", "service": "PGSERVICE",
    "options": "PGOPTIONS", "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "sslcrl": "PGSSLCRL",
    "channel_binding": "PGCHANNELBINDING", "gssencmode": "PGGSSENCMODE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
# Where PostgreSQL's client tools of other versions are usually installed.
TOOL_FOLDERS = ["/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin",
                "/opt/homebrew/opt/postgresql@*/bin", "/usr/local/opt/postgresql@*/bin"]


class BackupError(Exception):
    """A backup or a restore could not be done; the message says why."""


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int


def tool_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The environment the tools run in: this process's, less any PG* variable that could
    point them elsewhere, plus the connection's parameters."""
    params = connection.get_connection_params()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for key, variable in LIBPQ_ENV.items():
        if params.get(key) not in (None, ""):
            env[variable] = str(params[key])
    env.setdefault("PGAPPNAME", "kapclinic-backup")
    return env


def server_major(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def client_tool(name: str, major: int, env: dict[str, str]) -> Tool:
    """pg_dump or pg_restore of the server's major version, else the nearest newer one."""
    found = [tool for tool in (_version(path, env) for path in _candidates(name)) if tool]
    exact = [tool for tool in found if tool.major == major]
    newer = sorted((tool for tool in found if tool.major > major), key=lambda t: t.major)
    if exact or newer:
        return (exact or newer)[0]
    seen = ", ".join(f"{tool.path} ({tool.major})" for tool in found) or "none"
    raise BackupError(
        f"No {name} of PostgreSQL {major} or newer was found (found: {seen}). Install the "
        f"server's client tools (on Debian or Ubuntu: postgresql-client-{major}) and run this "
        "again.")


def _candidates(name: str) -> list[Path]:
    with warnings.catch_warnings():  # platformdirs, on pgserver's import (embedded_postgres)
        warnings.simplefilter("ignore")
        from pgserver._commands import POSTGRES_BIN_PATH

    paths = [POSTGRES_BIN_PATH / name]
    if on_path := shutil.which(name):
        paths.append(Path(on_path))
    for pattern in TOOL_FOLDERS:
        paths += [Path(folder) / name for folder in sorted(glob.glob(pattern))]
    unique = dict.fromkeys(path for path in paths if path.is_file() and os.access(path, os.X_OK))
    return list(unique)


def _version(path: Path, env: dict[str, str]) -> Tool | None:
    try:
        result = subprocess.run([str(path), "--version"], env=env, capture_output=True,  # noqa: S603 - a PostgreSQL tool found above, no shell
                                text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return Tool(path, int(match.group(1))) if result.returncode == 0 and match else None


def _run(tool: Tool, args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([str(tool.path), *args], env=env, capture_output=True,  # noqa: S603 - a PostgreSQL tool and our own arguments, no shell
                            text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{tool.path.name} failed (exit status {result.returncode}): "
                          f"{result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def _tools(connection: BaseDatabaseWrapper, *names: str) -> tuple[dict[str, str], list[Tool]]:
    env = tool_env(connection)
    major = server_major(connection)
    return env, [client_tool(name, major, env) for name in names]


def archive_tables(path: Path, env: dict[str, str], pg_restore: Tool) -> list[str]:
    """The tables whose rows a backup holds; fails if the file is not a readable backup."""
    listing = _run(pg_restore, ["--list", str(path)], env)
    return re.findall(r"^\d+; \d+ \d+ TABLE DATA \S+ (\S+) ", listing, flags=re.MULTILINE)


def backup(connection: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    """Write the whole database to `target` in pg_dump's custom format (compressed; every
    table, trigger, policy and function), readable by its owner alone. The file appears
    only once complete and read back, so a failed backup never replaces a good one."""
    target = Path(target).absolute()
    if target.is_dir():
        raise BackupError(f"{target} is a folder: name the backup file to write.")
    env, (pg_dump, pg_restore) = _tools(connection, "pg_dump", "pg_restore")
    try:
        descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                               suffix=".partial")  # mode 0600
    except OSError as error:
        raise BackupError(f"Cannot write a backup in {target.parent}: {error}") from error
    os.close(descriptor)
    try:
        _run(pg_dump, ["--format=custom", "--no-password", f"--file={partial}"], env)
        tables = archive_tables(Path(partial), env, pg_restore)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return {"database": env.get("PGDATABASE", ""), "tables": len(tables), "tool": pg_dump,
            "size": target.stat().st_size}


def user_objects(connection: BaseDatabaseWrapper) -> list[str]:
    """A few of the tables, sequences, views and functions the database holds beyond
    PostgreSQL's own (and its extensions'); none in a new, empty database."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT n.nspname || '.' || c.relname FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
               AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                               AND d.objid = c.oid AND d.deptype = 'e')
            UNION ALL
            SELECT n.nspname || '.' || p.proname || '()' FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                               AND d.objid = p.oid AND d.deptype = 'e')
            LIMIT 5""")
        return [name for (name,) in cursor.fetchall()]


def restore(connection: BaseDatabaseWrapper, source: Path, *, replace: bool) -> dict[str, Any]:
    """Load a backup into the configured database, in one transaction: it all arrives, or
    the database stays as it was. `replace` first drops each object the backup holds
    (pg_restore --clean --if-exists); objects it does not hold are left. Objects are owned
    by the role restoring (the owner), and grants are not restored: `db_roles` gives them."""
    env, (pg_restore,) = _tools(connection, "pg_restore")
    source = Path(source).absolute()
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    try:
        tables = archive_tables(source, env, pg_restore)
    except BackupError as error:
        if "unsupported version" in str(error):  # an archive of a newer pg_dump's
            raise BackupError(
                f"{source} was made by a newer PostgreSQL than this server's "
                f"(PostgreSQL {pg_restore.major}): restore it into a server of its own version "
                f"or newer ({error}).") from error
        raise BackupError(f"{source} is not a backup pg_restore can read: {error}") from error
    name = env.get("PGDATABASE", "")
    quoted = name.replace("\\", "\\\\").replace("'", "\\'")
    args = ["--no-password", "--single-transaction", "--no-owner", "--no-privileges",
            f"--dbname=dbname='{quoted}'"]
    if replace:
        args += ["--clean", "--if-exists"]
    connection.close()  # nothing of ours holds a lock on what is about to be replaced
    _run(pg_restore, [*args, str(source)], env)
    return {"database": name, "tables": len(tables), "tool": pg_restore}
