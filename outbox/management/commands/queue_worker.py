"""`manage.py queue_worker`: Procrastinate's worker, started again when its database goes
away and comes back (a restart, a failover, a network cut).

Procrastinate's own worker (`manage.py procrastinate worker`) stops for good at the first
database error: its listener or its heartbeat fails and it exits, so email would stop until
someone restarted it. This runs the same worker, with the same tasks and settings, and
when it ends on a database error (or ends at all without being asked to) it waits, with
backoff, and starts it again on fresh connections. Jobs it had in hand are not lost: their
rows say "doing" under a worker whose heartbeat has stopped, and the periodic
`outbox.retry_stalled_jobs` runs them again. SIGTERM or SIGINT stops it after the job in
hand, as Procrastinate's does, and at once while it is still waiting for its database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Coroutine
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import utils as django_db
from procrastinate import App, PsycopgConnector
from procrastinate import exceptions as procrastinate_exceptions

logger = logging.getLogger(__name__)

FIRST_DELAY = 1.0  # seconds before the first restart; doubled each time, up to
MAX_DELAY = 30.0
STEADY = 60.0  # a run at least this long starts the backoff over
# Most seconds a job fetch, the heartbeat or the listener waits for a connection from the
# worker's pool before the worker counts its database as gone and starts again. The
# pool's own default (30 s, and a fetch and the listener may each wait it out) left a
# worker silent for a minute after a cut; a live database hands a connection over in
# milliseconds, and the restart's backoff keeps a database that stays away from being
# hammered.
POOL_TIMEOUT = 5.0


def worker_connector() -> PsycopgConnector:
    """What Procrastinate's `get_worker_connector()` makes (a psycopg pool on the Django
    database's settings), with a pool that gives up waiting after POOL_TIMEOUT."""
    from procrastinate.contrib.django import utils
    from procrastinate.contrib.django.settings import settings

    return PsycopgConnector(kwargs=utils.connector_params(settings.DATABASE_ALIAS),
                            timeout=POOL_TIMEOUT)


def database_away(error: BaseException) -> bool:
    """The error says the database could not be reached or went away mid-query."""
    import psycopg

    return isinstance(error, (procrastinate_exceptions.ConnectorException, psycopg.Error,
                              django_db.OperationalError, django_db.InterfaceError,
                              OSError))


async def serve(app: App, options: dict[str, Any], stop: asyncio.Event) -> None:
    """Run the worker until `stop` is set, starting it again after a database error."""
    delay = FIRST_DELAY
    while not stop.is_set():
        started = time.monotonic()
        try:
            running = asyncio.Event()
            await _until_stopped(_run_once(app, options, stop, running), stop, running)
        except Exception as error:
            if not database_away(error):
                raise
            reason = f"{type(error).__name__}: {_innermost(error)}"
        else:
            if stop.is_set():
                return
            reason = "it stopped by itself"
        if time.monotonic() - started >= STEADY:
            delay = FIRST_DELAY
        logger.warning("The queue worker ended (%s); it starts again in %g s.", reason, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, MAX_DELAY)


async def _until_stopped(run: Coroutine[Any, Any, None], stop: asyncio.Event,
                         running: asyncio.Event) -> None:
    """Run `run` to its end; but a stop asked for while it is still opening its connections
    (a database that does not answer holds that for up to half a minute) ends it at once:
    no job is in hand then. Once the worker runs, `_run_once` stops it gracefully itself."""
    task = asyncio.ensure_future(run)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not task.done() and not running.is_set():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return
    await task


async def _run_once(app: App, options: dict[str, Any], stop: asyncio.Event,
                    running: asyncio.Event) -> None:
    try:
        async with app.open_async():
            running.set()
            worker = asyncio.create_task(
                app.run_worker_async(install_signal_handlers=False, **options))
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({worker, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not worker.done():
                worker.cancel()  # Procrastinate's graceful stop: the job in hand finishes
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
                return
            await worker  # raises what ended it
    finally:
        await app.connector.close_async()  # a pool that failed to open is closed too


def _innermost(error: BaseException) -> str:
    while error.__cause__ is not None:
        error = error.__cause__
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


async def _main(app: App, options: dict[str, Any]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await serve(app, options, stop)


class Command(BaseCommand):
    help = ("Run a queue worker (Procrastinate's), started again by itself when the "
            "database goes away and comes back. Stop it with SIGTERM.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", default=None, help="The worker's name in the logs.")
        parser.add_argument("--fetch-job-polling-interval", type=float, default=None,
                            metavar="SECONDS",
                            help="Most seconds between looks for new jobs (new jobs also "
                                 "wake it at once through LISTEN/NOTIFY).")

    def handle(self, *args: Any, name: str | None, fetch_job_polling_interval: float | None,
               **options: Any) -> None:
        from procrastinate.contrib.django import app

        worker_options: dict[str, Any] = {"name": name}
        if fetch_job_polling_interval is not None:
            worker_options["fetch_job_polling_interval"] = fetch_job_polling_interval
        # As `manage.py procrastinate worker` does: the worker's own connection pool, not
        # Django's connection (which the jobs themselves use).
        with app.replace_connector(worker_connector()):
            asyncio.run(_main(app, worker_options))
