"""Loading the product catalog (``plugin.catalog_csv``: the same CSV the simulator takes) into the embedded shop."""

from __future__ import annotations

from collections.abc import Iterable

from plugin.catalog_csv import Product, read_catalog
from plugin.shop.sqlite import SqliteShop
from plugin.store.sync_store import SyncStore

__all__ = ["Product", "load_catalog", "read_catalog"]


def load_catalog(store: SyncStore, shop: SqliteShop, products: Iterable[Product]) -> int:
    """Insert or update every product in one transaction of the store the shop lives in; returns how many."""
    count = 0
    with store.transaction():
        for product in products:
            shop.upsert_product(product.code, product.name, product.stock, product.price)
            count += 1
    return count
