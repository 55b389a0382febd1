"""`make bench`: the app's pages side by side with bare Django views, on one gunicorn.

    python -m bench.run [--sizes 10000,100000] [--seconds 3] [--rounds 3]

For each size: seed the benchmarks' database up to that many submitted intakes, start
gunicorn (4 sync workers, production settings, loopback only), then run every scenario
and its baseline in interleaved rounds (app, baseline, app, baseline…), each for a few
seconds from a few concurrent keep-alive connections. One table per size: requests per
second, p50/p95/p99, SQL queries per request (the `X-Queries` header bench/settings.py
adds) and the ratio to the baseline (median of the rounds). bench/RESULTS.md gets the
latest tables with the command and the machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from bench.database import bench_env, manage, prepare
from bench.loadtest import MARKER
from bench.processes import Gunicorn, free_port

CSRF = "benchcsrftokenbenchcsrftoken0123"  # a 32-character secret, cookie and field alike
WORKERS = 4


@dataclass
class Request:
    method: str
    path: str
    body: dict[str, object] | list[tuple[str, object]] | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    expect: tuple[int, ...] = (200,)


@dataclass
class Result:
    latencies: list[float]
    seconds: float
    queries: list[int]
    unexpected: list[str]

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0


@dataclass
class Scenario:
    name: str
    baseline: str | None
    make: Callable[[int], Request]  # the request for call number n of one connection


def _send(conn: http.client.HTTPConnection, request: Request, address: str) -> tuple[int, int]:
    cookies = {"csrftoken": CSRF, **request.cookies}
    # Accept-Encoding as a browser sends it: the pages' compression is part of their cost.
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
               "X-Forwarded-For": address, "Host": "127.0.0.1", "Accept-Encoding": "gzip"}
    body = None
    if request.body is not None:
        items = list(request.body.items()) if isinstance(request.body, dict) else request.body
        body = urlencode([("csrfmiddlewaretoken", CSRF), *items], doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(request.method, request.path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status, int(response.getheader("X-Queries") or -1)


def drive(port: int, scenario: Scenario, seconds: float, concurrency: int) -> Result:
    """Run one scenario from `concurrency` connections for `seconds`."""
    latencies: list[float] = []
    queries: list[int] = []
    unexpected: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, n = [], 0
        while time.perf_counter() < deadline:
            request = scenario.make(number * 1_000_000 + n)
            address = f"10.{number}.{(n // 250) % 250}.{n % 250 + 1}"
            start = time.perf_counter()
            try:
                status, count = _send(conn, request, address)
            except (http.client.HTTPException, OSError) as error:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    unexpected.append(f"{request.path}: {error!r}")
                continue
            mine.append((time.perf_counter() - start, count))
            if status not in request.expect:
                with lock:
                    unexpected.append(f"{status} {request.method} {request.path}")
            n += 1
        conn.close()
        with lock:
            latencies.extend(t for t, _ in mine)
            queries.extend(c for _, c in mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(latencies, time.perf_counter() - started, queries, unexpected)


def server(port: int) -> Gunicorn:
    return Gunicorn(port, bench_env(SITE_URL=f"http://127.0.0.1:{port}"), workers=WORKERS,
                    ready_path="/bench/baseline/small/")


def staff_login(port: int, username: str) -> str:
    """A real staff session, both login steps done (bench/login.py)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/bench/login/", body=urlencode({"username": username}),
                 headers={"Content-Type": "application/x-www-form-urlencoded",
                          "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie") or ""
    assert response.status == 200 and "sessionid=" in cookie, (response.status, cookie)
    return cookie.split("sessionid=", 1)[1].split(";", 1)[0]


def queue_filters(port: int, session: str, filters: dict[str, str]) -> None:
    """The queue keeps a clinician's filters in their session, as the filter form does."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    status, _ = _send(conn, Request("POST", "/staff/", filters, {"sessionid": session}),
                      "10.0.0.1")
    assert status == 302, status


def _fixtures(drafts_needed: int) -> dict[str, object]:
    """What the scenarios use: staff sessions, drafts at the PHQ-9 page, complete drafts to
    send, seeded intakes to open. Made in this process, on the benchmarks' database."""
    from bench import fixtures

    return fixtures.make(drafts_needed=drafts_needed)


