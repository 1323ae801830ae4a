"""Open the outbox of the manifest's shop: the ``outbox`` table lives in the embedded SQLite shop."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from plugin.emails.outbox import ensure_schema
from plugin.exceptions import EmailError, ShopError
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
        raise ShopError(f"shop database {backend.path} does not exist; run `allegro-sync run` (or `shop init`) first")
    try:
        conn = sqlite3.connect(backend.path, timeout=30)
    except sqlite3.DatabaseError as exc:  # a folder, or a path SQLite cannot open
        raise ShopError(_unusable(backend.path, exc)) from None
    try:
        try:
            ensure_schema(conn)
        except sqlite3.DatabaseError as exc:  # random bytes, a truncated file, a folder
            raise ShopError(_unusable(backend.path, exc)) from None
        try:
            yield conn
        except sqlite3.OperationalError as exc:
            if not _locked(exc):
                raise
            raise ShopError(_unusable(backend.path, exc)) from None
    finally:
        conn.close()


def _locked(exc: sqlite3.DatabaseError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _unusable(path: object, exc: sqlite3.DatabaseError) -> str:
    if _locked(exc):
        return (
            f"{path}: another program keeps the shop database locked for writing ({exc}); close it "
            "(a database browser, a backup, a running `allegro-sync run`) and send again"
        )
    return (
        f"{path}: not a usable SQLite shop database ({exc}); check shop.backend.path, "
        "or restore it from a backup (or move it away; `allegro-sync shop init MANIFEST` starts a new one)"
    )
