"""The Shoper shop backend: the shop port over Shoper's REST API, exactly once without transactions.

Shoper writes at once and has no idempotency key, so every write that could be doubled is announced in the sync
store first (``form_steps.intent``) and confirmed after (``form_steps.done`` with Shoper's id):

- ``order``: intent (with the request bodies) → ``POST orders`` → done(order id);
- ``lines``: intent → one bulk call with every ``order-products`` line and the ``auction-orders`` link → done;
- ``stock:<reason>:<code>``: intent(target) → ``PUT product-stocks/{id} {"stock": target}`` → done. The target is
  absolute, so repeating it after a crash sets the same value again instead of moving stock twice.

An order whose steps were left half done is settled before it is built again (``rebuild.settle``): an order
that was never created is created; one that exists without its lines gets them; one whose lines may be partly
there is deleted (Shoper gives its stock back) and built again; a form next seen cancelled is finished and
cancelled, or deleted (``unfinished_order``). A buyer's user is announced with its email (``user``): Shoper
refuses a second user with that email, so any later order of the buyer finds the one a lost answer made.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from plugin.exceptions import ShopError
from plugin.manifest.model import Manifest, ShoperBackend
from plugin.shop.records import CustomerId, CustomerRecord, ItemRecord, OrderId, OrderRecord, StoredOrder
from plugin.shop.shoper import bodies, rebuild
from plugin.shop.shoper.ahead import build_ahead, refused_area
from plugin.shop.shoper.customers import Users
from plugin.shop.shoper.lookups import Catalogue, ShopNames
from plugin.shop.shoper.order_index import Line, OrderIndex
from plugin.shop.shoper.stock_side import ShoperStock
from plugin.shoper import BulkOp, ShoperClient
from plugin.shoper.entities import StockRow
from plugin.store.sync_store import SyncStore


class ShoperShop(ShoperStock):
    transactional = False

    def __init__(self, manifest: Manifest, store: SyncStore, client: ShoperClient) -> None:
        backend = manifest.shop.backend
        assert isinstance(backend, ShoperBackend)
        self.backend = backend
        self.sync = manifest.sync
        self.store = store
        self.client = client
        self.index = OrderIndex(store.conn)
        self.names = ShopNames(client)
        self.catalogue = Catalogue(client)
        self.users = Users(client)
        self._guest: int | None = None
        self.placeholder_phone = backend.phone_placeholder
        self.adoptable: dict[str, int] = {}  # form → an order a crashed run created without lines

    def close(self) -> None:
        self.client.close()

    # orders -------------------------------------------------------------------------------------------------------
    def find_order(self, checkout_form_id: str) -> StoredOrder | None:
        """Only an order the engine took in a committed form. One half built, or built but not yet handed over
        (built ahead, or a crash before its form committed), goes through ``insert_order``, which finishes it and
        hands it over: the form then imports it, with its emails, exactly once. The hand is written in the form's
        transaction, but a later recovery point of the same form (its ``import_order`` step) puts it on disk
        before the form commits: an order whose form never committed (a crash, a quarantine) is not taken as
        one the engine has, so it is imported again (stock and ``negative_stock`` handled in full) or, when next
        seen cancelled, settled by ``unfinished_order``."""
        order = self.index.by_form(checkout_form_id, handed_only=True)
        return order if order is not None and self.store.ledger_has(checkout_form_id) else None

    def unfinished_order(self, checkout_form_id: str, *, undo: bool = True) -> StoredOrder | None:
        return rebuild.for_cancellation(self, checkout_form_id, undo=undo)

    def prepare_orders(self, orders: list[tuple[OrderRecord, list[ItemRecord]]]) -> None:
        build_ahead(self, orders)

    def order_by_id(self, order_id: OrderId) -> StoredOrder | None:
        return self.index.by_id(int(order_id))

    def orders_claiming(self, line_item_ids: Iterable[str]) -> dict[str, OrderId]:
        """Only orders handed to the engine in a form that committed (as ``find_order``)."""
        claims = self.index.claiming(line_item_ids)
        forms = {order_id: self.index.by_id(order_id) for order_id in set(claims.values())}
        taken = {
            order_id
            for order_id, order in forms.items()
            if order is not None and self.store.ledger_has(order.checkout_form_id)
        }
        return {line: order_id for line, order_id in claims.items() if order_id in taken}

    def insert_order(self, order: OrderRecord, items: Iterable[ItemRecord]) -> StoredOrder:
        items = list(items)
        form = order.checkout_form_id
        rows = [self.line_row(item) for item in items]
        lines = [
            Line(i.line_item_id, i.product_code, i.quantity, r is not None) for i, r in zip(items, rows, strict=True)
        ]
        finished = rebuild.settle(self, form, lines)
        if finished is not None:
            self.index.hand(int(finished.id))
            return finished
        user_id = self._user_for(order)
        ids = bodies.Ids(
            user_id=user_id,
            status=self.names.resolve("status", order.status),
            shipping=self.names.resolve("shipping", order.shipping_method),
            payment=self.names.resolve("payment", order.payment_method),
        )
        order_body = bodies.order_body(order, ids, self.backend.phone_placeholder)
        steps = self.store.form_steps
        order_id = rebuild.adopted(self, form)
        sent = order_body
        if order_id is None:
            steps.intent(form, "order", json.dumps(order_body, ensure_ascii=False))
            order_id = self.client.create("orders", order_body)
        else:  # built by a run that died, from the body it announced: a later revision's address is sent now
            announced = steps.get(form, "order")
            sent = json.loads(announced.detail) if announced is not None and announced.detail else order_body
            if bodies.delivery_part(sent) != bodies.delivery_part(order_body):
                self.client.update("orders", order_id, bodies.delivery_part(order_body))
                sent = order_body
        stored = StoredOrder(
            order_id, form, order.status, order.archival, order.flags, user_id, "", allegro_status=order.allegro_status
        )
        self.index.add(stored)
        self.index.save_delivery(order_id, bodies.delivery_part(sent))
        steps.done(form, "order", order_id)
        steps.intent(form, "lines", str(len(items)))
        ops = [
            BulkOp(f"l{n}", "POST", "order-products", bodies.line_body(order_id, i, r))
            for n, (i, r) in enumerate(zip(items, rows, strict=True))
        ]
        ops.append(BulkOp("link", "POST", "auction-orders", bodies.auction_body(order_id, order)))
        failed = [r for r in self.client.bulk(ops) if not r.ok]
        refused_area(failed)
        if failed:
            raise ShopError(
                f"Shoper order {order_id} for checkout form {form}: "
                + "; ".join(str(r.error) for r in failed)
                + " — the order is set aside; the next attempt deletes it and builds it again"
            )
        self.index.add_lines(order_id, lines)
        steps.done(form, "lines", order_id)
        self.index.hand(order_id)
        return self.index.by_form(form) or stored

    def line_row(self, item: ItemRecord) -> StockRow | None:
        """The product row a line names when Shoper should move its stock; None makes a free line."""
        if item.unmapped or not item.product_code or not self.sync.update_stock:
            return None
        return self.catalogue.get(item.product_code)

    def registers(self, order: OrderRecord) -> bool:
        """Whether this order's buyer gets a user of their own (else the guest account takes the order)."""
        return bool(self.sync.register_customers and order.buyer_email and order.buyer_id)

    def guest_user(self) -> int:
        if self._guest is None:
            self._guest = self.users.guest(self.backend.guest_account)
        return self._guest

    def _user_for(self, order: OrderRecord) -> int:
        if order.customer_id is not None:
            return int(order.customer_id)
        if self.registers(order):
            # the customer register_customer asks for next, made now since Shoper wants it on the order
            return self._buyer_user(
                order.checkout_form_id,
                order.buyer_id,
                email=order.buyer_email,
                first=order.buyer_first_name,
                last=order.buyer_last_name,
                phone=order.buyer_phone,
                registered=False,
            )
        return self.guest_user()

    def update_order(self, order_id: OrderId, fields: dict[str, Any]) -> None:
        """Status, customer and a changed delivery address (or pickup point) reach Shoper; PUT sets absolute
        values, so a repeat after a crash writes the same again. The rest is ours."""
        current = self._known(order_id)
        body: dict[str, Any] = {}
        delivery = self._changed_delivery(current.id, fields)
        if delivery is not None:
            body.update(delivery)
        if "status" in fields and fields["status"] != current.status:
            body["status_id"] = str(self.names.resolve("status", str(fields["status"])).id)
        if (
            "customer_id" in fields
            and fields["customer_id"] is not None
            and fields["customer_id"] != current.customer_id
        ):
            body["user_id"] = str(fields["customer_id"])
        if body:
            self.client.update("orders", current.id, body)
        if delivery is not None:
            self.index.save_delivery(current.id, delivery)
        self.index.update(current.id, **fields)

    def _changed_delivery(self, order_id: int, fields: dict[str, Any]) -> dict[str, Any] | None:
        """The delivery part to send when the revision moved the parcel somewhere else; None when it did not (or
        the order was built before what Shoper was given was kept: then only a revision naming the recipient
        is sent, as nothing else would say whose name to put)."""
        if not any(key in fields for key in bodies.DELIVERY_FIELDS):
            return None
        sent = self.index.delivery(order_id)
        if sent is None:
            if not (fields.get("delivery_first_name") and fields.get("delivery_last_name")):
                return None
            sent = {"delivery_address": {}, "pickup_point": None}
        revised = bodies.revised_delivery(fields, sent, self.backend.phone_placeholder)
        return None if revised == sent else revised

    # customers ----------------------------------------------------------------------------------------------------
    def customer_by_buyer(self, buyer_id: str) -> CustomerId | None:
        return self.index.user_of(buyer_id, registered=True)

    def insert_customer(self, customer: CustomerRecord) -> CustomerId:
        buyer = customer.allegro_buyer_id
        return self._buyer_user(
            f"buyer:{buyer}",
            buyer,
            email=customer.email,
            first=customer.first_name,
            last=customer.last_name,
            phone=customer.phone,
            registered=True,
        )

    def _buyer_user(
        self,
        form: str,
        buyer_id: str,
        *,
        email: str,
        first: str | None,
        last: str | None,
        phone: str | None,
        registered: bool,
    ) -> int:
        """The buyer's one Shoper user. Before creating it, the buyer's row (user 0, this email) is made durable:
        a user created by a call whose answer was lost is then found by that email, even by another form of the
        same buyer, instead of a second user being made under another masked address."""
        user_id = self.index.user_of(buyer_id, registered=False)
        if user_id is None:
            email = self.index.pending_email(buyer_id) or email
            self.index.set_user(buyer_id, 0, registered=False, email=email)
            self.store.form_steps.intent(form, "user", email)
            user_id = self.users.ensure(email, first, last, phone)
            self.index.set_user(buyer_id, user_id, registered=registered, email=email)
            self.store.form_steps.done(form, "user", user_id)
        elif registered:
            self.index.set_user(buyer_id, user_id, registered=True)
        return user_id
