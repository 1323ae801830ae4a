"""Property: whatever catalogue loads (refresh or --reset-stock) and stock changes by hand happen, in any order,
a product's stock equals its recorded corrections plus its order moves, never goes below zero, and a refused
change leaves everything as it was."""

from __future__ import annotations

import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugin.catalog_csv import Product
from plugin.exceptions import StockChangeError
from plugin.shop.backends import open_embedded
from plugin.shop.catalog_load import load_catalog
from plugin.store.open_store import open_store
from plugin.sync.stock_by_hand import change_stock
from plugin.testing.fixtures import local_manifest

CODES = ("KUB-001", "KUB-002", "HER-010")
catalogue = st.lists(
    st.builds(
        lambda code, stock: Product(code, f"Produkt {code}", stock, Decimal("9.99")),
        st.sampled_from(CODES),
        st.integers(0, 500),
    ),
    max_size=3,
    unique_by=lambda p: p.code,
)
operation = st.one_of(
    st.tuples(st.just("load"), catalogue, st.booleans()),
    st.tuples(st.just("set"), st.sampled_from(CODES), st.integers(0, 500)),
    st.tuples(st.just("add"), st.sampled_from(CODES), st.integers(-300, 300)),
)


def _stock_and_audit(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    conn = sqlite3.connect(path)
    try:
        stock = dict(conn.execute("SELECT code, stock FROM products").fetchall())
        audit = dict(
            conn.execute(
                "SELECT code, (SELECT COALESCE(SUM(delta), 0) FROM stock_corrections c WHERE c.product_code = code)"
                " + (SELECT COALESCE(SUM(delta), 0) FROM stock_moves m WHERE m.product_code = code) FROM products"
            ).fetchall()
        )
        return stock, audit
    finally:
        conn.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=st.lists(operation, max_size=8))
def test_stock_is_always_its_corrections_plus_its_moves(operations) -> None:
    with tempfile.TemporaryDirectory() as folder:
        manifest = local_manifest(Path(folder))
        store = open_store(manifest, create=True)
        open_embedded(manifest, store)  # creates the shop's tables beside the store's (as `shop init` does)
        store.close()
        for op in operations:
            before = _stock_and_audit(Path(folder) / "shop.db")
            if op[0] == "load":
                store = open_store(manifest)
                try:
                    load_catalog(store, open_embedded(manifest, store), op[1], reset_stock=op[2])
                finally:
                    store.close()
                continue
            kind, code, number = op
            try:
                change_stock(manifest, code, **({"set_to": number} if kind == "set" else {"add": number}))
            except StockChangeError:
                assert _stock_and_audit(Path(folder) / "shop.db") == before  # refused: nothing changed
                assert code not in before[0] or (kind == "add" and before[0][code] + number < 0)
        stock, audit = _stock_and_audit(Path(folder) / "shop.db")
        assert stock == audit
        assert all(units >= 0 for units in stock.values())
