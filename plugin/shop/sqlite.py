"""The embedded shop: products, orders, customers and stock moves in the sync store's SQLite file.

It has no transactions of its own: it writes on the store's connection, and the engine's unit of work
(``plugin.sync.unit_of_work``) decides what commits together. ``plan`` runs it on an in-memory copy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import fields
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from plugin.catalog_csv import Product
from plugin.exceptions import ShopError
from plugin.shop.records import CustomerId, CustomerRecord, ItemRecord, OrderId, OrderRecord, StoredOrder
from plugin.shop.schema import SHOP_SCHEMA_SQL, add_new_columns
from plugin.shop.schema_columns import describe_mismatch, missing_columns
from plugin.shop.stock_journal import SqliteStockJournal, StockChanges

_ORDER_COLUMNS = "id, allegro_checkout_form_id, status, archival, flags, customer_id, created_at, allegro_status"


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _columns(record: Any) -> dict[str, Any]:
    """A record's fields as SQL values (shallow: ``dataclasses.asdict`` deep-copies and costs 4x more)."""
    return {spec.name: _sql_value(getattr(record, spec.name)) for spec in fields(record)}


def _sql_value(value: Any) -> Any:
    """Decimals become decimal text with two places, datetimes ISO text, booleans 0/1."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


class SqliteShop:
    """The embedded shop (a ``ShopPort``): its tables live in the sync store's file and it writes on the store's
    connection, so its writes commit in the store's transaction (``transactional``)."""

    transactional = True

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        try:
            conn.executescript(SHOP_SCHEMA_SQL)
            add_new_columns(conn)  # a shop.db made by an earlier version: same contract, more columns
            missing = missing_columns(conn)
        except sqlite3.DatabaseError as exc:
            raise ShopError(f"{path}: not a usable SQLite shop database ({exc}); check shop.backend.path") from None
        if missing:
            raise ShopError(describe_mismatch(path, missing))

    def close(self) -> None:
        """The connection is the sync store's: closing the store closes it."""

    # the stock change journal (see plugin.shop.stock_journal) ---------------------------------------------------
    def stock_changes(self, position: str | None) -> StockChanges:
        return SqliteStockJournal(self.conn).stock_changes(position)

    def product_stocks(self, codes: Iterable[str]) -> dict[str, int | None]:
        return SqliteStockJournal(self.conn).product_stocks(codes)

    def forget_stock_changes(self, position: str) -> None:
        SqliteStockJournal(self.conn).forget_stock_changes(position)

    # products and stock ---------------------------------------------------------------------------------------
    def upsert_product(self, code: str, name: str, stock: int, price: Decimal) -> None:
        self.conn.execute(
            "INSERT INTO products (code, name, stock, price) VALUES (?,?,?,?) ON CONFLICT(code) DO UPDATE SET"
            " name = excluded.name, stock = excluded.stock, price = excluded.price",
            (code, name, stock, _sql_value(price)),
        )

    def refresh_product(self, code: str, name: str, price: Decimal) -> None:
        """A catalogue refresh: name and price only; stock changes through ``set_stock`` (recorded) or sales."""
        self.conn.execute("UPDATE products SET name = ?, price = ? WHERE code = ?", (name, _sql_value(price), code))

    def product_stock(self, code: str) -> int | None:
        row = self.conn.execute("SELECT stock FROM products WHERE code = ?", (code,)).fetchone()
        return None if row is None else int(row[0])

    def product_codes(self) -> frozenset[str]:
        return frozenset(row[0] for row in self.conn.execute("SELECT code FROM products"))

    def products(self) -> list[Product]:
        rows = self.conn.execute("SELECT code, name, stock, price FROM products ORDER BY code")
        return [Product(str(code), str(name), int(stock), Decimal(str(price))) for code, name, stock, price in rows]

    def set_stock(self, code: str, stock: int, reason: str) -> None:
        """An absolute stock value (``stock_moves`` records moves of orders only, so this one is not journaled)."""
        self.conn.execute("UPDATE products SET stock = ? WHERE code = ?", (stock, code))

    def move_stock(self, order_id: OrderId, code: str, delta: int, reason: str) -> None:
        self.conn.execute("UPDATE products SET stock = stock + ? WHERE code = ?", (delta, code))
        self.conn.execute(
            "INSERT INTO stock_moves (order_id, product_code, delta, reason, created_at) VALUES (?,?,?,?,?)",
            (order_id, code, delta, reason, _now()),
        )

    def net_stock_moves(self, order_id: OrderId) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT product_code, SUM(delta) FROM stock_moves WHERE order_id = ? GROUP BY product_code", (order_id,)
        )
        return {code: int(total) for code, total in rows}

    # orders -----------------------------------------------------------------------------------------------------
    def _stored(self, row: tuple | None) -> StoredOrder | None:
        if row is None:
            return None
        return StoredOrder(row[0], row[1], row[2], bool(row[3]), row[4], row[5], row[6], row[7])

    def find_order(self, checkout_form_id: str) -> StoredOrder | None:
        row = self.conn.execute(
            f"SELECT {_ORDER_COLUMNS} FROM orders WHERE allegro_checkout_form_id = ?", (checkout_form_id,)
        ).fetchone()
        return self._stored(row)

    def unfinished_order(self, checkout_form_id: str, *, undo: bool = True) -> StoredOrder | None:
        """None: an application that did not commit left nothing here (its writes rolled back)."""
        return None

    def order_by_id(self, order_id: OrderId) -> StoredOrder | None:
        return self._stored(
            self.conn.execute(f"SELECT {_ORDER_COLUMNS} FROM orders WHERE id = ?", (order_id,)).fetchone()
        )

    def orders_claiming(self, line_item_ids: Iterable[str]) -> dict[str, OrderId]:
        ids = list(line_item_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT line_item_id, order_id FROM order_items WHERE line_item_id IN ({marks})", ids)
        return dict(rows)

    def prepare_orders(self, orders: list[tuple[OrderRecord, list[ItemRecord]]]) -> None:
        """A no-op: its writes commit with the store: nothing to gain."""

    def insert_order(self, order: OrderRecord, items: Iterable[ItemRecord]) -> StoredOrder:
        values = _columns(order)
        values["allegro_checkout_form_id"] = values.pop("checkout_form_id")
        values["created_at"] = values["updated_at"] = now = _now()
        names = ", ".join(values)
        cursor = self.conn.execute(
            f"INSERT INTO orders ({names}) VALUES ({','.join('?' * len(values))})", tuple(values.values())
        )
        order_id = int(cursor.lastrowid or 0)
        self.conn.executemany(
            "INSERT INTO order_items (order_id, line_item_id, product_code, offer_id, name, quantity, unit_price,"
            " unmapped) VALUES (?,?,?,?,?,?,?,?)",
            [
                (
                    order_id,
                    i.line_item_id,
                    i.product_code,
                    i.offer_id,
                    i.name,
                    i.quantity,
                    _sql_value(i.unit_price),
                    int(i.unmapped),
                )
                for i in items
            ],
        )
        stored = (order.checkout_form_id, order.status, order.archival, order.flags, order.customer_id, now)
        return StoredOrder(order_id, *stored, allegro_status=order.allegro_status)

    def update_order(self, order_id: OrderId, fields: dict[str, Any]) -> None:
        values = {key: _sql_value(value) for key, value in fields.items()}
        values["updated_at"] = _now()
        assignments = ", ".join(f"{key} = ?" for key in values)
        self.conn.execute(f"UPDATE orders SET {assignments} WHERE id = ?", (*values.values(), order_id))

    # customers -------------------------------------------------------------------------------------------------
    def customer_by_buyer(self, buyer_id: str) -> CustomerId | None:
        row = self.conn.execute("SELECT id FROM customers WHERE allegro_buyer_id = ?", (buyer_id,)).fetchone()
        return None if row is None else int(row[0])

    def insert_customer(self, customer: CustomerRecord) -> CustomerId:
        values = _columns(customer)
        values["created_at"] = _now()
        cursor = self.conn.execute(
            f"INSERT INTO customers ({', '.join(values)}) VALUES ({','.join('?' * len(values))})",
            tuple(values.values()),
        )
        return int(cursor.lastrowid or 0)
