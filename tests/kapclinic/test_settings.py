"""Settings read from the environment fail loudly on bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kapclinic.embedded_postgres.server import EmbeddedPostgresError, ensure_running
from kapclinic.env import env_bool, env_list
from tests import factories


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", default=True) is False


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG", default=False)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example.org, b.example.org,")
    assert env_list("X_HOSTS", []) == ["a.example.org", "b.example.org"]


def test_embedded_server_failure_says_why_and_what_to_do(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    with pytest.raises(EmbeddedPostgresError) as raised:
        ensure_running(blocker / "postgres")
    message = str(raised.value)
    assert "could not start" in message
    assert "DATABASE_URL" in message


def _settings_in_subprocess(env_overrides: dict[str, str], expression: str):
    """Import the settings fresh in another process, with exactly this environment."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL",
                        "SITE_URL", "AUDIT_CHAIN_KEY"}}
    env |= {"DJANGO_SETTINGS_MODULE": "kapclinic.settings", **env_overrides}
    code = f"from django.conf import settings; print({expression})"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60)


def test_database_url_selects_an_external_postgresql():
    result = _settings_in_subprocess(
        {"DEBUG": "true", "DATABASE_URL": "postgresql://kap:pw@db.internal:5433/kapclinic"},
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "settings.DATABASES['default']['PORT']",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql kapclinic 5433"


def test_without_database_url_the_embedded_server_is_used():
    result = _settings_in_subprocess(
        {"DEBUG": "true"}, "settings.DATABASES['default']['ENGINE']"
    )
    assert result.stdout.strip() == "kapclinic.embedded_postgres"


def test_django_queries_go_through_psycopg2_and_the_worker_keeps_psycopg_3(db):
    """psycopg 3 is installed for the queue worker's pool; Django would take it if let."""
    import psycopg
    import psycopg2
    from django.db import connection

    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, psycopg2.extensions.cursor)
    assert isinstance(connection.connection, psycopg2.extensions.connection)
    assert psycopg.__version__.startswith("3.")  # still importable for the worker


def test_a_django_backend_already_loaded_on_psycopg_3_is_refused():
    import subprocess
    import sys

    code = ("import django.db.backends.postgresql.base\n"
            "from kapclinic.driver import use_psycopg2\n"
            "use_psycopg2()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    assert "must run on psycopg2" in result.stderr


def test_a_database_url_that_is_not_postgresql_is_refused():
    result = _settings_in_subprocess(
        {"DEBUG": "true", "DATABASE_URL": "sqlite:///db.sqlite3"}, "settings.DATABASES"
    )
    assert result.returncode != 0
    assert "DATABASE_URL must be a postgres" in result.stderr


PRODUCTION = {"SECRET_KEY": "x" * 50, "AUDIT_CHAIN_KEY": "y" * 50,
              "ALLOWED_HOSTS": "intake.example.org",
              "EMAIL_URL": "smtp+tls://relay.example.org", "SITE_URL": "https://intake.example.org"}


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _settings_in_subprocess(env, "settings.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("missing", ["ALLOWED_HOSTS", "EMAIL_URL", "SITE_URL",
                                     "AUDIT_CHAIN_KEY"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _settings_in_subprocess(env, "settings.DEBUG")
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_production_starts_with_everything_set():
    result = _settings_in_subprocess(PRODUCTION, "settings.SITE_URL")
    assert result.stdout.strip() == "https://intake.example.org", result.stderr


def test_production_settings_are_secure():
    result = _settings_in_subprocess(
        PRODUCTION,
        "settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT, "
        "settings.SECURE_HSTS_SECONDS > 0",
    )
    assert result.stdout.strip() == "False True True True"


def test_email_defaults_to_the_console():
    from kapclinic.env import email_settings

    assert email_settings(None)["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_email_url_configures_smtp_with_tls_and_decoded_credentials():
    from kapclinic.env import email_settings

    config = email_settings("smtp+tls://intake%40clinic.org:p%40ss%3Aword@mail.example.org")
    assert config["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.example.org", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == (
        "intake@clinic.org", "p@ss:word")
    assert config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]
    assert email_settings("smtps://mail.example.org:2465")["EMAIL_PORT"] == 2465


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "smtp://h:port"])
def test_a_bad_email_url_stops_start_up(url):
    from kapclinic.env import email_settings

    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings(url)


def test_email_url_reaches_the_settings():
    result = _settings_in_subprocess(
        {"DEBUG": "true", "EMAIL_URL": "smtp://relay.internal:2525"},
        "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT",
    )
    assert result.stdout.strip() == (
        "django.core.mail.backends.smtp.EmailBackend relay.internal 2525")


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    header = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in header and "style-src 'self'" in header
    assert "unsafe-inline" not in header and "frame-ancestors 'none'" in header


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged first entry is skipped
        (2, "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "10.0.0.2", "127.0.0.1"),  # fewer hops than proxies: trust nothing
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, client, clinician,
                                                   submitted_intake, count, forwarded,
                                                   expected):
    from django.urls import reverse

    from audit.models import AuditEvent

    settings.TRUSTED_PROXY_COUNT = count
    factories.staff_login(client, clinician)
    client.get(reverse("review:intake", args=[submitted_intake.pk]),
               HTTP_X_FORWARDED_FOR=forwarded)
    assert AuditEvent.objects.get(action="view").ip_address == expected


def test_env_int_refuses_nonsense(monkeypatch):
    from kapclinic.env import env_int

    monkeypatch.setenv("X_COUNT", "two")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_COUNT", 0)


@pytest.mark.django_db
def test_a_kept_connection_the_database_closed_is_replaced_before_the_next_request():
    """With DATABASE_URL, connections are kept between requests; after a database restart
    each is dead, and the next request (or queue job) must reconnect, not fail on it."""
    from tests.database import database_url

    script = (
        "import django; django.setup()\n"
        "from django.core.signals import request_finished, request_started\n"
        "from django.db import connection\n"
        "def backend():\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('SELECT pg_backend_pid()'); return c.fetchone()[0]\n"
        "request_started.send(None)\n"
        "pid = backend()\n"
        "request_finished.send(None)\n"
        "other = connection.get_new_connection(connection.get_connection_params())\n"
        "other.autocommit = True\n"
        "other.cursor().execute('SELECT pg_terminate_backend(%s)', [pid]); other.close()\n"
        "request_started.send(None)\n"
        "print('reconnected' if backend() != pid else 'same')\n"
    )
    result = _settings_in_subprocess({"DEBUG": "true", "DATABASE_URL": database_url()},
                                     f"exec({script!r})")
    assert result.returncode == 0, result.stderr[-500:]
    assert "reconnected" in result.stdout