def scenarios(fx: dict[str, object]) -> list[Scenario]:
    step_sessions: list[str] = fx["step_sessions"]  # type: ignore[assignment]
    submit_sessions: list[str] = fx["submit_sessions"]  # type: ignore[assignment]
    staff: str = fx["staff_session"]  # type: ignore[assignment]
    intakes: list[str] = fx["intake_ids"]  # type: ignore[assignment]
    phq9: dict[str, object] = fx["phq9_answers"]  # type: ignore[assignment]
    form: dict[str, object] = fx["form_answers"]  # type: ignore[assignment]
    submits = iter(submit_sessions)
    lock = threading.Lock()

    def next_submit() -> str:
        with lock:
            return next(submits)

    def client(session: str) -> dict[str, str]:
        return {"sessionid": session}

    staff_cookies = {"sessionid": staff}
    filtered = {"sessionid": fx["filtered_session"]}  # type: ignore[dict-item]
    searched = {"sessionid": fx["searched_session"]}  # type: ignore[dict-item]
    step = "/intake/questions/phq-9/"
    return [
        Scenario("step GET (PHQ-9 page)", "20-field form GET",
                 lambda n: Request("GET", step, cookies=client(
                     step_sessions[n % len(step_sessions)]))),
        Scenario("step POST", "20-field form POST",
                 lambda n: Request("POST", step, phq9, client(
                     step_sessions[n % len(step_sessions)]), expect=(302,))),
        Scenario("final submit", "one-INSERT view",
                 lambda n: Request("POST", "/intake/review/", {}, client(next_submit()),
                                   expect=(302,))),
        Scenario("clinician queue", "bare list of 100 with a count",
                 lambda n: Request("GET", "/staff/", cookies=staff_cookies)),
        Scenario("queue, filtered", "bare filtered list",
                 lambda n: Request("GET", "/staff/", cookies=filtered)),
        Scenario("queue, searched", "bare filtered list",
                 lambda n: Request("GET", "/staff/", cookies=searched)),
        Scenario("queue, page 50", "bare list, page 50",
                 lambda n: Request("GET", "/staff/?page=50", cookies=staff_cookies)),
        Scenario("intake page", "bare list of 100 with a count",
                 lambda n: Request("GET", f"/staff/intakes/{intakes[n % len(intakes)]}/",
                                   cookies=staff_cookies)),
        Scenario("stats page", None,
                 lambda n: Request("GET", "/staff/stats/", cookies=staff_cookies)),
        # The baselines.
        Scenario("20-field form GET", None, lambda n: Request("GET", "/bench/baseline/form/")),
        Scenario("20-field form POST", None, lambda n: Request(
            "POST", "/bench/baseline/form/", form, expect=(302,))),
        Scenario("one-INSERT view", None, lambda n: Request(
            "POST", "/bench/baseline/insert/", {})),
        Scenario("bare list of 100 with a count", None,
                 lambda n: Request("GET", "/bench/baseline/rows/")),
        Scenario("bare filtered list", None,
                 lambda n: Request("GET", "/bench/baseline/rows/?value=3")),
        Scenario("bare list, page 50", None,
                 lambda n: Request("GET", "/bench/baseline/rows/?page=50")),
    ]


