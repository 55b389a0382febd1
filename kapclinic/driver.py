"""Django talks to PostgreSQL through psycopg2, the driver this project is built on.

Django 4.2 and later use psycopg 3 whenever it can be imported, and psycopg 3 is installed
here for one reason only: the queue worker's own connections (Procrastinate's async pool,
LISTEN/NOTIFY). Left alone, Django would quietly run every query of the app through psycopg
3 as well. `use_psycopg2()` decides it once, before anything loads Django's PostgreSQL
backend; `settings.py` calls it first thing.
"""

import sys


def use_psycopg2() -> None:
    """Load Django's PostgreSQL backend (its `base` and the `psycopg_any` shim its other
    modules share) while `import psycopg` fails, so that each takes its psycopg2 branch;
    psycopg 3 stays importable for everything else."""
    backend, shim = ("django.db.backends.postgresql.base",
                     "django.db.backends.postgresql.psycopg_any")
    if backend not in sys.modules:
        hidden = {name: module for name, module in sys.modules.items()
                  if name == "psycopg" or name.startswith("psycopg.")}
        sys.modules["psycopg"] = None  # type: ignore[assignment]  # makes the import fail
        try:
            __import__(backend)
        finally:
            del sys.modules["psycopg"]
            sys.modules.update(hidden)
    if sys.modules[shim].is_psycopg3 or sys.modules[backend].Database.__name__ != "psycopg2":
        raise RuntimeError(
            "Django's PostgreSQL backend was loaded on psycopg 3 before the settings: "
            "it must run on psycopg2 (kapclinic.driver).")
