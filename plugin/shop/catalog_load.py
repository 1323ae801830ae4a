"""Loading the product catalog (``plugin.catalog_csv``: the same CSV the simulator takes) into the embedded shop.

Loading again refreshes names and prices and adds new products, but never touches the stock of a product the
shop already has (sales have moved it since): only ``reset_stock`` does, and every stock it sets is recorded in
``stock_corrections`` like ``shop stock`` does, so the audit (corrections + order moves = stock) still adds up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plugin.catalog_csv import Product, read_catalog
from plugin.shop.sqlite import SqliteShop
from plugin.store.operations import record_correction
from plugin.store.sync_store import SyncStore

__all__ = ["CatalogLoad", "Product", "load_catalog", "read_catalog"]


@dataclass(frozen=True)
class CatalogLoad:
    added: int  # new products, with the catalogue's stock
    refreshed: int  # products the shop had: name and price from the catalogue, stock kept
    stock_reset: int  # of those, products whose stock ``reset_stock`` set to the catalogue's

    @property
    def loaded(self) -> int:
        return self.added + self.refreshed


def load_catalog(
    store: SyncStore, shop: SqliteShop, products: Iterable[Product], *, reset_stock: bool = False
) -> CatalogLoad:
    """Add and refresh every product in one transaction of the store the shop lives in."""
    added = refreshed = reset = 0
    with store.transaction():
        stock = {p.code: p.stock for p in shop.products()}
        for product in products:
            before = stock.get(product.code)
            if before is None:
                shop.upsert_product(product.code, product.name, product.stock, product.price)
                record_correction(store, product.code, None, product.stock, reason="catalogue", source="shop init")
                stock[product.code] = product.stock
                added += 1
                continue
            shop.refresh_product(product.code, product.name, product.price)
            refreshed += 1
            if reset_stock and before != product.stock:
                shop.set_stock(product.code, product.stock, "catalogue reset")
                record_correction(
                    store, product.code, before, product.stock, reason="catalogue reset", source="shop init"
                )
                stock[product.code] = product.stock
                reset += 1
    return CatalogLoad(added, refreshed, reset)
