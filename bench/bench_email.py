"""Submit and pause times with the mail server refusing, silent, or not used at all.

Run with `make bench`. Prints a table; asserts only that nothing talked to the mail server.
"""

import os
import statistics
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from clinic.models import ClinicProfile
from screening.examples import likely_answers
from tests import factories
from tests.outbox.smtp import SilentServer, free_port

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
URGENT = likely_answers({"phq-9": {"44260-8": "LA6570-1"}})


def _timed(client, draft, url, data, address):
    factories.in_session(client, draft)
    start = time.perf_counter()
    # Each round from its own address: the per-address limit on emails would refuse more.
    response = client.post(url, data, REMOTE_ADDR=address)
    elapsed = time.perf_counter() - start
    assert response.status_code in (200, 302)
    return elapsed


def _address(n):
    return f"2001:db8::{abs(hash(n)) % 65536:x}"


def _round(client, n):
    submit = _timed(client, factories.draft_intake(email=f"s{n}@example.org", answers=URGENT),
                    reverse("intake:review"), {}, _address(n))
    pause = _timed(client, factories.draft_intake(email=f"p{n}@example.org"),
                   reverse("intake:pause"), {"email": f"p{n}@example.org"}, _address(n))
    return submit, pause


@pytest.mark.django_db(transaction=True)
def test_submit_and_pause_times(client, committed_clinic_defaults, clinician, capsys):
    ClinicProfile.objects.filter(pk=1).update(email="clinic@example.org")
    rows = []
    with SilentServer() as silent:
        for name, port in (("console (no mail server)", None), ("refusing", free_port()),
                           ("silent", silent.port)):
            settings = ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
                        if port is None else
                        {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                         "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": port, "EMAIL_TIMEOUT": 10})
            with override_settings(**settings):
                _round(client, f"warm-{name}")  # first request of a kind warms caches
                times = [_round(client, f"{name}-{n}") for n in range(ROUNDS)]
            submits, pauses = zip(*times, strict=True)
            rows.append((name, statistics.median(submits), max(submits),
                         statistics.median(pauses), max(pauses)))
        assert silent.connections == 0
    with capsys.disabled():
        print(f"\nSubmit (urgent: 3 emails) and pause (1 email), {ROUNDS} rounds each, ms")
        print(f"{'mail server':26} {'submit p50':>10} {'max':>7} {'pause p50':>10} {'max':>7}")
        for name, s50, smax, p50, pmax in rows:
            print(f"{name:26} {s50 * 1000:10.0f} {smax * 1000:7.0f} "
                  f"{p50 * 1000:10.0f} {pmax * 1000:7.0f}")
