"""The embedded shop: documented schema, transactions (nested = savepoints), plan's copies, catalogs, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.exceptions import CatalogError, ShopError
from plugin.shop.catalog_load import load_catalog, read_catalog
from tests.sync.helpers import copy_embedded, open_embedded

DOCUMENTED = {
    "products": {"code", "name", "stock", "price"},
    "orders": {"id", "allegro_checkout_form_id", "status", "source", "archival", "created_at", "total"},
    "order_items": {"order_id", "product_code", "offer_id", "quantity", "unit_price"},
    "customers": {"id", "email", "allegro_buyer_id"},
    "outbox": {"message_id", "template", "recipient", "status", "context_json"},
}


@pytest.fixture
def shop(tmp_path):
    shop = open_embedded(tmp_path / "shop.db", create=True)
    with shop.transaction():
        shop.upsert_product("A", "Kubek „Kraków”", 10, Decimal("29.99"))
    yield shop
    shop.close()


def test_schema_has_the_documented_columns_and_wal(shop):
    for table, columns in DOCUMENTED.items():
        present = {row[1] for row in shop.conn.execute(f"PRAGMA table_info({table})")}
        assert columns <= present, table
    assert shop.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert shop.conn.execute("SELECT price FROM products").fetchone()[0] == "29.99"  # decimal text


def test_a_failed_transaction_leaves_nothing(shop):
    with pytest.raises(RuntimeError), shop.transaction():
        shop.upsert_product("B", "b", 1, Decimal(1))
        raise RuntimeError("boom")
    assert shop.product_stock("B") is None


def test_a_failed_savepoint_keeps_the_outer_work(shop):
    with shop.transaction():
        shop.upsert_product("B", "b", 1, Decimal(1))
        with pytest.raises(RuntimeError), shop.transaction():
            shop.upsert_product("C", "c", 1, Decimal(1))
            raise RuntimeError("one order failed")
    assert shop.product_stock("B") == 1 and shop.product_stock("C") is None


def test_plans_copy_takes_writes_and_the_file_sees_none(shop):
    copy = copy_embedded(shop.path)
    try:
        with copy.transaction():
            copy.upsert_product("D", "d", 1, Decimal(1))
        assert copy.product_stock("D") == 1 and copy.product_stock("A") == 10  # the copy has it all
    finally:
        copy.close()
    assert shop.product_stock("D") is None


@given(st.lists(st.integers(-5, 5), max_size=20))
def test_stock_moves_add_up(tmp_path_factory, deltas):
    shop = open_embedded(tmp_path_factory.mktemp("moves") / "shop.db", create=True)
    with shop.transaction():
        shop.upsert_product("A", "a", 10, Decimal(1))
        shop.conn.execute(
            "INSERT INTO orders (status, shipping_method, payment_method, items_total, delivery_cost, total,"
            " created_at, updated_at) VALUES ('new','x','y','0','0','0','t','t')"
        )
        for delta in deltas:
            shop.move_stock(1, "A", delta, "sale")
    assert shop.product_stock("A") == 10 + sum(deltas)
    assert shop.net_stock_moves(1).get("A", 0) == sum(deltas)
    shop.close()


def test_missing_shop_and_non_database_files_are_clear_errors(tmp_path):
    with pytest.raises(ShopError, match="shop init"):
        open_embedded(tmp_path / "absent.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ShopError, match="not a usable SQLite"):
        open_embedded(junk)


def test_catalog_loads_and_names_the_bad_line(tmp_path, shop):
    good = tmp_path / "catalog.csv"
    good.write_text('code,name,stock,price\nA,Kubek,3,"29,99"\nB,Miód,0,54.00\n', encoding="utf-8")
    before = shop.stock_levels()["A"]
    assert load_catalog(shop.store, shop.shop, read_catalog(good)).loaded == 2
    assert shop.stock_levels() == {"A": before, "B": 0}  # a product the shop has keeps its stock
    assert load_catalog(shop.store, shop.shop, read_catalog(good), reset_stock=True).stock_reset == int(before != 3)
    assert shop.stock_levels() == {"A": 3, "B": 0}
    missing = tmp_path / "missing.csv"
    missing.write_text("code,name,stock\nA,b,1\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"missing.csv:1: .*price"):
        read_catalog(missing)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,stock,price\nA,b,1,1\nC,d,2,dużo\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"bad.csv:3: field 'price'"):
        read_catalog(bad)


def test_a_new_shop_database_is_private_to_its_owner(tmp_path):
    shop = open_embedded(tmp_path / "shop.db", create=True)
    with shop.transaction():
        shop.upsert_product("A", "Kubek", 1, Decimal("1"))
    shop.close()
    modes = {path.name: path.stat().st_mode & 0o777 for path in tmp_path.glob("shop.db*")}
    assert modes and set(modes.values()) == {0o600}, modes
