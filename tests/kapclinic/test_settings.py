"""Settings read from the environment fail loudly on bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kapclinic.embedded_postgres.server import EmbeddedPostgresError, ensure_running
from kapclinic.env import env_bool, env_list


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
