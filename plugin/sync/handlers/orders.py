"""Order handlers: import a paid Allegro order once, follow its later revisions, cancel it.

A checkout form whose purchases (``lineItems[].id``) are already in shop orders is a combined payment: only
purchases not yet in the shop become a new order, so nothing is ordered or taken from stock twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugin.shop.records import OrderId
from plugin.sync.handler_context import HandlerContext
from plugin.sync.mapping import CANCELLED, order_status
from plugin.sync.order_record import PlacedOrder, place_order, update_fields


@dataclass(frozen=True)
class ImportedOrder:
    """``import_order``'s result: the shop order it created and the purchases (line item ids) it holds."""

    order_id: OrderId
    lines: frozenset[str]
    placed: PlacedOrder  # the order as written: what its emails show


def import_order(ctx: HandlerContext) -> ImportedOrder | None:
    """Create the shop order (status per ``mapping.order_status``), or just follow the form if it exists."""
    if ctx.own_order() is not None:
        update_order(ctx)
        ctx.tally.orders_skipped += 1
        return None
    form, shop = ctx.form, ctx.shop
    claims = shop.orders_claiming(line.id for line in form.line_items)
    new_lines = [line for line in form.line_items if line.id not in claims]
    if claims and not new_lines:  # a combined payment of purchases already imported
        ctx.order = shop.order_by_id(next(iter(claims.values())))
        ctx.tally.orders_skipped += 1
        return None
    placed = place_order(
        form,
        new_lines,
        ctx.manifest.mapping,
        ctx.has_product,
        archival=ctx.archival,
        customer_id=shop.customer_by_buyer(form.buyer.id) if form.buyer.id else None,
        combined=bool(claims),
    )
    items = placed.items
    ctx.order = shop.insert_order(placed.record, items)
    ctx.replaces_nothing = not claims  # a fresh order holding every purchase replaced no earlier form
    ctx.tally.orders_imported += 1
    ctx.tally.archival_orders += int(ctx.archival)
    unmapped = [item for item in items if item.unmapped]
    ctx.tally.unmapped_items += len(unmapped)
    ctx.tally.unmapped_offers.update(item.offer_id for item in unmapped)
    return ImportedOrder(ctx.order.id, frozenset(line.id for line in new_lines), placed)


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
