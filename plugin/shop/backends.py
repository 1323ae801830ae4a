"""Shop backends by ``shop.backend.type``, like the email transports' ``OPENERS``: adding one is adding a row.

An opener gets the manifest and the opened sync store (a backend keeps its recovery points there; the embedded
shop even lives in the store's file) and answers a ``ShopPort``.
"""

from __future__ import annotations

from collections.abc import Callable

from plugin.exceptions import ShopError
from plugin.manifest.model import Manifest
from plugin.shop.port import ShopPort
from plugin.shop.sqlite import SqliteShop
from plugin.store.sync_store import SyncStore

Opener = Callable[[Manifest, SyncStore], ShopPort]


def _embedded(manifest: Manifest, store: SyncStore) -> ShopPort:
    return SqliteShop(store.conn, store.path)


def _shoper(manifest: Manifest, store: SyncStore) -> ShopPort:
    from plugin.shop.shoper import open_shoper

    return open_shoper(manifest, store)


OPENERS: dict[str, Opener] = {"sqlite": _embedded, "shoper": _shoper}


def open_shop(manifest: Manifest, store: SyncStore) -> ShopPort:
    """The shop the manifest names, on ``store`` (``plugin.store.open_store`` or ``copy_store`` for ``plan``)."""
    kind = manifest.shop.backend.type
    opener = OPENERS.get(kind)
    if opener is None:
        raise ShopError(f"shop.backend.type {kind!r} is not known; use one of: {', '.join(sorted(OPENERS))}")
    return opener(manifest, store)


def embedded_only(manifest: Manifest) -> None:
    """``shop init`` makes the embedded shop; another backend is refused by name before anything is created."""
    kind = manifest.shop.backend.type
    if kind != "sqlite":
        raise ShopError(
            f"`shop init` creates the embedded SQLite shop; shop.backend.type is {kind!r}, whose products live in "
            "that shop already. Run `allegro-sync run MANIFEST` to synchronise it."
        )


def open_embedded(manifest: Manifest, store: SyncStore) -> SqliteShop:
    """The embedded shop itself, with what only it has (``upsert_product`` for the catalogue)."""
    embedded_only(manifest)
    return SqliteShop(store.conn, store.path)
