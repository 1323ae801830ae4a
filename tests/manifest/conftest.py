"""Shared fixtures: the environment the corpus and examples read (``${ALLEGRO_CLIENT_ID}`` …)."""

import pytest

TEST_ENV = {
    "ALLEGRO_CLIENT_ID": "ci-client-id",
    "ALLEGRO_CLIENT_SECRET": "ci-client-secret",
    "SMTP_PASSWORD": "ci-smtp-password",
    "SHOPER_SECRET": "ci-shoper-secret",
    "SHOPER_TOKEN": "ci-shoper-token",
}


@pytest.fixture
def manifest_env(monkeypatch, tmp_path):
    """Set the corpus' variables in ``os.environ`` (for the CLI) and return them (for ``env=``)."""
    env = {**TEST_ENV, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ALLEGRO_SYNC_TEST_UNSET_VARIABLE", raising=False)
    return env
