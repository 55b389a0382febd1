"""The test database for processes of their own (workers, scripts), and a way to cut them
off from it and let them back, as a database restart or a network cut does, without
disturbing the test run's own connection."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path
from urllib.parse import quote

from django.db import connection


def database_url(*, host: str | None = None, port: int | None = None) -> str:
    """The test database as a DATABASE_URL (through `host`:`port` when given)."""
    params = connection.get_connection_params()
    auth = quote(params.get("user") or "")
    if params.get("password"):
        auth += ":" + quote(params["password"])
    name = connection.settings_dict["NAME"]
    if host is not None:
        return f"postgresql://{auth}@{host}:{port}/{name}"
    host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
    return f"postgresql://{auth}@/{name}?host={quote(str(host), safe='')}&port={port}"


class DatabaseProxy:
    """A TCP port on loopback that passes connections on to the test database's server.
    `cut()` drops every connection and refuses new ones; `restore()` listens again on the
    same port."""

    def __init__(self) -> None:
        params = connection.get_connection_params()
        host, port = params.get("host") or "127.0.0.1", int(params.get("port") or 5432)
        if str(host).startswith("/"):
            self._upstream = (socket.AF_UNIX, str(Path(host) / f".s.PGSQL.{port}"))
        else:
            self._upstream = (socket.AF_INET, (host, port))
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def url(self) -> str:
        return database_url(host="127.0.0.1", port=self.port)

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(50)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            family, address = self._upstream
            server = socket.socket(family)
            try:
                server.connect(address)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> DatabaseProxy:
        self.restore()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()
