"""Fixtures: the Allegro simulator (module-wide) and a fresh local Shoper per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plugin.shoper_simulator.server import RunningShoper, start_shoper_simulator
from plugin.simulator.server import RunningSimulator, start_simulator
from tests.shoper_backend.shop_setup import PRODUCTS


@pytest.fixture(scope="module")
def allegro() -> Iterator[RunningSimulator]:
    with start_simulator(products=list(PRODUCTS), orders=40, archived=0, seed=5) as running:
        yield running


@pytest.fixture
def shoper() -> Iterator[RunningShoper]:
    with start_shoper_simulator(products=list(PRODUCTS), bucket_size=100_000, drain=100_000) as running:
        yield running
