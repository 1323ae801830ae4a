"""What the Shoper backend remembers in the sync store about the orders it built (tables ``shoper_*``).

Shoper holds the orders; this index holds what the engine asks about them and Shoper does not keep: the
Allegro status and flags, which purchase (line item id) is in which order, the stock moves an order caused
(``auto``: lowered by Shoper itself when the line was created), and which Allegro buyer is which Shoper user.
Its rows are written inside the form's store transaction, and reach the disk with the next recovery point. Its
tables are the sync store's step ``shoper-orders`` (``plugin.store.schema``), made when the store is opened.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from plugin.shop.records import StoredOrder

AUTO = "auto"  # a stock move Shoper made itself, creating a linked line
_COLUMNS = "order_id, checkout_form_id, status, archival, flags, customer_id, created_at, allegro_status"


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class Line:
    line_item_id: str
    product_code: str | None
    quantity: int
    linked: bool


class OrderIndex:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _stored(self, row: tuple | None) -> StoredOrder | None:
        if row is None:
            return None
        order_id, form, status, archival, flags, customer, created, allegro = row
        customer_id = int(customer) if customer is not None and str(customer).isdigit() else customer
        return StoredOrder(int(order_id), form, status, bool(archival), flags, customer_id, created, allegro)

    def by_form(self, checkout_form_id: str, *, handed_only: bool = False) -> StoredOrder | None:
        """``handed_only``: only an order the engine has taken (its form committed, with its emails)."""
        return self._stored(
            self.conn.execute(
                f"SELECT {_COLUMNS} FROM shoper_orders WHERE checkout_form_id = ? AND handed >= ?",
                (checkout_form_id, int(handed_only)),
            ).fetchone()
        )

    def hand(self, order_id: int) -> None:
        """Written in the form's transaction: it commits with the engine's ledger entry, outbox and cursor."""
        self.conn.execute("UPDATE shoper_orders SET handed = 1 WHERE order_id = ?", (order_id,))

    def by_id(self, order_id: int) -> StoredOrder | None:
        return self._stored(
            self.conn.execute(f"SELECT {_COLUMNS} FROM shoper_orders WHERE order_id = ?", (order_id,)).fetchone()
        )

    def add(self, order: StoredOrder) -> None:
        """The order as created; its purchases are claimed only once its lines are there (``add_lines``)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO shoper_orders (order_id, checkout_form_id, status, archival, flags, customer_id,"
            " created_at, allegro_status) VALUES (?,?,?,?,?,?,?,?)",
            (
                order.id,
                order.checkout_form_id,
                order.status,
                int(order.archival),
                order.flags,
                None if order.customer_id is None else str(order.customer_id),
                order.created_at or _now(),
                order.allegro_status,
            ),
        )

    def delivery(self, order_id: int) -> dict[str, Any] | None:
        """The delivery address and pickup point Shoper was last given for this order (None: before this was kept)."""
        row = self.conn.execute("SELECT sent FROM shoper_delivery WHERE order_id = ?", (order_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def save_delivery(self, order_id: int, sent: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO shoper_delivery (order_id, sent) VALUES (?, ?)",
            (order_id, json.dumps(sent, ensure_ascii=False, sort_keys=True)),
        )

    def add_lines(self, order_id: int, lines: Iterable[Line]) -> None:
        """Written with the ``lines`` step's ``done``: the stock Shoper took for them is recorded in the same commit."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO shoper_lines (line_item_id, order_id, product_code, quantity, linked)"
            " VALUES (?,?,?,?,?)",
            [(line.line_item_id, order_id, line.product_code, line.quantity, int(line.linked)) for line in lines],
        )
        self.record_auto(order_id)

    def record_auto(self, order_id: int) -> None:
        """What Shoper took by itself when it created the order's linked lines, as the order's ``auto`` moves: from
        then on ``net_moves`` is what the order holds, whatever instant a run dies before the sale is handled.
        Once only: an order with any move recorded (also one built before ``auto`` moves were kept, whose sale
        move holds Shoper's take) is left alone."""
        if self.conn.execute("SELECT 1 FROM shoper_stock_moves WHERE order_id = ? LIMIT 1", (order_id,)).fetchone():
            return
        for line in self.lines(order_id):
            if line.linked and line.product_code:
                self.add_move(order_id, line.product_code, -line.quantity, AUTO)

    def drop(self, order_id: int) -> None:
        for table in ("shoper_orders", "shoper_lines", "shoper_stock_moves"):
            self.conn.execute(f"DELETE FROM {table} WHERE order_id = ?", (order_id,))

    def update(self, order_id: int, **fields: object) -> None:
        known = {k: v for k, v in fields.items() if k in {"status", "allegro_status", "flags", "customer_id"}}
        if not known:
            return
        if "customer_id" in known and known["customer_id"] is not None:
            known["customer_id"] = str(known["customer_id"])
        assignments = ", ".join(f"{key} = ?" for key in known)
        self.conn.execute(f"UPDATE shoper_orders SET {assignments} WHERE order_id = ?", (*known.values(), order_id))

    def claiming(self, line_item_ids: Iterable[str]) -> dict[str, int]:
        ids = list(line_item_ids)
        found: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.conn.execute(
                "SELECT l.line_item_id, l.order_id FROM shoper_lines l JOIN shoper_orders o ON o.order_id = l.order_id"
                f" WHERE o.handed = 1 AND l.line_item_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update({line: int(order) for line, order in rows})
        return found

    def lines(self, order_id: int) -> list[Line]:
        rows = self.conn.execute(
            "SELECT line_item_id, product_code, quantity, linked FROM shoper_lines WHERE order_id = ?", (order_id,)
        )
        return [Line(r[0], r[1], int(r[2]), bool(r[3])) for r in rows]

    def add_move(self, order_id: int, code: str, delta: int, reason: str) -> None:
        self.conn.execute(
            "INSERT INTO shoper_stock_moves (order_id, product_code, delta, reason, created_at) VALUES (?,?,?,?,?)",
            (order_id, code, delta, reason, _now()),
        )

    def net_moves(self, order_id: int) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT product_code, SUM(delta) FROM shoper_stock_moves WHERE order_id = ? GROUP BY product_code",
            (order_id,),
        )
        return {code: int(total) for code, total in rows}

    def user_of(self, buyer_id: str, *, registered: bool) -> int | None:
        """The buyer's Shoper user; ``registered``: only once ``insert_customer`` made it the buyer's customer
        (a user made earlier for an order, because Shoper wants one on it, is not yet a registration)."""
        row = self.conn.execute(
            "SELECT user_id, registered FROM shoper_buyers WHERE buyer_id = ?", (buyer_id,)
        ).fetchone()
        if row is None or not row[0] or (registered and not row[1]):
            return None
        return int(row[0])

    def pending_email(self, buyer_id: str) -> str | None:
        """The email a user of this buyer was being created under when a run stopped (user_id still 0)."""
        row = self.conn.execute(
            "SELECT email FROM shoper_buyers WHERE buyer_id = ? AND user_id = 0", (buyer_id,)
        ).fetchone()
        return None if row is None else row[0]

    def set_user(self, buyer_id: str, user_id: int, *, registered: bool, email: str | None = None) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO shoper_buyers (buyer_id, user_id, registered, email) VALUES (?,?,?,?)",
            (buyer_id, user_id, int(registered), email),
        )
