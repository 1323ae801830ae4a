"""Manifests built by hand (the loader is tested elsewhere) and a shop with a small catalog."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from plugin.manifest.model import (
    ArchivedOrdersEmailPolicy,
    Manifest,
    Mapping,
    SqliteBackend,
    SyncOptions,
)
from plugin.shop.sqlite import SqliteShop
from plugin.store.location import embedded_place
from plugin.store.open_store import copy_store_at, open_store_at
from plugin.sync.cursor_state import SyncState, event_order
from plugin.sync.engine import sync_once
from plugin.sync.report import SyncReport
from plugin.sync.unit_of_work import UnitOfWork
from plugin.testing.fixtures import local_email, local_manifest

CATALOG: dict[str, int] = {"SKU-1": 50, "SKU-2": 50, "SKU-3": 5, "SET-A": 20, "SET-B": 20}
CODES = list(CATALOG)


def make_manifest(
    folder: Path,
    *,
    api_url: str = "http://127.0.0.1:9",
    since: date | None = None,
    archived_send: bool = False,
    archived_max: int | None = None,
    mapping: Mapping | None = None,
    **sync: Any,
) -> Manifest:
    options = {"send_confirmation_email": True, "register_customers": True, **sync}
    return local_manifest(
        folder,
        sync=SyncOptions(**options),
        email=local_email(folder, archived_orders=ArchivedOrdersEmailPolicy(send=archived_send, max=archived_max)),
        mapping=mapping,
        api_url=api_url,
        connected_since=since,
    )


def with_sync(manifest: Manifest, **sync: Any) -> Manifest:
    return dataclasses.replace(manifest, sync=dataclasses.replace(manifest.sync, **sync))


class Embedded(UnitOfWork):
    """The engine's unit of work on one embedded shop.db, with what tests look at: the shop port's and the
    store's methods by name, the file's connection and path."""

    shop: SqliteShop

    def __getattr__(self, name: str) -> Any:
        for part in (self.shop, self.store):
            if hasattr(part, name):
                return getattr(part, name)
        raise AttributeError(name)

    @property
    def conn(self) -> Any:
        return self.store.conn

    @property
    def path(self) -> Path:
        return self.store.path

    def stock_levels(self) -> dict[str, int]:
        return {product.code: product.stock for product in self.shop.products()}


def open_embedded(path: Path, *, create: bool = False) -> Embedded:
    store = open_store_at(embedded_place(path), create=create)
    return Embedded(SqliteShop(store.conn, store.path), store)


def copy_embedded(path: Path) -> Embedded:
    """What ``plan`` works on: an in-memory copy of the file."""
    store = copy_store_at(embedded_place(path))
    return Embedded(SqliteShop(store.conn, store.path), store)


def plan_once(manifest: Manifest, shop: Embedded, source: Any) -> SyncReport:
    """``plan``: the same pass on a throw-away copy of the shop file."""
    copy = copy_embedded(shop.path)
    try:
        return sync_once(manifest, copy, source)
    finally:
        copy.close()


def make_shop(manifest: Manifest, catalog: dict[str, int] = CATALOG) -> Embedded:
    assert isinstance(manifest.shop.backend, SqliteBackend)
    shop = open_embedded(manifest.shop.backend.path, create=True)
    with shop.store.transaction():
        for code, stock in catalog.items():
            shop.shop.upsert_product(code, f"Produkt {code}", stock, Decimal("10.00"))
    return shop


def shop_snapshot(shop: Embedded) -> dict[str, Any]:
    """Everything a clean run decides, without ids and times that legitimately differ between runs."""
    q = shop.conn.execute
    return {
        "products": sorted(q("SELECT code, stock FROM products")),
        "orders": sorted(
            q(
                "SELECT allegro_checkout_form_id, status, archival, flags, total, buyer_id,"
                " (SELECT allegro_buyer_id FROM customers c WHERE c.id = o.customer_id) FROM orders o"
            )
        ),
        "items": sorted(
            q(
                "SELECT o.allegro_checkout_form_id, i.line_item_id, i.product_code, i.quantity, i.unmapped"
                " FROM order_items i JOIN orders o ON o.id = i.order_id"
            )
        ),
        "customers": sorted(q("SELECT allegro_buyer_id, email FROM customers")),
        "outbox": sorted(q("SELECT message_id, template, recipient, archival FROM outbox")),
    }


class Crash(BaseException):
    """The process dying mid-run: not an ``Exception``, so nothing quarantines it."""


@contextmanager
def dies_in(handler: str, after: int) -> Iterator[None]:
    """Within the block, handler ``handler`` runs ``after`` times, then the 'process dies' (``Crash``)."""
    from plugin.sync.handlers import HANDLERS

    real = HANDLERS[handler]
    calls = {"n": 0}

    def dying(ctx) -> None:
        if calls["n"] == after:
            raise Crash
        calls["n"] += 1
        return real(ctx)

    HANDLERS[handler] = dying
    try:
        yield
    except Crash:
        pass
    finally:
        HANDLERS[handler] = real


def cursor_moved_forward(shop: Embedded, previous: str | None) -> str | None:
    """The shop's event cursor, asserting it never went back from ``previous``."""
    cursor = SyncState.from_json(shop.store.load_state_json()).cursor
    if previous is not None:
        assert cursor is not None and event_order(cursor) >= event_order(previous)
    return cursor
