"""Fixtures for the email tests: a manifest, an in-memory outbox, a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from plugin.manifest.model import Manifest
from plugin.testing.outbox import memory_outbox

from .helpers import RecordingHandler, free_port, make_manifest


@pytest.fixture
def manifest(tmp_path: Path) -> Manifest:
    return make_manifest(tmp_path)


@pytest.fixture
def conn() -> Iterator[Any]:
    connection = memory_outbox()
    yield connection
    connection.close()


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, RecordingHandler]]:
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()
