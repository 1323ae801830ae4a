"""A running simulator and a manifest pointing at it, for the client's tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from plugin.allegro.retry import FAST
from plugin.manifest.model import (
    AllegroConfig,
    Manifest,
    Mapping,
    ShopConfig,
    SqliteBackend,
    SyncOptions,
)
from plugin.simulator import RunningSimulator, start_simulator


def manifest_for(
    url: str, token_file: Path, *, environment: str = "local", client_id: str = "local-client"
) -> Manifest:
    return Manifest(
        version=1,
        shop=ShopConfig(name="Sklep Testowy", url="https://sklep.example.pl", backend=SqliteBackend(Path("shop.db"))),
        allegro=AllegroConfig(
            environment=environment,  # type: ignore[arg-type]
            client_id=client_id,
            client_secret="local-secret",
            connected_since=date(2026, 1, 1),
            api_url=url,
            auth_url=url,
            token_file=token_file,
        ),
        location=None,
        sync=SyncOptions(),
        email=None,
        mapping=Mapping(),
    )


@pytest.fixture(scope="module")
def sim() -> RunningSimulator:
    with start_simulator(orders=300, archived=60, seed=7) as running:
        yield running


@pytest.fixture
def manifest(sim: RunningSimulator, tmp_path: Path) -> Manifest:
    sim.state.set_faults(reset=True)
    return manifest_for(sim.url, tmp_path / "allegro-tokens.json")


@pytest.fixture
def client(manifest: Manifest):
    from plugin.allegro import open_client

    return open_client(manifest, policy=FAST)
