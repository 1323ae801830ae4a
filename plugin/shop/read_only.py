"""A read-only view of any shop for ``plan``: reads pass through, writes are simulated in memory.

With it, ``plan`` runs the very pass ``run`` would (so its counts are ``run``'s) and no write (no POST, PUT or
DELETE of a REST shop) reaches the shop. Later reads in the same pass see the simulated writes: an order
"created" is found again, stock "taken" is lower. Ids of simulated orders and customers are ``plan-N``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from itertools import count
from typing import Any

from plugin.catalog_csv import Product
from plugin.shop.port import ShopPort
from plugin.shop.records import CustomerId, CustomerRecord, ItemRecord, OrderId, OrderRecord, StoredOrder
from plugin.shop.stock_journal import StockChanges

_ORDER_FIELDS = {spec.name for spec in dataclasses.fields(StoredOrder)}


class ReadOnlyShop:
    """A ``ShopPort`` over ``inner`` that never writes to it."""

    def __init__(self, inner: ShopPort) -> None:
        self.inner = inner
        self.transactional = inner.transactional
        self._ids = count(1)
        self._orders: dict[OrderId, StoredOrder] = {}  # created in this pass, and changed ones
        self._created: set[OrderId] = set()
        self._by_form: dict[str, OrderId] = {}
        self._claims: dict[str, OrderId] = {}
        self._moves: dict[OrderId, dict[str, int]] = {}
        self._stock: dict[str, int] = {}  # absolute values set in this pass
        self._deltas: dict[str, int] = {}  # moves since then
        self._customers: dict[str, CustomerId] = {}

    def _new_id(self) -> str:
        return f"plan-{next(self._ids)}"

    # products and stock
    def product_codes(self) -> frozenset[str]:
        return self.inner.product_codes()

    def products(self) -> list[Product]:
        return [dataclasses.replace(p, stock=self.product_stock(p.code) or 0) for p in self.inner.products()]

    def product_stock(self, code: str) -> int | None:
        base = self._stock[code] if code in self._stock else self.inner.product_stock(code)
        return None if base is None else base + self._deltas.get(code, 0)

    def move_stock(self, order_id: OrderId, code: str, delta: int, reason: str) -> None:
        self._deltas[code] = self._deltas.get(code, 0) + delta
        moves = self._moves.setdefault(order_id, {})
        moves[code] = moves.get(code, 0) + delta

    def net_stock_moves(self, order_id: OrderId) -> dict[str, int]:
        moves = {} if order_id in self._created else dict(self.inner.net_stock_moves(order_id))
        for code, delta in self._moves.get(order_id, {}).items():
            moves[code] = moves.get(code, 0) + delta
        return moves

    # the stock push's reads pass through with this pass's simulated moves; what it would forget is kept
    def stock_changes(self, position: str | None) -> StockChanges:
        changes = self.inner.stock_changes(position)  # type: ignore[attr-defined]  # optional in the port
        return StockChanges(self._simulated(changes.stocks), changes.position)

    def product_stocks(self, codes: Iterable[str]) -> dict[str, int | None]:
        return self._simulated(self.inner.product_stocks(codes))  # type: ignore[attr-defined]

    def forget_stock_changes(self, position: str) -> None:
        """Nothing is forgotten: ``plan`` writes nothing."""

    def _simulated(self, stocks: dict[str, int | None]) -> dict[str, int | None]:
        out = {}
        for code, stock in stocks.items():
            base = self._stock.get(code, stock)
            out[code] = None if base is None else base + self._deltas.get(code, 0)
        return out

    def set_stock(self, code: str, stock: int, reason: str) -> None:
        self._stock[code] = stock
        self._deltas.pop(code, None)

    # orders
    def find_order(self, checkout_form_id: str) -> StoredOrder | None:
        if checkout_form_id in self._by_form:
            return self._orders[self._by_form[checkout_form_id]]
        found = self.inner.find_order(checkout_form_id)
        return None if found is None else self._orders.get(found.id, found)

    def unfinished_order(self, checkout_form_id: str, *, undo: bool = True) -> StoredOrder | None:
        """A complete one is handed over in the store's copy only (``plan`` counts its cancellation as ``run``
        would); a half-built one is not deleted (``run`` deletes it without counting a cancellation)."""
        return self.inner.unfinished_order(checkout_form_id, undo=False)

    def order_by_id(self, order_id: OrderId) -> StoredOrder | None:
        return self._orders.get(order_id) or self.inner.order_by_id(order_id)

    def orders_claiming(self, line_item_ids: Iterable[str]) -> dict[str, OrderId]:
        ids = list(line_item_ids)
        claims = self.inner.orders_claiming(ids)
        claims.update({line: self._claims[line] for line in ids if line in self._claims})
        return claims

    def prepare_orders(self, orders: list[tuple[OrderRecord, list[ItemRecord]]]) -> None:
        """A no-op: plan writes nothing, not even ahead."""

    def insert_order(self, order: OrderRecord, items: Iterable[ItemRecord]) -> StoredOrder:
        order_id = self._new_id()
        stored = StoredOrder(
            order_id,
            order.checkout_form_id,
            order.status,
            order.archival,
            order.flags,
            order.customer_id,
            "",
            allegro_status=order.allegro_status,
        )
        self._orders[order_id] = stored
        self._created.add(order_id)
        self._by_form[order.checkout_form_id] = order_id
        for item in items:
            self._claims[item.line_item_id] = order_id
        return stored

    def update_order(self, order_id: OrderId, fields: dict[str, Any]) -> None:
        current = self.order_by_id(order_id)
        if current is not None:
            known = {key: value for key, value in fields.items() if key in _ORDER_FIELDS and key != "id"}
            self._orders[order_id] = dataclasses.replace(current, **known)

    # customers
    def customer_by_buyer(self, buyer_id: str) -> CustomerId | None:
        return self._customers.get(buyer_id) or self.inner.customer_by_buyer(buyer_id)

    def insert_customer(self, customer: CustomerRecord) -> CustomerId:
        customer_id = self._new_id()
        self._customers[customer.allegro_buyer_id] = customer_id
        return customer_id

    def close(self) -> None:
        self.inner.close()
