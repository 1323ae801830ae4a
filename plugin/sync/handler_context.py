"""What a handler gets: the shop port, the sync store (outbox), the manifest, the checkout form, a tally.

A handler passes what it did to later handlers only as its *result* (``ctx.results[name]``), and a handler
reads another's result only through ``ctx.earlier(name)``, for a name the catalogue declares in its ``reads``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plugin.allegro.models import CheckoutForm
from plugin.manifest.catalogue import CATALOGUE
from plugin.manifest.model import Manifest
from plugin.shop.port import ShopPort
from plugin.shop.records import StoredOrder
from plugin.store.sync_store import SyncStore
from plugin.sync.report import Tally


@dataclass
class HandlerContext:
    """Mutable per application of one checkout form; discarded when its transaction rolls back."""

    shop: ShopPort
    store: SyncStore  # the outbox (and the engine's other data) lives here
    manifest: Manifest
    form: CheckoutForm
    kind: str  # the event type (or BACKFILL / ARCHIVAL / CATCHUP for forms read from the listing)
    archival: bool
    products: frozenset[str] = frozenset()  # the shop's product codes (read once per run)
    tally: Tally = field(default_factory=Tally)
    order: StoredOrder | None = None  # the shop order of this checkout form, once known
    running: str = ""  # the handler being run (set by the engine)
    results: dict[str, Any] = field(default_factory=dict)  # handler name → what it did in this application
    replaces_nothing: bool = False  # a handler knows this form replaced no earlier form (a combined payment)

    def has_product(self, code: str) -> bool:
        return code in self.products

    def earlier(self, name: str) -> Any:
        """The result of handler ``name`` if it ran earlier in this application, else None."""
        if name not in CATALOGUE[self.running].reads:
            raise RuntimeError(
                f"handler {self.running!r} reads {name!r}'s result without declaring it in the catalogue"
            )
        return self.results.get(name)

    def own_order(self) -> StoredOrder | None:
        """The shop order carrying this checkout form's id."""
        if self.order is None or self.order.checkout_form_id != self.form.id:
            self.order = self.shop.find_order(self.form.id)
        return self.order

    def related_orders(self) -> list[StoredOrder]:
        """Every shop order holding one of this form's purchases: its own, and those a combined payment replaced.
        Asked only by a cancellation, which must also find the order a shop that writes at once built in an
        application that never committed (seen first as cancelled, e.g. by the listing, it is never imported)."""
        ids = set(self.shop.orders_claiming(item.id for item in self.form.line_items).values())
        own = self.own_order()
        if own is None:
            own = self.order = self.shop.unfinished_order(self.form.id)
        if own is not None:
            ids.add(own.id)
        orders = (self.shop.order_by_id(order_id) for order_id in sorted(ids))
        return [order for order in orders if order is not None]
