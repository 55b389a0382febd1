"""Mail servers for the fault tests, on loopback: a real SMTP server that can be made to
stall mid-conversation, one that accepts connections and never answers, and a port where
nothing listens (connections refused)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port nothing listens on (so a connection to it is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """Records each message it accepts. `stall_at_rcpt` holds every conversation at the
    recipient, before any message is handed over, until `release()`."""

    def __init__(self, port: int, *, stall_at_rcpt: bool = False) -> None:
        self.port = port
        self.received: list[dict[str, str]] = []
        self.stalled = threading.Event()
        self._release = threading.Event()
        if not stall_at_rcpt:
            self._release.set()
        self._controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if not self._release.is_set():
            self.stalled.set()
            while not self._release.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        parsed = message_from_bytes(envelope.content)
        self.received.append({"message_id": parsed["Message-ID"], "to": parsed["To"],
                              "subject": parsed["Subject"]})
        return "250 Message accepted for delivery"

    def release(self) -> None:
        self._release.set()

    def counts(self) -> Counter[str]:
        return Counter(m["message_id"] for m in self.received)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._controller.stop()


class SilentServer:
    """Accepts connections and never says a word (a mail server that hangs)."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(50)
        self.port = self._socket.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self._socket.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            self._held.append(connection)

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._held:
            connection.close()
        self._socket.close()


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)
