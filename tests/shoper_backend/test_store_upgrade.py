"""The Shoper backend's tables are a named step of the sync store (``shoper-orders``): a store file made before
that step (by the backend itself, in its first version without ``handed``, or with no Shoper table at all) is
brought up to date once, keeping its rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from plugin.cli import main
from plugin.shop.shoper.order_index import OrderIndex
from plugin.store.location import embedded_place
from plugin.store.open_store import open_store_at
from tests.shoper_backend.shop_setup import shop_state, shoper_folder

#: What the Shoper backend's first version made by itself in the store (no ``handed``; buyers without ``registered``
#: or ``email``; no step record).
FIRST_VERSION_SQL = """
DROP TABLE shoper_orders; DROP TABLE shoper_lines; DROP TABLE shoper_stock_moves; DROP TABLE shoper_buyers;
DELETE FROM store_steps WHERE name = 'shoper-orders';
CREATE TABLE shoper_orders (checkout_form_id TEXT PRIMARY KEY, order_id INTEGER NOT NULL, status TEXT NOT NULL,
    allegro_status TEXT, archival INTEGER NOT NULL DEFAULT 0, flags TEXT NOT NULL DEFAULT '', customer_id TEXT,
    created_at TEXT NOT NULL);
CREATE TABLE shoper_lines (line_item_id TEXT PRIMARY KEY, order_id INTEGER NOT NULL, product_code TEXT,
    quantity INTEGER NOT NULL, linked INTEGER NOT NULL);
CREATE TABLE shoper_stock_moves (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, product_code TEXT NOT NULL,
    delta INTEGER NOT NULL, reason TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE shoper_buyers (buyer_id TEXT PRIMARY KEY, user_id INTEGER NOT NULL);
INSERT INTO shoper_orders VALUES ('form-1', 17, 'Złożone', 'READY_FOR_PROCESSING', 0, '', '3', '2026-12-01');
INSERT INTO shoper_lines VALUES ('line-1', 17, 'GRA-210', 2, 1);
INSERT INTO shoper_buyers VALUES ('buyer-1', 3);
"""


def a_store(path: Path, sql: str) -> None:
    open_store_at(embedded_place(path), create=True).close()
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()


def test_a_store_from_the_backends_first_version_gets_the_step_once_keeping_its_orders(tmp_path):
    path = tmp_path / "allegro-sync.sync.db"
    a_store(path, FIRST_VERSION_SQL)
    store = open_store_at(embedded_place(path))
    try:
        assert store.migrated == ("shoper-orders",)
        index = OrderIndex(store.conn)
        order = index.by_form("form-1", handed_only=True)  # what the first version built was handed over
        assert order is not None and order.id == 17 and order.allegro_status == "READY_FOR_PROCESSING"
        assert [line.quantity for line in index.lines(17)] == [2]
        assert index.user_of("buyer-1", registered=True) == 3  # its buyer's user was the buyer's customer
        assert index.pending_email("buyer-1") is None  # and none was in the making
    finally:
        store.close()
    again = open_store_at(embedded_place(path))
    assert again.migrated == ()  # once
    again.close()


def test_a_store_without_shoper_tables_gets_them(tmp_path):
    path = tmp_path / "shop.db"
    a_store(
        path,
        "DROP TABLE shoper_orders; DROP TABLE shoper_lines; DROP TABLE shoper_stock_moves; DROP TABLE shoper_buyers;"
        " DELETE FROM store_steps WHERE name = 'shoper-orders';",
    )
    store = open_store_at(embedded_place(path))
    try:
        assert store.migrated == ("shoper-orders",)
        tables = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"shoper_orders", "shoper_lines", "shoper_stock_moves", "shoper_buyers"} <= tables
        columns = {row[1] for row in store.conn.execute("PRAGMA table_info(shoper_orders)")}
        assert "handed" in columns
    finally:
        store.close()


def test_a_run_on_a_store_made_before_the_step_goes_on_where_it_was(tmp_path, allegro, shoper, capsys):
    files = shoper_folder(tmp_path, allegro.url, shoper.url, register=True)
    assert main(["run", str(files.manifest), "--once", "--format", "json"]) == 0
    built = shop_state(shoper.snapshot())
    with sqlite3.connect(files.store) as conn:  # the tables were made by the backend itself: no step record
        conn.execute("DELETE FROM store_steps WHERE name = 'shoper-orders'")
    capsys.readouterr()
    assert main(["run", str(files.manifest), "--once", "--format", "json"]) == 0
    assert "shoper-orders" in capsys.readouterr().err  # the upgrade is announced in one line
    assert shop_state(shoper.snapshot()) == built  # every order known still: nothing built twice
    with sqlite3.connect(files.store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM store_steps WHERE name = 'shoper-orders'").fetchone()[0] == 1
