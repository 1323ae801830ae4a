"""Fixtures for acceptance tests: a simulator on a free loopback port and a demo shop folder beside it."""

from __future__ import annotations

from tests.sync.simulated import demo_shop, simulator_fixture

__all__ = ["demo_shop", "simulator"]  # the fixtures pytest finds here: ``simulator`` and ``shop``

simulator = simulator_fixture(orders=8, seed=3)
