"""`make loadtest`: many people applying at once, and the faults a clinic's server meets.

    python -m bench.loadtest [--clients 50] [--intakes 500] [--runs calm,worker,postgres,mail]

Two gunicorn instances (2 sync workers each, production settings, loopback) and two queue
workers run against one PostgreSQL, the embedded server's `kapclinic_loadtest` database,
as several app servers behind a balancer would: each request goes to the next instance.
Simulated clients walk the whole intake over HTTP as a browser does (each page's GET, then
its POST, every step to the confirmation page); a mail server on loopback takes the emails.

Each run sends `--intakes` applications from `--clients` clients at once, one of them:

- calm: nothing goes wrong;
- worker: one gunicorn worker is killed (SIGKILL) a third of the way through;
- postgres: PostgreSQL is stopped a third of the way through and started again 5 s later;
- mail: the mail server refuses connections from a fifth of the way to half way through.

A client that meets an error does what the error page asks: waits, then sends the page
again. Afterwards the database must hold exactly one submitted application per
confirmation a client saw (none lost, none twice), no draft left with what a client typed,
and every email sent and arrived at the mail server. Any error page that is not the app's
own, any check that fails, ends the command with an error.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import re
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.processes import Gunicorn, MailServer, QueueWorker, free_port

CSRF = "loadcsrftokenloadcsrftokenload01"  # a 32-character secret, cookie and field alike
SAVED = "your answers so far are saved"  # the app's own error page (templates/500.html)
RECEIPT = "Your application is with us"  # the confirmation page (templates/intake/done.html)
GIVE_UP = 300.0  # seconds one page may keep failing before its client gives up
DATABASE = "kapclinic_loadtest"
RESULTS = Path(__file__).with_name("RESULTS.md")
MARKER = "<!-- make loadtest writes below this line -->"


class ClientFailed(Exception):
    """A client could not finish: a page kept failing, or answered what it should not."""


@dataclass
class Tally:
    """What the clients met, shared by their threads."""

    latencies: list[float] = field(default_factory=list)
    friendly: Counter[int] = field(default_factory=Counter)  # the app's error page, by status
    resets: int = 0  # connections refused or cut (a worker killed mid-request)
    wrong: list[str] = field(default_factory=list)  # anything a client should never see
    longest_wait: float = 0.0  # the longest a client waited for a page to work again
    served: Counter[int] = field(default_factory=Counter)  # answers by the port that gave them
    queries: int = 0  # SQL queries of the answered requests (bench.settings' X-Queries)
    gzipped: int = 0  # answers that came compressed, as a browser asks
    lock: threading.Lock = field(default_factory=threading.Lock)


class Browser:
    """One client's browser: its cookies, its address, and the habit of sending a page
    again after an error, as the error page asks."""

    def __init__(self, ports: list[int], address: str, tally: Tally) -> None:
        self.ports = ports
        self.address = address
        self.tally = tally
        self.session = ""
        self.sent = 0

    def send(self, method: str, path: str, data: dict[str, object] | None = None,
             ) -> tuple[int, str, str]:
        """(status, Location, body) of the first answer that is not an error."""
        first_failure = None
        while True:
            port = self.ports[self.sent % len(self.ports)]  # round robin, as a balancer
            self.sent += 1
            started = time.perf_counter()
            try:
                status, location, body, cookie, queries = self._once(port, method, path, data)
            except (http.client.HTTPException, OSError):
                with self.tally.lock:
                    self.tally.resets += 1
                status = None
            if status is not None and status < 500:
                if status == 429 or status == 403:
                    raise ClientFailed(f"{status} on {method} {path}")
                with self.tally.lock:
                    self.tally.latencies.append(time.perf_counter() - started)
                    self.tally.served[port] += 1
                    self.tally.queries += queries
                    if first_failure is not None:
                        self.tally.longest_wait = max(self.tally.longest_wait,
                                                      time.monotonic() - first_failure)
                if cookie is not None:
                    self.session = cookie
                return status, location, body
            if status is not None:
                with self.tally.lock:
                    if SAVED in body:
                        self.tally.friendly[status] += 1
                    else:
                        self.tally.wrong.append(f"{status} without the app's page: {path}")
            first_failure = first_failure or time.monotonic()
            if time.monotonic() - first_failure > GIVE_UP:
                raise ClientFailed(f"{method} {path} kept failing for {GIVE_UP:g} s")
            time.sleep(1.0)

    def _once(self, port: int, method: str, path: str, data: dict[str, object] | None,
              ) -> tuple[int, str, str, str | None, int]:
        cookies = f"csrftoken={CSRF}" + (f"; sessionid={self.session}" if self.session else "")
        headers = {"Host": "127.0.0.1", "Cookie": cookies, "X-Forwarded-For": self.address,
                   "Accept-Encoding": "gzip"}
        body = None
        if method == "POST":
            body = urlencode([("csrfmiddlewaretoken", CSRF), *(data or {}).items()], doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            if response.getheader("Content-Encoding") == "gzip":
                raw = gzip.decompress(raw)
                with self.tally.lock:
                    self.tally.gzipped += 1
            text = raw.decode(errors="replace")
        finally:
            conn.close()
        cookie = None
        for header in response.msg.get_all("Set-Cookie") or []:
            if header.startswith("sessionid="):
                cookie = header.split("=", 1)[1].split(";", 1)[0].strip('"')
        return (response.status, response.getheader("Location") or "", text, cookie,
                int(response.getheader("X-Queries") or 0))


@dataclass(frozen=True)
class Person:
    number: int
    email: str

    def contact(self) -> dict[str, object]:
        return {"first_name": "Robin", "last_name": f"Load{self.number}", "email": self.email,
                "phone": "555-0100", "date_of_birth": "1986-05-20", "state": "CA"}


def apply(browser: Browser, person: Person, answers: dict[str, dict[str, object]]) -> bool:
    """Walk the intake as a browser does, to the confirmation page; True if it says the
    application is with the clinic."""
    browser.send("GET", "/intake/")
    status, url, _ = browser.send("POST", "/intake/", {})
    while True:
        if status != 302:
            raise ClientFailed(f"{status} where a page should move on, before {url}")
        status, _, page = browser.send("GET", url)
        if status != 200:
            raise ClientFailed(f"{status} on GET {url}")
        if url == "/intake/review/":
            data: dict[str, object] = {}
        elif url == "/intake/contact/":
            data = person.contact()
        elif url == "/intake/consent/":
            data = {"typed_name": f"Robin Load{person.number}", "agree": "on"}
        elif url.startswith("/intake/before/"):
            data = {"choice": "continue"}
        elif url.startswith("/intake/support/"):
            found = re.search(r'href="(/intake/questions/[^"]+)"', page)
            if not found:
                raise ClientFailed("the support page links to no next page")
            status, url = 302, found[1]
            continue
        elif url.startswith("/intake/questions/"):
            data = answers[url.rstrip("/").rsplit("/", 1)[1]]
        else:
            raise ClientFailed(f"an unexpected page: {url}")
        last = url
        status, url, _ = browser.send("POST", url, data)
        if last == "/intake/review/":
            break
    if (status, url) != (302, "/intake/done/"):
        raise ClientFailed(f"sending ended with {status} {url}")
    status, _, page = browser.send("GET", url)
    return status == 200 and RECEIPT in page


class Cluster:
    """Gunicorn instances and queue workers on one database, and the mail server."""

    def __init__(self, *, env: dict[str, str], instances: int = 2, workers: int = 2,
                 queue_workers: int = 2) -> None:
        self.mail = MailServer(free_port())
        self.mail.up()
        env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{self.mail.port}", "EMAIL_TIMEOUT": "5"}
        self.queue = [QueueWorker(env, f"load-{n}")
                      for n in range(queue_workers)]
        self.servers: list[Gunicorn] = []
        try:
            for _ in range(instances):
                port = free_port()
                self.servers.append(Gunicorn(
                    port, {**env, "SITE_URL": f"http://127.0.0.1:{port}"}, workers=workers))
        except Exception:
            self.stop()
            raise

    @property
    def ports(self) -> list[int]:
        return [server.port for server in self.servers]

    def stop(self) -> None:
        for process in [*self.servers, *self.queue]:
            process.stop()
        self.mail.down()


Fault = Callable[[Cluster, Callable[[float], None]], str]  # (cluster, wait for a share) -> says


def no_fault(cluster: Cluster, reach: Callable[[float], None]) -> str:
    return "nothing goes wrong"


def kill_a_worker(cluster: Cluster, reach: Callable[[float], None]) -> str:
    reach(1 / 3)
    pid = cluster.servers[0].kill_one_worker()
    return f"gunicorn worker {pid} killed (SIGKILL) a third of the way"


def mail_down(cluster: Cluster, reach: Callable[[float], None]) -> str:
    reach(1 / 5)
    cluster.mail.down()
    down = time.monotonic()
    reach(1 / 2)
    cluster.mail.up()
    return f"mail server refused connections for {time.monotonic() - down:.0f} s"


def restart_postgres(hold: float = 5.0) -> Fault:
    def fault(cluster: Cluster, reach: Callable[[float], None]) -> str:
        from kapclinic.embedded_postgres import server

        reach(1 / 3)
        folder = Path(__file__).resolve().parent.parent / "var" / "postgres"
        server.stop(folder)
        stopped = time.monotonic()
        time.sleep(hold)
        server.ensure_running(folder)
        return f"PostgreSQL stopped, started again {time.monotonic() - stopped:.0f} s later"
    return fault


@dataclass
class Outcome:
    name: str
    fault: str
    clients: int
    intakes: int
    seconds: float
    receipts: int
    tally: Tally
    figures: dict[str, int]
    problems: list[str]


def run(cluster: Cluster, *, name: str, fault: Fault, clients: int, intakes: int,
        drain_timeout: float = 600.0, tally: Tally | None = None) -> Outcome:
    """`intakes` applications from `clients` clients at once, with `fault` on the side;
    then wait for the emails and check what the database and the mail server hold.
    A `tally` given lets a fault watch what the clients meet while they run."""
    from django.utils import timezone

    from screening.examples import likely_answers

    tag = f"{name}-{int(time.time())}"
    started_at = timezone.now()
    answers = likely_answers()
    tally = tally if tally is not None else Tally()
    receipts: set[str] = set()
    failures: list[str] = []
    numbers = iter(range(intakes))
    lock = threading.Lock()
    progress = threading.Condition(lock)

    def client(slot: int) -> None:
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            person = Person(number, f"load-{tag}-{number}@example.org")
            browser = Browser(cluster.ports, f"10.{slot}.{number // 250 % 250}."
                              f"{number % 250 + 1}", tally)
            try:
                failed = None if apply(browser, person, answers) else "no confirmation page"
            except ClientFailed as error:
                failed = str(error)
            with progress:  # a failure counts towards the faults' progress too
                if failed is None:
                    receipts.add(person.email)
                else:
                    failures.append(f"client {number}: {failed}")
                progress.notify_all()

    def reach(share: float) -> None:
        with progress:
            progress.wait_for(lambda: len(receipts) + len(failures) >= share * intakes)

    said: list[str] = []
    side = threading.Thread(target=lambda: said.append(fault(cluster, reach)), daemon=True)
    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    side.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    side.join(timeout=120)
    figures, problems = check(f"load-{tag}-", receipts, started_at, cluster.mail,
                              drain_timeout=drain_timeout)
    problems = failures + tally.wrong + problems
    if side.is_alive() or not said:
        problems.append("the fault did not finish")
    return Outcome(name, said[0] if said else "?", clients, intakes, seconds, len(receipts),
                   tally, figures, problems)


def _fresh_connection() -> None:
    from django.db import connection

    connection.close()  # the driver's own connection may predate a restart


def check(prefix: str, receipts: set[str], started_at: datetime, mail: MailServer, *,
          drain_timeout: float) -> tuple[dict[str, int], list[str]]:
    """What the database and the mail server hold against what the clients were told."""
    from intake.models import Intake
    from outbox.models import OutgoingMessage
    from outbox.services import PENDING

    _fresh_connection()
    intakes = Intake.objects.filter(email__startswith=prefix)
    per_person = Counter(intakes.values_list("email", flat=True))
    problems = []
    lost = receipts - set(per_person)
    twice = [email for email, count in per_person.items() if count > 1]
    unsent = intakes.filter(submitted_at__isnull=True).count()
    without_receipt = set(per_person) - receipts
    if lost:
        problems.append(f"{len(lost)} confirmed applications are not in the database")
    if twice:
        problems.append(f"{len(twice)} people have more than one application")
    if unsent:
        problems.append(f"{unsent} applications with contact details were never sent")
    if without_receipt:
        problems.append(f"{len(without_receipt)} applications whose client saw no confirmation")
    empty = Intake.objects.filter(created_at__gte=started_at, status=Intake.Status.DRAFT,
                                  email="").count()

    messages = OutgoingMessage.objects.filter(created_at__gte=started_at)
    waiting = time.monotonic()
    deadline = waiting + drain_timeout
    while messages.filter(status__in=PENDING).exists() and time.monotonic() < deadline:
        time.sleep(2)
    waited = time.monotonic() - waiting
    statuses = Counter(messages.values_list("status", flat=True))
    sent = set(messages.filter(status=OutgoingMessage.Status.SENT).values_list("pk", flat=True))
    arrived = Counter(int(found[1]) for message_id in mail.message_ids()
                      if (found := re.search(r"<outbox-(\d+)-", message_id)))
    missing = sent - set(arrived)
    addressed = {to for _, to in mail.received}
    unconfirmed = receipts - addressed
    if set(statuses) - {OutgoingMessage.Status.SENT}:
        problems.append(f"emails not sent: {dict(statuses)}")
    if missing:
        problems.append(f"{len(missing)} emails recorded as sent never reached the server")
    if unconfirmed:
        problems.append(f"{len(unconfirmed)} clients got no email at their address")
    figures = {
        "in the database": sum(per_person.values()), "lost": len(lost),
        "twice": len(twice), "empty drafts": empty, "emails": len(sent),
        "emails arrived": len(set(arrived) & sent),
        "emails repeated": sum(count - 1 for count in arrived.values() if count > 1),
        "emails waited": round(waited),
    }
    return figures, problems


def table(outcomes: Iterable[Outcome]) -> str:
    lines = [
        "| run | what happened | clients | confirmed / sent | in the database | lost | "
        "twice | minutes | intakes/min | requests | SQL per intake | p50 ms | p95 ms | "
        "error pages (503/500) "
        "| connections cut | longest wait s | empty drafts | emails sent / arrived (repeated) "
        "| emails done s later | result |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for o in outcomes:
        lat = sorted(o.tally.latencies)

        def pct(p: float, lat: list[float] = lat) -> str:
            return f"{lat[min(len(lat) - 1, int(p * len(lat)))] * 1000:.0f}" if lat else "—"

        f = o.figures
        lines.append(
            f"| {o.name} | {o.fault} | {o.clients} | {o.receipts} / {o.intakes} | "
            f"{f['in the database']} | {f['lost']} | {f['twice']} | {o.seconds / 60:.1f} | "
            f"{o.receipts / o.seconds * 60:.0f} | {len(lat)} | "
            f"{o.tally.queries / max(o.receipts, 1):.0f} | {pct(0.5)} | {pct(0.95)} | "
            f"{o.tally.friendly[503]}/{o.tally.friendly[500]} | {o.tally.resets} | "
            f"{o.tally.longest_wait:.0f} | {f['empty drafts']} | {f['emails']} / "
            f"{f['emails arrived']} ({f['emails repeated']}) | {f['emails waited']} | "
            f"{'pass' if not o.problems else 'FAIL'} |")
    return "\n".join(lines)


RUNS: dict[str, Fault] = {"calm": no_fault, "worker": kill_a_worker,
                          "postgres": restart_postgres(), "mail": mail_down}


def app_env(*, role: str) -> dict[str, str]:
    """The app's processes' environment: the benchmarks' (production settings, loopback),
    with DATABASE_URL naming the embedded server's load-test database, so that they reach
    it as an external server: they never start it again themselves after it is stopped."""
    from bench.database import bench_env
    from kapclinic.embedded_postgres.server import ensure_running

    folder = Path(__file__).resolve().parent.parent / "var" / "postgres"
    params = ensure_running(folder)
    user = "postgres" if role == "owner" else "kapclinic_app"
    url = (f"postgresql://{user}@/{DATABASE}?host={quote(params['host'], safe='')}"
           f"&port={params['port']}")
    return bench_env(DATABASE_URL=url, DATABASE_ROLE="app" if role == "app" else "owner",
                     DATABASE_OWNER_URL=url, PYTHONUNBUFFERED="1")


def clinic_notices_on() -> None:
    """Give the clinic an address, so that each application also emails it a notice."""
    from clinic.selectors import clinic_profile
    from clinic.services import record_save

    profile = clinic_profile()
    if not profile.email:
        profile.email = "clinic@example.org"
        record_save(obj=profile, by=None, ip_address=None,
                    fields={"email": ["", profile.email]})


def write_results(command: str, text: str) -> None:
    """bench/RESULTS.md keeps the benchmarks' tables above the marker, this below it."""
    from bench.run import machine

    kept = RESULTS.read_text().split(MARKER)[0].rstrip() if RESULTS.exists() else ""
    RESULTS.write_text(f"{kept}\n\n{MARKER}\n\n## Load test\n\n`{command}` on {machine()}.\n\n"
                       f"{text}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--intakes", type=int, default=500)
    parser.add_argument("--runs", default=",".join(RUNS))
    args = parser.parse_args()
    names = args.runs.split(",")
    if unknown := set(names) - set(RUNS):
        parser.error(f"unknown runs: {', '.join(sorted(unknown))}")

    import os

    from bench import database

    # Always the embedded server, which this stops and starts: never a server of DATABASE_URL.
    for name in ("DATABASE_URL", "DATABASE_OWNER_URL"):
        os.environ.pop(name, None)
    os.environ["BENCH_DATABASE_NAME"] = DATABASE
    database.prepare()
    os.environ.update(app_env(role="owner"))
    import django

    django.setup()
    clinic_notices_on()
    cluster = Cluster(env=app_env(role="app"))
    outcomes = []
    try:
        for name in names:
            print(f"== {name}: {args.intakes} applications from {args.clients} clients",
                  flush=True)
            outcome = run(cluster, name=name, fault=RUNS[name], clients=args.clients,
                          intakes=args.intakes)
            print(f"   {outcome.receipts} confirmed in {outcome.seconds:.0f} s, "
                  f"{len(outcome.problems)} problems", flush=True)
            for problem in outcome.problems[:10]:
                print(f"  {problem}", file=sys.stderr)
            outcomes.append(outcome)
    finally:
        cluster.stop()
    text = table(outcomes)
    print(text, flush=True)
    command = " ".join(["python -m bench.loadtest", *sys.argv[1:]])
    write_results(command, text)
    if any(o.problems for o in outcomes):
        sys.exit(1)
    print(f"all {len(outcomes)} runs passed; median request "
          f"{statistics.median(t for o in outcomes for t in o.tally.latencies) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
