"""Building a batch of new orders ahead, in bulk calls: the way under Shoper's 2-calls-a-second bucket.

One order at a time costs a call for the order and one for its lines whatever bulk can do. Given the batch's
new orders up front (``prepare_orders``), the backend makes them in three rounds of ``POST /bulk`` with 25
operations each: the buyers' users, then the orders, then every line and ``auction-orders`` link. Each write is
announced and confirmed in the sync store exactly as on the one-at-a-time path (``order``, ``lines``, ``user``
steps), so a crash or a refused item leaves each form where ``rebuild.settle`` knows how to go on; the engine's
``insert_order`` then finds the order built and hands it back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from plugin.exceptions import AllegroSyncError, ShopUnavailable
from plugin.shop.records import ItemRecord, OrderRecord, StoredOrder
from plugin.shop.shoper import bodies
from plugin.shop.shoper.customers import Users
from plugin.shop.shoper.lookups import ShopNames
from plugin.shop.shoper.order_index import Line, OrderIndex
from plugin.shoper import BulkOp, BulkResult, ShoperClient
from plugin.shoper.entities import StockRow
from plugin.store.sync_store import SyncStore

CHUNK = 250  # forms built together: 10 bulk calls of lines, and the step commits stay short


class Backend(Protocol):
    """What building ahead needs of ``plugin.shop.shoper.shoper_shop.ShoperShop``."""

    client: ShoperClient
    store: SyncStore
    index: OrderIndex
    names: ShopNames
    users: Users
    placeholder_phone: str

    def line_row(self, item: ItemRecord) -> StockRow | None: ...
    def guest_user(self) -> int: ...
    def registers(self, order: OrderRecord) -> bool: ...


@dataclass
class _Form:
    order: OrderRecord
    items: list[ItemRecord]
    lines: list[Line]
    rows: list[StockRow | None]
    user_id: int | None = None
    order_id: int | None = None


def refused_area(results: list[BulkResult]) -> None:
    """A permission the integration lacks refuses every order alike: raised (once what succeeded is recorded)
    so the run stops instead of setting each order aside."""
    for result in results:
        if isinstance(result.error, ShopUnavailable):
            raise result.error


def build_ahead(shop: Backend, orders: list[tuple[OrderRecord, list[ItemRecord]]]) -> None:
    for start in range(0, len(orders), CHUNK):
        _build(shop, orders[start : start + CHUNK])


def _build(shop: Backend, orders: list[tuple[OrderRecord, list[ItemRecord]]]) -> None:
    forms: list[_Form] = []
    for order, items in orders:
        if shop.store.form_steps.of_form(order.checkout_form_id):
            continue  # a form with history is settled one at a time
        rows = [shop.line_row(item) for item in items]
        lines = [
            Line(i.line_item_id, i.product_code, i.quantity, r is not None) for i, r in zip(items, rows, strict=True)
        ]
        forms.append(_Form(order, items, lines, rows))
    if not forms:
        return
    _users(shop, forms)
    _orders(shop, [f for f in forms if f.user_id is not None])
    _lines(shop, [f for f in forms if f.order_id is not None])


def _users(shop: Backend, forms: list[_Form]) -> None:
    new: dict[str, list[_Form]] = {}  # buyer id → the forms waiting for the buyer's new user
    for form in forms:
        order = form.order
        if order.customer_id is not None:
            form.user_id = int(order.customer_id)
        elif not shop.registers(order):
            form.user_id = shop.guest_user()
        elif (known := shop.index.user_of(order.buyer_id, registered=False)) is not None:
            form.user_id = known
        elif shop.index.pending_email(order.buyer_id) is None:
            new.setdefault(order.buyer_id, []).append(form)
    if not new:
        return
    firsts = {buyer: waiting[0] for buyer, waiting in new.items()}
    for buyer, form in firsts.items():
        with shop.store.transaction():
            shop.index.set_user(buyer, 0, registered=False, email=form.order.buyer_email)
            shop.store.form_steps.intent(form.order.checkout_form_id, "user", form.order.buyer_email)
    ops = [
        BulkOp(
            buyer,
            "POST",
            "users",
            shop.users.body(
                f.order.buyer_email, f.order.buyer_first_name, f.order.buyer_last_name, f.order.buyer_phone
            ),
        )
        for buyer, f in firsts.items()
    ]
    results = shop.client.bulk(ops)
    for result in results:
        buyer, form = result.op.id, firsts[result.op.id]
        user_id = result.new_id() if result.ok else _existing(shop, result.error, form.order.buyer_email)
        if user_id is None:
            continue  # left announced: the one-at-a-time path finds or makes it
        shop.users.remember(form.order.buyer_email, user_id)
        with shop.store.transaction():
            shop.index.set_user(buyer, user_id, registered=False, email=form.order.buyer_email)
            shop.store.form_steps.done(form.order.checkout_form_id, "user", user_id)
        for waiting in new[buyer]:
            waiting.user_id = user_id
    refused_area(results)


def _existing(shop: Backend, error: AllegroSyncError | None, email: str) -> int | None:
    if error is not None and "istnieje" in (getattr(error, "description", None) or ""):
        return shop.users.find(email)
    return None


def _orders(shop: Backend, forms: list[_Form]) -> None:
    ready: list[tuple[_Form, dict[str, Any]]] = []
    for form in forms:
        order = form.order
        try:
            ids = bodies.Ids(
                user_id=form.user_id or 0,
                status=shop.names.resolve("status", order.status),
                shipping=shop.names.resolve("shipping", order.shipping_method),
                payment=shop.names.resolve("payment", order.payment_method),
            )
        except AllegroSyncError:
            continue  # an unknown name: the usual path says so and sets the form aside
        body = bodies.order_body(order, ids, shop.placeholder_phone)
        shop.store.form_steps.intent(order.checkout_form_id, "order", json.dumps(body, ensure_ascii=False))
        ready.append((form, body))
    results = shop.client.bulk([BulkOp(str(n), "POST", "orders", body) for n, (_, body) in enumerate(ready)])
    for (form, body), result in zip(ready, results, strict=True):
        if not result.ok:
            continue  # left announced: settled (found by notes_priv or built) one at a time
        form.order_id = result.new_id()
        order = form.order
        stored = StoredOrder(
            form.order_id,
            order.checkout_form_id,
            order.status,
            order.archival,
            order.flags,
            form.user_id,
            "",
            allegro_status=order.allegro_status,
        )
        with shop.store.transaction():
            shop.index.add(stored)
            shop.index.save_delivery(form.order_id, bodies.delivery_part(body))
            shop.store.form_steps.done(order.checkout_form_id, "order", form.order_id)
    refused_area(results)


def _lines(shop: Backend, forms: list[_Form]) -> None:
    ops: list[BulkOp] = []
    owner: dict[str, _Form] = {}
    for n, form in enumerate(forms):
        assert form.order_id is not None
        shop.store.form_steps.intent(form.order.checkout_form_id, "lines", str(len(form.items)))
        for m, (item, row) in enumerate(zip(form.items, form.rows, strict=True)):
            ops.append(BulkOp(f"{n}.{m}", "POST", "order-products", bodies.line_body(form.order_id, item, row)))
        ops.append(BulkOp(f"{n}.link", "POST", "auction-orders", bodies.auction_body(form.order_id, form.order)))
        owner.update({op.id: form for op in ops[-len(form.items) - 1 :]})
    results = shop.client.bulk(ops)
    failed = {owner[r.op.id].order.checkout_form_id for r in results if not r.ok}
    for form in forms:
        if form.order.checkout_form_id in failed:
            continue  # left announced: checked, or deleted and built again, one at a time
        with shop.store.transaction():
            shop.index.add_lines(form.order_id, form.lines)
            shop.store.form_steps.done(form.order.checkout_form_id, "lines", form.order_id)
    refused_area(results)