def run_size(size: int, *, seconds: float, rounds: int, concurrency: int) -> str:
    print(f"\n== {size} submitted intakes ==", flush=True)
    manage("seed_to", str(size))
    calls = int(rounds * seconds * 80) + 200  # submits needed, with room to spare
    fx = _fixtures(calls)
    port = free_port()
    running = server(port)
    try:
        for key, filters in (("staff_session", None),
                             ("filtered_session", {"status": "in-review", "tier": "possible"}),
                             ("searched_session", {"q": "Silva"})):
            fx[key] = staff_login(port, "bench.clinician@example.org")
            if filters:
                queue_filters(port, fx[key], filters)
        by_name = {s.name: s for s in scenarios(fx)}
        pairs = [s for s in by_name.values() if s.baseline or s.name == "stats page"]
        results: dict[str, list[Result]] = {}
        for number in range(rounds):
            for scenario in pairs:
                for one in (scenario, by_name.get(scenario.baseline or "")):
                    if one is None:
                        continue
                    result = drive(port, one, seconds, concurrency)
                    results.setdefault(one.name, []).append(result)
            print(f"round {number + 1}/{rounds} done", flush=True)
    finally:
        running.stop()
    return table(size, pairs, by_name, results)


def table(size: int, pairs: list[Scenario], by_name: dict[str, Scenario],
          results: dict[str, list[Result]]) -> str:
    lines = [f"### {size:,} submitted intakes", "",
             "| scenario | req/s | p50 ms | p95 ms | p99 ms | queries | baseline req/s | "
             "ratio | errors |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for scenario in pairs:
        runs = results[scenario.name]
        merged = Result([t for r in runs for t in r.latencies], sum(r.seconds for r in runs),
                        [q for r in runs for q in r.queries],
                        [e for r in runs for e in r.unexpected])
        base_runs = results.get(scenario.baseline or "", [])
        ratios = [a.rps / b.rps for a, b in zip(runs, base_runs, strict=False) if b.rps]
        base_rps = statistics.median(r.rps for r in base_runs) if base_runs else None
        queries = statistics.median(merged.queries) if merged.queries else -1
        lines.append(
            f"| {scenario.name} | {statistics.median(r.rps for r in runs):.1f} | "
            f"{merged.pct(0.5):.0f} | {merged.pct(0.95):.0f} | {merged.pct(0.99):.0f} | "
            f"{queries:g} | {f'{base_rps:.1f}' if base_rps else '—'} | "
            f"{f'{statistics.median(ratios):.2f}x' if ratios else '—'} | "
            f"{len(merged.unexpected)} |")
        for error in sorted(set(merged.unexpected))[:3]:
            print(f"  {scenario.name}: {error}", file=sys.stderr)
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def machine() -> str:
    cpus = os.cpu_count()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return (f"{platform.node()}: {cpus} CPUs, Python {platform.python_version()}, "
            f"{date.today()}; load average at the end {load} (anything else running on the "
            "machine lowers every rate)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=WORKERS)
    parser.add_argument("--results", default=str(Path(__file__).with_name("RESULTS.md")))
    args = parser.parse_args()
    prepare()
    tables = [run_size(int(size), seconds=args.seconds, rounds=args.rounds,
                       concurrency=args.concurrency) for size in args.sizes.split(",")]
    command = " ".join(["python -m bench.run", *sys.argv[1:]])
    results = Path(args.results)
    previous = results.read_text() if results.exists() else ""
    kept = previous[previous.index(MARKER):] if MARKER in previous else ""  # the load test's
    results.write_text(results_page(command, tables) + kept)


TARGETS = """## Targets

Ratios within one run, 4 sync workers (issue 14):

| scenario | target |
| --- | --- |
| step GET | >= 1.0x the 20-field form GET |
| step POST | >= 0.5x the 20-field form POST |
| final submit (validate, score, store, enqueue emails) | >= 0.25x the one-INSERT view |
| queue over 100,000 intakes, filtered | >= 0.7x the bare list, <= 6 queries, flat in size |
| intake page | <= 12 queries whatever the number of answers |
| stats page | <= 7 queries, under 200 ms at 100,000 |
"""


def results_page(command: str, tables: list[str]) -> str:
    return "\n\n".join([
        "# Benchmark results", f"`{command}` on {machine()}. The ratios come from "
        "interleaved rounds, and suffer less from a busy machine than the rates.", TARGETS,
        "## Latest run", *tables, ""])


if __name__ == "__main__":
    random.seed(0)
    main()
