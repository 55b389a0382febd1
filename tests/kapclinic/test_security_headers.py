"""Headers for health data, a 400 (never a 500) for a body we cannot read, and a deploy
check with production settings that gives no warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_staff_pages_and_exports_are_never_stored(client, clinician):
    intake = factories.submitted_intake()
    factories.staff_login(client, clinician)
    for url in (reverse("review:queue"), reverse("review:intake", args=[intake.pk]),
                reverse("review:intake-fhir", args=[intake.pk]), reverse("login")):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def test_every_page_switches_off_camera_microphone_and_location(client):
    policy = client.get(reverse("home"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


@pytest.mark.parametrize("url", ["intake:start", "login", "intake:resume-request"])
def test_a_form_body_in_another_charset_is_a_400_page_not_a_500(client, url):
    response = client.post(reverse(url), data="email=a%40example.org",
                           content_type="application/x-www-form-urlencoded; charset=utf-16")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert response["Permissions-Policy"]  # our headers on it too


def test_a_form_body_in_utf8_is_read(client):
    response = client.post(reverse("intake:resume-request"), data="email=a%40example.org",
                           content_type="application/x-www-form-urlencoded; charset=UTF-8")
    assert response.status_code == 200


def test_check_deploy_with_production_settings_gives_no_warning():
    # As production runs it: not with the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
           "AUDIT_CHAIN_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "intake.example.org", "EMAIL_URL": "console://",
           "SITE_URL": "https://intake.example.org"}
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_admin_runs_under_the_strict_policy_too(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "no-store" in response["Cache-Control"]


def test_gunicorn_sends_no_server_banner():
    """The production server, started as the README says, on this test's database."""
    from django.db import connection

    from tests.outbox.smtp import free_port

    params = connection.get_connection_params()
    url = (f"postgresql://{connection.settings_dict['USER']}@/"
           f"{connection.settings_dict['NAME']}?host={params['host']}&port={params['port']}")
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
           "AUDIT_CHAIN_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "intake.example.org", "EMAIL_URL": "console://",
           "SITE_URL": "https://intake.example.org", "DATABASE_URL": url}
    server = subprocess.Popen(  # noqa: S603 - our own server
        [sys.executable, "-m", "gunicorn", "kapclinic.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1"], cwd=Path(__file__).resolve().parents[2], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        import http.client
        import time

        # gunicorn's master listens before its worker has loaded the app: a request may be
        # refused, or accepted and left waiting while a busy machine imports Django.
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/staff/keepalive/", headers={
                    "Host": "intake.example.org", "X-Forwarded-Proto": "https"})
                response = conn.getresponse()
                break
            except OSError:  # refused, or no answer in time
                if server.poll() is not None:
                    raise AssertionError(server.stderr.read().decode()) from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        headers = {k.lower(): v for k, v in response.getheaders()}
        assert response.status == 302  # to the login page
        assert "server" not in headers
        assert headers["strict-transport-security"] == \
            "max-age=31536000; includeSubDomains; preload"
        assert "no-store" in headers["cache-control"]
    finally:
        server.terminate()
        server.wait(timeout=10)
