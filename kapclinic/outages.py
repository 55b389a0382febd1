"""Telling a database out of reach (a restart, a failover) from every other failure: the
error page answers it with a 503, and the log gives it one line. No model imports here: the
logging settings load this module before the apps are ready."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError


def database_unavailable(error: BaseException | None) -> bool:
    """The failure is the database out of reach or gone mid-request (Django wraps the
    driver's errors in these two)."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False


# SQLSTATE classes of a lost connection: 08 (connection exception) and 57P (the server
# shutting down, crashed or starting up). An error without one never reached a server.
CONNECTION_LOST = ("08", "57P")


def _sqlstate(error: BaseException | None) -> str | None:
    while error is not None:
        code = getattr(error, "pgcode", None)
        if code:
            return code
        error = error.__cause__ or error.__context__
    return None


class DatabaseOutageLine(logging.Filter):
    """On `django.request`: a request that lost its database connection is logged as one
    line naming the error, not a traceback. During a restart every request fails alike
    (the load test's 5-second restart made 300 of them), and the tracebacks would bury
    anything else in the log. Every other failure keeps its traceback, a deadlock or a
    statement timeout (also 503s) included: there, where it happened matters."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if isinstance(record.exc_info, tuple) else record.exc_info
        if getattr(record, "status_code", None) == 503 and isinstance(error, BaseException) \
                and database_unavailable(error) \
                and (_sqlstate(error) or "08").startswith(CONNECTION_LOST):
            first_line = (str(error).strip().splitlines() or [""])[0]
            record.msg = f"{record.msg} (database out of reach: %s: %s)"
            record.args = (*(record.args or ()), type(error).__name__, first_line)
            record.exc_info, record.exc_text = None, None
        return True
