"""A demo shop pointed at a running simulator, or at a port where nothing answers (Allegro unreachable)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET, DemoFiles
from tests.sync.simulated import demo_shop, shop_folder, simulator_fixture

__all__ = ["demo_shop", "simulator", "variant"]  # fixtures pytest finds here, and the helper tests import


@pytest.fixture(autouse=True)
def _demo_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, SIMULATOR_SECRET)


simulator = simulator_fixture(orders=12, seed=5)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def offline_shop(tmp_path: Path) -> DemoFiles:
    """A shop whose Allegro never answers (a loopback port nobody listens on)."""
    return shop_folder(tmp_path / "offline", f"http://127.0.0.1:{closed_port()}")[0]


def variant(files: DemoFiles, name: str, *changes: tuple[str, str], extra: str = "") -> Path:
    """A copy of the demo manifest with settings changed (same folder: relative paths still hold)."""
    text = files.manifest.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = files.folder / name
    path.write_text(text + extra, encoding="utf-8")
    return path
