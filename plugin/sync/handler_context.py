"""What a handler gets: the shop, the manifest, the checkout form being applied and a tally to count into."""

from __future__ import annotations

from dataclasses import dataclass, field

from plugin.allegro.models import CheckoutForm
from plugin.manifest.model import Manifest
from plugin.shop.backend import ShopBackend
from plugin.shop.records import StoredOrder
from plugin.sync.report import Tally


@dataclass
class HandlerContext:
    """Mutable per application of one checkout form; discarded when its transaction rolls back."""

    shop: ShopBackend
    manifest: Manifest
    form: CheckoutForm
    kind: str  # the event type (or BACKFILL / ARCHIVAL / CATCHUP for forms read from the listing)
    archival: bool
    products: frozenset[str] = frozenset()  # the shop's product codes (read once per run)
    tally: Tally = field(default_factory=Tally)
    order: StoredOrder | None = None  # the shop order of this checkout form, once known
    created_order: bool = False  # ``import_order`` created it in this application
    new_lines: frozenset[str] = frozenset()  # line items ``import_order`` put into the order it created
    customer_id: int | None = None
    created_customer: bool = False

    def has_product(self, code: str) -> bool:
        return code in self.products

    def own_order(self) -> StoredOrder | None:
        """The shop order carrying this checkout form's id."""
        if self.order is None or self.order.checkout_form_id != self.form.id:
            self.order = self.shop.find_order(self.form.id)
        return self.order

    def related_orders(self) -> list[StoredOrder]:
        """Every shop order holding one of this form's purchases: its own, and those a combined payment replaced."""
        ids = set(self.shop.orders_claiming(item.id for item in self.form.line_items).values())
        own = self.own_order()
        if own is not None:
            ids.add(own.id)
        orders = (self.shop.order_by_id(order_id) for order_id in sorted(ids))
        return [order for order in orders if order is not None]
