"""The processes the benchmarks and the load test run the app in, on loopback: gunicorn as
production runs it, the queue worker, and a mail server that records what it is handed and
can be taken down and brought back."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess  # noqa: S404 - gunicorn and manage.py, with fixed arguments
import sys
import threading
import time
from email import message_from_bytes

import psutil

from bench.database import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn as production runs it: sync workers, the repository's gunicorn.conf.py."""

    def __init__(self, port: int, env: dict[str, str], *, workers: int,
                 ready_path: str = "/") -> None:
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "kapclinic.wsgi", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--config", "gunicorn.conf.py",
             "--log-level", "warning"],
            cwd=ROOT, env=env)
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on port {port} ended at start")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", ready_path, headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn on port {port} did not start")

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def kill_one_worker(self) -> int:
        """SIGKILL one worker, as the kernel's OOM killer or a crash would; the master
        starts another. Returns the PID killed."""
        victim = self.workers()[0]
        victim.send_signal(signal.SIGKILL)
        return victim.pid

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class QueueWorker:
    """`manage.py queue_worker`, as `make run` and production start it."""

    def __init__(self, env: dict[str, str], name: str) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "queue_worker", "--name", name], cwd=ROOT, env=env)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class MailServer:
    """A real SMTP server (aiosmtpd) that keeps each message's Message-ID and recipients.
    `down()` closes its port (connections refused, as a server that is off), `up()` opens
    it again on the same port."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[tuple[str, str]] = []  # (Message-ID, To)
        self._lock = threading.Lock()
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        parsed = message_from_bytes(envelope.content)
        with self._lock:
            self.received.append((str(parsed["Message-ID"]), str(parsed["To"])))
        return "250 Message accepted for delivery"

    def up(self) -> None:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> list[str]:
        with self._lock:
            return [message_id for message_id, _ in self.received]
