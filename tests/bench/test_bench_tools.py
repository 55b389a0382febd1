"""The benchmarks' own tools: the seed makes what the app would have made, and the login
that skips the second step exists only in the benchmarks' settings, on loopback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from audit.chain import breaks
from audit.models import AuditEvent
from bench.seed import seed
from intake.models import Intake, QuestionnaireResponse, StatusChange

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_seed_makes_whole_submitted_intakes_with_an_unbroken_audit_trail():
    added = seed(40, progress=lambda *args: None)
    seeded = Intake.objects.filter(email__startswith="seed-")
    assert seeded.count() == added["intake_intake"] == 40
    assert not seeded.filter(assessment__isnull=True).exists()
    assert not seeded.filter(client__isnull=True).exists()
    assert not seeded.filter(consent__isnull=True).exists()
    template = Intake.objects.exclude(email__startswith="seed-").exclude(
        status="draft").first()
    copied = seeded.first()
    assert QuestionnaireResponse.objects.filter(intake=copied).count() == \
        QuestionnaireResponse.objects.filter(intake=template).count()
    # Every seeded intake was sent (a status row from draft), and its status is its last move.
    for intake in seeded:
        moves = list(StatusChange.objects.filter(intake=intake).order_by("at"))
        assert moves[0].from_status == "draft" and moves[-1].to_status == intake.status
    assert list(breaks(AuditEvent.objects.order_by("id"))) == []
    call_command("verify_audit")


def test_the_apps_own_urls_have_no_login_without_its_second_step():
    with pytest.raises(Resolver404):
        resolve("/bench/login/")


def test_the_benchmarks_settings_refuse_any_host_but_loopback():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "true",
           "ALLOWED_HOSTS": "clinic.example.org"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "loopback hosts only" in done.stderr
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
