"""The embedded shop: one SQLite file in WAL mode holding products, orders, customers, outbox and sync state.

Transactions are explicit (``BEGIN IMMEDIATE`` … ``COMMIT``; nested ones are savepoints) so that the
engine decides exactly what commits together. ``dry_run()`` wraps a whole run in a transaction that is
rolled back: this is how ``plan`` shows what ``run`` would do without writing anything.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from plugin.emails.outbox import QueuedEmail, queue_email
from plugin.exceptions import ShopError
from plugin.manifest.model import Manifest, SqliteBackend
from plugin.shop.records import CustomerRecord, ItemRecord, OrderRecord, QuarantineEntry, StoredOrder
from plugin.shop.schema import SCHEMA_SQL
from plugin.shop.schema_columns import describe_mismatch, missing_columns

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
    """A ``ShopBackend`` on one SQLite file."""

    def __init__(self, path: Path | str, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ShopError(
                f"{self.path}: the shop database does not exist. Create it with "
                f"`allegro-sync shop init MANIFEST --products catalog.csv`."
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file where a folder should be, a read-only place
            raise ShopError(
                f"{self.path}: cannot create the folder for the shop database ({exc.strerror}); "
                "fix shop.backend.path in the manifest"
            ) from None
        if not self.path.exists():  # it holds buyers' names and addresses: private to its owner from the start
            try:  # SQLite gives the -wal and -shm files the database's own mode
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as exc:
                raise ShopError(f"{self.path}: cannot create the shop database ({exc.strerror}).") from None
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.executescript(SCHEMA_SQL)
            missing = missing_columns(self.conn)
        except sqlite3.DatabaseError as exc:
            raise ShopError(f"{self.path}: not a usable SQLite shop database ({exc}).") from None
        if missing:
            self.conn.close()
            raise ShopError(describe_mismatch(self.path, missing))
        self._depth = 0

    def close(self) -> None:
        self.conn.close()

    # transactions -------------------------------------------------------------------------------------------
    def _begin(self) -> None:
        """Takes the write lock; another program holding it past the busy timeout is the user's to close."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise ShopError(
                f"{self.path}: another program keeps the shop database locked for writing ({exc}); close it "
                "(a database browser, a backup, a second shop tool) and run again; nothing was changed"
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        depth = self._depth
        if depth == 0:
            self._begin()
        else:
            self.conn.execute(f"SAVEPOINT sp{depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth = depth
            if depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO sp{depth}")
                self.conn.execute(f"RELEASE sp{depth}")
            raise
        self._depth = depth
        self.conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")

    @contextmanager
    def dry_run(self) -> Iterator[None]:
        """Everything done inside is rolled back at the end, whatever happens."""
        self._begin()
        self._depth = 1
        try:
            yield
        finally:
            self._depth = 0
            self.conn.execute("ROLLBACK")

    # products and stock ---------------------------------------------------------------------------------------
    def upsert_product(self, code: str, name: str, stock: int, price: Decimal) -> None:
        self.conn.execute(
            "INSERT INTO products (code, name, stock, price) VALUES (?,?,?,?) ON CONFLICT(code) DO UPDATE SET"
            " name = excluded.name, stock = excluded.stock, price = excluded.price",
            (code, name, stock, _sql_value(price)),
        )

    def product_stock(self, code: str) -> int | None:
        row = self.conn.execute("SELECT stock FROM products WHERE code = ?", (code,)).fetchone()
        return None if row is None else int(row[0])

    def product_codes(self) -> frozenset[str]:
        return frozenset(row[0] for row in self.conn.execute("SELECT code FROM products"))

    def stock_levels(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT code, stock FROM products"))

    def move_stock(self, order_id: int, code: str, delta: int, reason: str) -> None:
        self.conn.execute("UPDATE products SET stock = stock + ? WHERE code = ?", (delta, code))
        self.conn.execute(
            "INSERT INTO stock_moves (order_id, product_code, delta, reason, created_at) VALUES (?,?,?,?,?)",
            (order_id, code, delta, reason, _now()),
        )

    def net_stock_moves(self, order_id: int) -> dict[str, int]:
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

    def order_by_id(self, order_id: int) -> StoredOrder | None:
        return self._stored(
            self.conn.execute(f"SELECT {_ORDER_COLUMNS} FROM orders WHERE id = ?", (order_id,)).fetchone()
        )

    def orders_claiming(self, line_item_ids: Iterable[str]) -> dict[str, int]:
        ids = list(line_item_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT line_item_id, order_id FROM order_items WHERE line_item_id IN ({marks})", ids)
        return dict(rows)

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

    def update_order(self, order_id: int, fields: dict[str, Any]) -> None:
        values = {key: _sql_value(value) for key, value in fields.items()}
        values["updated_at"] = _now()
        assignments = ", ".join(f"{key} = ?" for key in values)
        self.conn.execute(f"UPDATE orders SET {assignments} WHERE id = ?", (*values.values(), order_id))

    # customers -------------------------------------------------------------------------------------------------
    def customer_by_buyer(self, buyer_id: str) -> int | None:
        row = self.conn.execute("SELECT id FROM customers WHERE allegro_buyer_id = ?", (buyer_id,)).fetchone()
        return None if row is None else int(row[0])

    def insert_customer(self, customer: CustomerRecord) -> int:
        values = _columns(customer)
        values["created_at"] = _now()
        cursor = self.conn.execute(
            f"INSERT INTO customers ({', '.join(values)}) VALUES ({','.join('?' * len(values))})",
            tuple(values.values()),
        )
        return int(cursor.lastrowid or 0)

    # engine state ------------------------------------------------------------------------------------------------
    def load_state_json(self) -> str | None:
        row = self.conn.execute("SELECT state_json FROM sync_state WHERE id = 1").fetchone()
        return None if row is None else row[0]

    def save_state_json(self, state_json: str) -> None:
        self.conn.execute(
            "INSERT INTO sync_state (id, state_json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET"
            " state_json = excluded.state_json",
            (state_json,),
        )

    def ledger_contains(self, checkout_form_id: str, revision: str, kind: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sync_ledger WHERE checkout_form_id = ? AND revision = ? AND kind = ?",
            (checkout_form_id, revision, kind),
        ).fetchone()
        return row is not None

    def ledger_add(self, checkout_form_id: str, revision: str, kind: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO sync_ledger (checkout_form_id, revision, kind, applied_at) VALUES (?,?,?,?)",
            (checkout_form_id, revision, kind, _now()),
        )

    def ledger_marked(self, kind: str, checkout_form_ids: Iterable[str] | None = None) -> frozenset[str]:
        """Those of ``checkout_form_ids`` (None: all) the ledger marks with ``kind`` (DROPPED, REPLACED)."""
        if checkout_form_ids is None:
            rows = self.conn.execute("SELECT checkout_form_id FROM sync_ledger WHERE kind = ?", (kind,))
            return frozenset(row[0] for row in rows)
        ids, marked = list(dict.fromkeys(checkout_form_ids)), set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.conn.execute(
                f"SELECT checkout_form_id FROM sync_ledger WHERE kind = ? AND checkout_form_id IN"
                f" ({','.join('?' * len(chunk))})",
                (kind, *chunk),
            )
            marked.update(row[0] for row in rows)
        return frozenset(marked)

    def quarantine(self, checkout_form_id: str, kind: str, reason: str) -> int:
        now = _now()
        self.conn.execute(
            "INSERT INTO sync_quarantine (checkout_form_id, kind, reason, attempts, first_failed_at, last_failed_at)"
            " VALUES (?,?,?,1,?,?) ON CONFLICT(checkout_form_id) DO UPDATE SET kind = excluded.kind,"
            " reason = excluded.reason, attempts = attempts + 1, last_failed_at = excluded.last_failed_at",
            (checkout_form_id, kind, reason, now, now),
        )
        row = self.conn.execute(
            "SELECT attempts FROM sync_quarantine WHERE checkout_form_id = ?", (checkout_form_id,)
        ).fetchone()
        return int(row[0])

    def release(self, checkout_form_id: str) -> None:
        self.conn.execute("DELETE FROM sync_quarantine WHERE checkout_form_id = ?", (checkout_form_id,))

    def quarantined(self) -> Iterator[QuarantineEntry]:
        rows = self.conn.execute(
            "SELECT checkout_form_id, kind, reason, attempts, last_failed_at FROM sync_quarantine q"
            " WHERE NOT EXISTS (SELECT 1 FROM sync_ledger l WHERE l.checkout_form_id = q.checkout_form_id"
            " AND l.kind = 'DROPPED') ORDER BY first_failed_at, checkout_form_id"
        ).fetchall()
        return (QuarantineEntry(*row) for row in rows)

    # outbox ------------------------------------------------------------------------------------------------------
    def queue_email(self, email: QueuedEmail) -> bool:
        return queue_email(self.conn, email)

    def archival_emails_queued(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM outbox WHERE archival = 1").fetchone()[0])


def open_shop(manifest: Manifest, *, create: bool = False) -> SqliteShop:
    """The shop the manifest names. Only the embedded SQLite backend exists so far."""
    backend = manifest.shop.backend
    if not isinstance(backend, SqliteBackend):
        raise ShopError(
            f"shop.backend.type {backend.type!r} is not available in this version; use "
            "`backend: {type: sqlite, path: ./shop.db}` (the embedded shop)."
        )
    return SqliteShop(backend.path, create=create)
