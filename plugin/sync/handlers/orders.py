"""Order handlers: import a paid Allegro order once, follow its later revisions, cancel it.

A checkout form whose purchases (``lineItems[].id``) are already in shop orders is a combined payment: only
purchases not yet in the shop become a new order, so nothing is ordered or taken from stock twice.

A shop that writes at once (REST) keeps an order whose application then failed or was killed. Its creation is
recorded in the store as this handler's step for the form, so the next application of the same event carries on
with it as the order this application created (its emails still go) instead of taking it for an old one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plugin.allegro.models import LineItem
from plugin.shop.records import CustomerId, OrderId, StoredOrder
from plugin.sync.handler_context import HandlerContext
from plugin.sync.mapping import CANCELLED, order_status
from plugin.sync.order_record import PlacedOrder, place_order, update_fields


@dataclass(frozen=True)
class ImportedOrder:
    """``import_order``'s result: the shop order it created and the purchases (line item ids) it holds."""

    order_id: OrderId
    lines: frozenset[str]
    placed: PlacedOrder  # the order as written: what its emails show
    carried_on: bool = False  # created by an application that did not finish (a shop that writes at once)


STEP = "import_order"  # the store's step for a form whose order this handler created (shops that write at once)


def _place(
    ctx: HandlerContext, lines: Sequence[LineItem], customer_id: CustomerId | None, *, combined: bool = False
) -> PlacedOrder:
    """The order of ``lines`` of the context's form, mapped by the manifest: planned, created or carried on."""
    return place_order(
        ctx.form,
        lines,
        ctx.manifest.mapping,
        ctx.has_product,
        archival=ctx.archival,
        customer_id=customer_id,
        combined=combined,
    )


def _buyer_customer(ctx: HandlerContext) -> CustomerId | None:
    """The shop customer of the form's buyer; None when the form names no buyer or the shop has no customer for it."""
    buyer = ctx.form.buyer.id
    return ctx.shop.customer_by_buyer(buyer) if buyer else None


def planned_order(ctx: HandlerContext) -> PlacedOrder | None:
    """The order ``import_order`` would create for a form none of whose purchases is in the shop yet; None when
    it would not simply create one (the form has its order, or is a combined payment)."""
    form, shop = ctx.form, ctx.shop
    if ctx.own_order() is not None or shop.orders_claiming(line.id for line in form.line_items):
        return None
    return _place(ctx, form.line_items, _buyer_customer(ctx))


def import_order(ctx: HandlerContext) -> ImportedOrder | None:
    """Create the shop order (status per ``mapping.order_status``), or just follow the form if it exists."""
    form, shop = ctx.form, ctx.shop
    steps = None if shop.transactional else ctx.store.form_steps
    own = ctx.own_order()
    if own is not None:
        if steps is not None and steps.get(form.id, STEP) is not None:
            return _carried_on(ctx, own)
        update_order(ctx)
        ctx.tally.orders_skipped += 1
        return None
    claims = shop.orders_claiming(line.id for line in form.line_items)
    new_lines = [line for line in form.line_items if line.id not in claims]
    if claims and not new_lines:  # a combined payment of purchases already imported
        ctx.order = shop.order_by_id(next(iter(claims.values())))
        ctx.tally.orders_skipped += 1
        return None
    placed = _place(ctx, new_lines, _buyer_customer(ctx), combined=bool(claims))
    if steps is not None:
        steps.intent(form.id, STEP)
    ctx.order = shop.insert_order(placed.record, placed.items)
    if steps is not None:
        steps.done(form.id, STEP, ctx.order.id)
    return _imported(ctx, ctx.order, new_lines, placed, combined=bool(claims))


def _imported(
    ctx: HandlerContext,
    order: StoredOrder,
    lines: list,
    placed: PlacedOrder,
    *,
    combined: bool,
    carried_on: bool = False,
) -> ImportedOrder:
    items = placed.items
    ctx.order = order
    ctx.replaces_nothing = not combined  # a fresh order holding every purchase replaced no earlier form
    ctx.tally.orders_imported += 1
    ctx.tally.archival_orders += int(ctx.archival)
    unmapped = [item for item in items if item.unmapped]
    ctx.tally.unmapped_items += len(unmapped)
    ctx.tally.unmapped_offers.update(item.offer_id for item in unmapped)
    return ImportedOrder(order.id, frozenset(line.id for line in lines), placed, carried_on)


def _carried_on(ctx: HandlerContext, order: StoredOrder) -> ImportedOrder:
    """The order an unfinished application of this form created, as that application would have returned it."""
    form = ctx.form
    claims = ctx.shop.orders_claiming(line.id for line in form.line_items)
    lines = [line for line in form.line_items if claims.get(line.id) == order.id]
    combined = any(owner != order.id for owner in claims.values())
    placed = _place(ctx, lines, order.customer_id, combined=combined)
    return _imported(ctx, order, lines, placed, combined=combined, carried_on=True)


def update_order(ctx: HandlerContext) -> None:
    """Follow a later revision (address, payment, status); cancelling is ``cancel_order``'s job alone."""
    order = ctx.own_order()
    if order is None or order.cancelled:
        return
    fields = update_fields(ctx.form, ctx.manifest.mapping)
    if ctx.form.status == CANCELLED:
        for key in ("status", "allegro_status"):
            fields.pop(key)
    ctx.shop.update_order(order.id, fields)
    ctx.tally.orders_updated += 1


def cancel_order(ctx: HandlerContext) -> None:
    """Cancel every shop order holding this form's purchases (``restore_stock`` gives their stock back)."""
    status = order_status(CANCELLED, ctx.manifest.mapping)
    for order in ctx.related_orders():
        if not order.cancelled:
            ctx.shop.update_order(order.id, {"status": status, "allegro_status": CANCELLED})
            ctx.tally.orders_cancelled += 1
    ctx.order = None  # re-read: its status changed
