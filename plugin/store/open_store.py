"""Opening a manifest's sync store: for writing (``run``, ``quarantine``, ``emails send``), or as a throw-away
in-memory copy (``plan``, which must write nothing, and works on a read-only file or folder)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from plugin.exceptions import ShopError
from plugin.manifest.model import Manifest
from plugin.store.location import StorePlace, store_place
from plugin.store.migrate import apply_steps
from plugin.store.sqlite_file import connect_copy, connect_for_writing, create_private, locked, unusable
from plugin.store.sync_store import SyncStore


def _missing(place: StorePlace) -> ShopError:
    return ShopError(
        f"{place.path}: {place.label} does not exist. Create it with "
        f"`allegro-sync shop init MANIFEST --products catalog.csv`."
    )


def open_store(manifest: Manifest, *, create: bool = False) -> SyncStore:
    """The store for writing. ``create``: make the file if missing (``shop init``); a store that is not the
    shop's own file is made by the first run anyway."""
    return open_store_at(store_place(manifest), create=create)


def open_store_at(place: StorePlace, *, create: bool = False) -> SyncStore:
    """``open_store`` for a place given directly (tests, tools working on one file)."""
    existed = place.path.exists()
    if not existed:
        if not (create or place.made_by_run):
            raise _missing(place)
        create_private(place.path, place.label, place.setting)
    conn = connect_for_writing(place.path, place.label, place.setting)
    return _with_steps(conn, place, announce=existed)


def copy_store(manifest: Manifest) -> SyncStore:
    """An in-memory copy of the store (nothing is ever written to the file); an empty one when the store of a
    REST shop does not exist yet (its first run would start from nothing too)."""
    return copy_store_at(store_place(manifest))


def copy_store_at(place: StorePlace) -> SyncStore:
    """``copy_store`` for a place given directly."""
    if place.path.exists():
        conn = connect_copy(place.path, place.label, place.setting)
    elif place.made_by_run:
        conn = sqlite3.connect(":memory:", isolation_level=None)
    else:
        raise _missing(place)
    return _with_steps(conn, place, announce=False)


def _with_steps(conn: sqlite3.Connection, place: StorePlace, *, announce: bool) -> SyncStore:
    try:
        had_tables = bool(conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone())
        applied = apply_steps(conn)
    except sqlite3.DatabaseError as exc:  # random bytes, a truncated file, a folder, a read-only file
        conn.close()
        raise ShopError(unusable(place.path, place.label, place.setting, exc)) from None
    migrated = applied if announce and had_tables else []
    return SyncStore(conn, place.path, place.label, migrated=migrated)


@contextmanager
def opened_store(manifest: Manifest, *, copy: bool = False) -> Iterator[SyncStore]:
    """The store for a command (``copy``: read-only, in memory), closed on exit; a write lock another program
    holds past the busy timeout becomes a one-line ``ShopError`` naming the file."""
    store = copy_store(manifest) if copy else open_store(manifest)
    try:
        try:
            yield store
        except sqlite3.OperationalError as exc:
            if not locked(exc):
                raise
            place = store_place(manifest)
            raise ShopError(unusable(place.path, place.label, place.setting, exc)) from None
    finally:
        store.close()
