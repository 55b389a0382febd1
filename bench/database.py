"""The benchmarks' own database: made on first use on the configured server, migrated, and
given the app role's grants, as `make migrate` does for the app's."""

from __future__ import annotations

import os
import subprocess  # noqa: S404 - the project's own manage.py, with fixed arguments
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_env(**extra: str) -> dict[str, str]:
    """The environment the bench server, its commands and the driver share: production
    settings (DEBUG off), on loopback, with the benchmarks' own keys and database."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-any-site-0123456789",
        "AUDIT_CHAIN_KEY": "bench-only-audit-key", "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": env.get("BENCH_EMAIL_URL", "console://"), "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": "http://127.0.0.1", "TRUSTED_PROXY_COUNT": "1",
    })
    env.update(extra)
    return env


def manage(*args: str, owner: bool = True, **extra: str) -> str:
    env = bench_env(**({"DATABASE_ROLE": "owner"} if owner else {}), **extra)
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def ensure_database() -> None:
    """Create the benchmarks' database if it is missing (the embedded server only: with
    DATABASE_URL, point it at a database made for benchmarks)."""
    if os.environ.get("DATABASE_URL"):
        return
    import django
    from django.conf import settings

    os.environ.update(bench_env(DATABASE_ROLE="owner"))
    django.setup()
    from django.db import connections

    name = settings.DATABASES["default"]["NAME"]
    server = connections["default"]
    server.settings_dict["NAME"] = "postgres"
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {server.ops.quote_name(name)}")
    server.close()
    server.settings_dict["NAME"] = name


def prepare() -> None:
    """The database, migrated and granted, and the static files as production serves
    them (hashed, compressed: the manifest the pages' links need)."""
    ensure_database()
    manage("migrate", "--noinput")
    manage("db_roles", "--create")
    manage("collectstatic", "--noinput")
