"""The strict spec (loaded once per session) and a recording simulator."""

from __future__ import annotations

import pytest

from simulator.openapi import SPEC_PATH, StrictSpec


@pytest.fixture(scope="session")
def spec() -> StrictSpec:
    assert SPEC_PATH.exists(), f"Allegro's OpenAPI spec subset is expected at {SPEC_PATH}"
    return StrictSpec()
