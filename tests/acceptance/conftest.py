"""Fixtures for acceptance tests: a simulator on a free loopback port and a demo shop folder beside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from plugin.simulator.seller_catalog import catalog_from
from plugin.simulator.server import RunningSimulator, start_simulator
from plugin.sync.demo import DemoFiles, build_demo


@pytest.fixture
def simulator() -> Iterator[RunningSimulator]:
    with start_simulator(products=list(catalog_from(None)), orders=8, seed=3) as running:
        yield running


@pytest.fixture
def shop(tmp_path: Path, simulator: RunningSimulator) -> DemoFiles:
    """A demo folder (manifest, catalog, SQLite shop) pointed at the running simulator."""
    files, _ = build_demo(tmp_path / "sklep", simulator.url, catalog_from(None))
    return files
