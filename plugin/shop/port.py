"""The shop port: what lives in the merchant's shop (products and stock, orders with lines, customers, order
status), as the engine's handlers see it. The embedded SQLite shop and a REST shop (Shoper) implement it.

The engine's own data (cursor, ledger, quarantine, outbox, the form → order map) is not here: it is the sync
store (``plugin.store``). Ids the shop gives (orders, customers) are opaque: ``int`` in SQLite, ``str`` in
Shoper; the engine only hands them back.

The contract between a shop and the engine's unit of work (``plugin.sync.unit_of_work``):

- ``transactional = True`` (embedded): the shop writes on the sync store's own SQLite connection, so its writes
  commit or roll back with the store (one transaction per checkout form covers order, lines, stock, customer,
  outbox, ledger and cursor). It has no transactions of its own.
- ``transactional = False`` (REST): every write reaches the shop at once and cannot be rolled back. The unit of
  work then commits each checkout form on its own, and the backend records each write in the store around it:
  ``store.form_steps.intent(form_id, step)`` before the request, ``store.form_steps.done(form_id, step,
  shop_id)`` after the answer (each durable on return). When a form is applied again after a crash or a
  failure, the backend first reads ``store.form_steps.of_form(form_id)``: a step ``done`` is not repeated; a
  step left at ``intent`` is looked up in the shop by the checkout form id stored there (``notes_priv``,
  ``auction-orders``), then finished or undone: by ``insert_order`` when the form is imported again, by
  ``unfinished_order`` when it is next seen cancelled.
- ``move_stock`` records a stock move tied to an order with a reason (``sale``, ``restore``) and
  ``net_stock_moves`` answers what an order has moved so far: a shop that lowers stock by itself when an order
  line names a product (Shoper) reports that as the order's move instead of moving it twice.
- ``plan`` wraps a shop in ``plugin.shop.read_only.ReadOnlyShop``: reads pass through, writes are simulated in
  memory, so no POST, PUT or DELETE reaches the shop.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from plugin.catalog_csv import Product
from plugin.shop.records import CustomerId, CustomerRecord, ItemRecord, OrderId, OrderRecord, StoredOrder
from plugin.shop.stock_journal import StockChanges


class ShopPort(Protocol):
    transactional: bool  # True: writes commit with the sync store's transaction (see the module's docstring)

    # products and stock
    def product_codes(self) -> frozenset[str]: ...
    def products(self) -> list[Product]: ...
    def product_stock(self, code: str) -> int | None: ...
    def move_stock(self, order_id: OrderId, code: str, delta: int, reason: str) -> None:
        """Change a product's stock by ``delta`` because of an order (``reason``: sale | restore)."""

    def net_stock_moves(self, order_id: OrderId) -> dict[str, int]:
        """What the order moved so far, per product code (negative: taken)."""

    def set_stock(self, code: str, stock: int, reason: str) -> None:
        """Set a product's stock to an absolute value (a correction, a delivery), not tied to an order."""

    # what changed, for the stock push (``sync.push_stock``; see plugin.shop.stock_journal). Optional: a shop
    # without them cannot push stock yet, and says so.
    def stock_changes(self, position: str | None) -> StockChanges:
        """Products whose stock changed after ``position`` (None: every product), and the position to go on from.
        A shop without a journal may return every product: the engine compares with what Allegro has."""

    def product_stocks(self, codes: Iterable[str]) -> dict[str, int | None]:
        """Stock now of these products (None: no such product)."""

    def forget_stock_changes(self, position: str) -> None:
        """The changes up to ``position`` are pushed (called in the store's transaction that saves it)."""

    # orders
    def find_order(self, checkout_form_id: str) -> StoredOrder | None: ...
    def unfinished_order(self, checkout_form_id: str, *, undo: bool = True) -> StoredOrder | None:
        """For a cancellation only: the order a shop that writes at once built for this form in an application
        that never committed (the run died, or the form was set aside), so the cancellation cancels it too. One
        found complete is handed to the engine now, with the stock its lines took; one found half built is undone
        (deleted: never built), or with ``undo=False`` (``plan``) left alone. None when there is none, always for
        a shop whose writes roll back."""

    def order_by_id(self, order_id: OrderId) -> StoredOrder | None: ...
    def orders_claiming(self, line_item_ids: Iterable[str]) -> dict[str, OrderId]:
        """Line item id → the order holding it, for those of ``line_item_ids`` already in an order."""

    def insert_order(self, order: OrderRecord, items: Iterable[ItemRecord]) -> StoredOrder: ...
    def prepare_orders(self, orders: list[tuple[OrderRecord, list[ItemRecord]]]) -> None:
        """Orders ``insert_order`` will be asked for next in this batch: a shop that writes at once may build
        them ahead, together (Shoper: bulk calls), and hand each back from ``insert_order``. A no-op elsewhere."""

    def update_order(self, order_id: OrderId, fields: dict[str, Any]) -> None:
        """Change an order's fields (``status``, ``allegro_status``, address, ``customer_id`` …)."""

    # customers
    def customer_by_buyer(self, buyer_id: str) -> CustomerId | None: ...
    def insert_customer(self, customer: CustomerRecord) -> CustomerId: ...

    def close(self) -> None: ...
