"""Open the outbox of the manifest's shop: the ``outbox`` table lives in the embedded SQLite shop."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from plugin.emails.outbox import ensure_schema
from plugin.exceptions import EmailError
from plugin.manifest.model import Manifest, SqliteBackend


@contextmanager
def open_outbox(manifest: Manifest) -> Iterator[sqlite3.Connection]:
    """A connection to the shop database holding the outbox, closed on exit."""
    backend = manifest.shop.backend
    if not isinstance(backend, SqliteBackend):
        raise EmailError(
            f"emails preview/send read the outbox of the embedded SQLite shop; shop.backend.type is {backend.type!r}. "
            "Use shop.backend.type: sqlite, or deliver from the engine (it calls deliver_pending after each run)"
        )
    if not backend.path.exists():
        raise EmailError(f"shop database {backend.path} does not exist; run `allegro-sync run` (or `shop init`) first")
    conn = sqlite3.connect(backend.path, timeout=30)
    try:
        ensure_schema(conn)
        yield conn
    finally:
        conn.close()
