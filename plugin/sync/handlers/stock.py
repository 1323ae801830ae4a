"""Stock handlers: a live imported order takes its units (product sets: every component), a cancelled one
gives back exactly what it took. ``stock_moves`` records every move, which makes both idempotent."""

from __future__ import annotations

import shlex

from plugin.exceptions import OrderQuarantined
from plugin.shop.records import OrderId
from plugin.sync.handler_context import HandlerContext
from plugin.sync.handlers.orders import ImportedOrder
from plugin.sync.mapping import stock_components


def _wanted(ctx: HandlerContext, order_id: OrderId, imported: ImportedOrder | None) -> dict[str, int]:
    """Units per shop code of the purchases this order holds."""
    if imported is not None and imported.order_id == order_id:
        mine = imported.lines
    else:
        claims = ctx.shop.orders_claiming(line.id for line in ctx.form.line_items)
        mine = frozenset(line_id for line_id, owner in claims.items() if owner == order_id)
    wanted: dict[str, int] = {}
    for line in ctx.form.line_items:
        if line.id not in mine:
            continue
        parts = stock_components(line, ctx.manifest.mapping, ctx.has_product)
        for code, units in (parts or {}).items():
            wanted[code] = wanted.get(code, 0) + units
    return wanted


def waits_for_stock_of(code: str) -> str:
    """How a quarantine reason begins when the order waits for stock of ``code`` (``shop stock`` looks for it)."""
    return f"product {code!r} has "


def _take(ctx: HandlerContext, order_id: OrderId, code: str, units: int) -> int:
    """How many units to take under ``sync.negative_stock``: allow | clamp | quarantine."""
    policy = ctx.manifest.sync.negative_stock
    if policy == "allow":
        return units
    # the stock before this order: a shop that lowers stock by itself (Shoper) already took the order's units
    stock = (ctx.shop.product_stock(code) or 0) - ctx.shop.net_stock_moves(order_id).get(code, 0)
    if stock - units >= 0:
        return units
    if policy == "clamp":
        return max(stock, 0)
    raise OrderQuarantined(
        f"{waits_for_stock_of(code)}{stock} in stock but the order needs {units}; with sync.negative_stock: "
        "quarantine the order waits until stock is added: `allegro-sync shop stock MANIFEST "
        f"{shlex.quote(code)} --add N --retry-waiting` (or set negative_stock to allow or clamp)."
    )


def update_stock(ctx: HandlerContext) -> None:
    """Take the units of the order ``import_order`` just created (or of the form's own order, once)."""
    imported: ImportedOrder | None = ctx.earlier("import_order")
    order = ctx.order if imported is not None else ctx.own_order()
    fresh = imported is not None and order is not None and order.id == imported.order_id and not imported.carried_on
    if order is None or order.cancelled:
        return  # nothing imported, or cancelled
    moved = {} if fresh else ctx.shop.net_stock_moves(order.id)  # taken already (a shop writing at once: some)
    for code, units in sorted(_wanted(ctx, order.id, imported).items()):
        if code in moved:
            continue
        ctx.shop.move_stock(order.id, code, -_take(ctx, order.id, code, units), "sale")
        ctx.tally.stock_updates += 1


def restore_stock(ctx: HandlerContext) -> None:
    """Give back what cancelled orders took (also when a rule runs it before ``cancel_order``)."""
    form_cancelled = ctx.form.status == "CANCELLED"
    for order in ctx.related_orders():
        if not (order.cancelled or form_cancelled):
            continue
        for code, net in sorted(ctx.shop.net_stock_moves(order.id).items()):
            if net < 0:
                ctx.shop.move_stock(order.id, code, -net, "restore")
                ctx.tally.stock_updates += 1
