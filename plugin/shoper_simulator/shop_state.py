"""Everything the local Shoper holds, in memory under one lock: the resource tables (records in wire form),
id counters, modification times, tokens, the bucket, the faults and the request log."""

from __future__ import annotations

import copy
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from plugin.catalog_csv import Product
from plugin.shoper_simulator import seed_shop as seed
from plugin.shoper_simulator.fault_plan import FaultPlan
from plugin.shoper_simulator.leaky_bucket import LeakyBucket
from plugin.shoper_simulator.wire import decimal_of, quantity, shop_time

LOG_LIMIT = 100_000
TABLES = (
    "users",
    "orders",
    "order-products",
    "auction-orders",
    "products",
    "product-stocks",
    "statuses",
    "shippings",
    "payments",
    "taxes",
)
BY_ORDER = ("order-products", "auction-orders")  # tables indexed by their order_id
ID_FIELDS = {
    "users": "user_id",
    "orders": "order_id",
    "order-products": "id",
    "auction-orders": "auction_order_id",
    "products": "product_id",
    "product-stocks": "stock_id",
    "statuses": "status_id",
    "shippings": "shipping_id",
    "payments": "payment_id",
    "taxes": "tax_id",
}


class ShoperState:
    def __init__(
        self,
        catalog: tuple[Product, ...],
        *,
        client_id: str,
        client_secret: str,
        token: str,
        token_ttl: int,
        bucket: LeakyBucket,
        customers: int = 0,
        seed: int = 0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.catalog = catalog
        self.client_id, self.client_secret, self.static_token = client_id, client_secret, token
        self.token_ttl = token_ttl
        self.customers, self.seed = customers, seed
        self.bucket = bucket
        self.faults = FaultPlan()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.log: deque[dict[str, Any]] = deque(maxlen=LOG_LIMIT)
        self.tokens: dict[str, float] = {}
        self.scopes: dict[str, str] = {}  # area (resource) → none/read/create/edit/delete; absent: delete (full)
        self.reset()

    def reset(self) -> None:
        """Back to the seeded shop: tables, counters, settings; the log and pending faults are emptied too."""
        with self.lock:
            self.tables: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in TABLES}
            self.next_ids = dict.fromkeys(TABLES, 1)
            self.mtimes: dict[tuple[str, int], int] = {}
            self.by_order: dict[str, dict[str, dict[int, dict[str, Any]]]] = {t: {} for t in BY_ORDER}
            self.extras: dict[str, Any] = {}  # resource modules' own bookkeeping (the stock each line took)
            self.config = seed.application_config()
            products, stocks = seed.product_records(self.catalog, self.now())
            for name, rows in (
                ("statuses", seed.statuses()),
                ("taxes", seed.taxes()),
                ("payments", seed.payments()),
                ("shippings", seed.shippings()),
                ("products", products),
                ("product-stocks", stocks),
                ("users", seed.customers(self.customers, self.seed, self.now())),
            ):
                for row in rows:
                    self.insert(name, row, int(row[ID_FIELDS[name]]) if ID_FIELDS[name] in row else None)
            self.log.clear()
            self.faults.clear()
            self.bucket.empty()

    # -- tables ---------------------------------------------------------------------------------------------
    def now(self) -> str:
        return shop_time(self.clock())

    def new_id(self, table: str) -> int:
        number = self.next_ids[table]
        self.next_ids[table] = number + 1
        return number

    def insert(self, table: str, record: dict[str, Any], number: int | None = None) -> int:
        number = self.new_id(table) if number is None else number
        self.next_ids[table] = max(self.next_ids[table], number + 1)
        record[ID_FIELDS[table]] = str(number)
        self.tables[table][number] = record
        if table in BY_ORDER:
            self.by_order[table].setdefault(record["order_id"], {})[number] = record
        self.touch(table, number)
        return number

    def remove(self, table: str, number: int) -> None:
        record = self.tables[table].pop(number)
        if table in BY_ORDER:
            self.by_order[table].get(record["order_id"], {}).pop(number, None)
        self.touch(table, number)

    def of_order(self, table: str, order_id: str) -> list[dict[str, Any]]:
        """The lines (or auction links) of one order, in id order, without scanning the table."""
        found = self.by_order[table].get(order_id, {})
        return [found[k] for k in sorted(found)]

    def touch(self, table: str, number: int) -> None:
        """``object-mtime/<object>/<id>`` answers this: the time of the object's last write."""
        self.mtimes[(table, number)] = int(self.clock().timestamp())

    def row(self, table: str, value: Any) -> dict[str, Any] | None:
        """The record whose id is ``value`` (a string or a number, as clients send ids)."""
        number = decimal_of(value)
        if number is None or number != number.to_integral_value():
            return None
        return self.tables[table].get(int(number))

    def rows(self, table: str) -> list[dict[str, Any]]:
        return [self.tables[table][k] for k in sorted(self.tables[table])]

    # -- stock ----------------------------------------------------------------------------------------------
    def move_stock(self, stock: dict[str, Any], delta: Decimal) -> None:
        """Adds ``delta`` (negative on a sale) to a stock row and its ``sold``; stock may go below zero when
        the shop allows overselling (the default here, so a double move shows instead of being clamped)."""
        stock["stock"] = quantity(Decimal(stock["stock"]) + delta)
        stock["sold"] = quantity(max(Decimal(0), Decimal(stock.get("sold") or 0) - delta))
        self.touch("product-stocks", int(stock["stock_id"]))
        self.touch("products", int(stock["product_id"]))

    def default_stock(self, product_id: Any) -> dict[str, Any] | None:
        for stock in self.tables["product-stocks"].values():
            if stock["product_id"] == str(product_id) and stock.get("default") == "1":
                return stock
        return None

    # -- tokens ---------------------------------------------------------------------------------------------
    def issue_token(self) -> str:
        token = secrets.token_hex(20)
        with self.lock:
            self.tokens[token] = time.monotonic() + self.token_ttl
        return token

    def token_valid(self, token: str) -> bool:
        if token and secrets.compare_digest(token, self.static_token):
            return True
        with self.lock:
            expiry = self.tokens.get(token)
        return expiry is not None and time.monotonic() < expiry

    def expire_tokens(self) -> int:
        with self.lock:
            count = len(self.tokens)
            self.tokens.clear()
            return count

    # -- views ----------------------------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """What tests compare: orders (with their lines), users, auction-orders and stock by product code."""
        with self.lock:
            orders = copy.deepcopy(self.rows("orders"))
            for order in orders:
                order["products"] = copy.deepcopy(self.of_order("order-products", order["order_id"]))
            return {
                "orders": orders,
                "order_products": copy.deepcopy(self.rows("order-products")),
                "users": copy.deepcopy(self.rows("users")),
                "auction_orders": copy.deepcopy(self.rows("auction-orders")),
                "stock": {s["code"]: s["stock"] for s in self.rows("product-stocks")},
                "products": len(self.tables["products"]),
                "config": dict(self.config),
                "bucket": self.bucket.describe(),
                "faults": self.faults.describe(),
                "requests": len(self.log),
            }

    def record(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.log.append(entry)

    def requests(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.log)
