"""Settling an order a crashed (or refused) run left half built, found by its checkout form id.

The recovery points say how far the build got; Shoper, searched by the form id in ``notes_priv``, says what
is really there. Finish what can be finished without guessing, undo the rest:

- ``order`` announced, no order in Shoper: it was never created; build it.
- ``order`` announced or done, ``lines`` never announced: the order exists without lines; adopt it.
- ``lines`` announced: if every line and the ``auction-orders`` link are there, it is finished; otherwise
  delete the order (Shoper puts back the stock its lines took) and build it again.

A form seen next as cancelled (``for_cancellation``) is never built again: a complete order is handed to the
cancellation, with the stock its linked lines took, to be cancelled and restocked; anything less is deleted.
"""

from __future__ import annotations

from typing import Protocol

from plugin.shop.records import StoredOrder
from plugin.shop.shoper.bodies import marker
from plugin.shop.shoper.order_index import Line, OrderIndex
from plugin.shoper import ShoperClient
from plugin.shoper.entities import ShoperOrder
from plugin.shoper.wire import as_int
from plugin.store.sync_store import SyncStore


class ShoperShop(Protocol):
    """What settling needs of the backend (``plugin.shop.shoper.shoper_shop.ShoperShop``)."""

    client: ShoperClient
    store: SyncStore
    index: OrderIndex
    adoptable: dict[str, int]


def orders_of_form(shop: ShoperShop, checkout_form_id: str) -> list[int]:
    page = shop.client.page("orders", limit=50, filters={"notes_priv": marker(checkout_form_id)})
    found = [ShoperOrder.parse(row) for row in page.items]
    return sorted(o.order_id for o in found if o.notes_priv == marker(checkout_form_id))


def settle(shop: ShoperShop, checkout_form_id: str, lines: list[Line]) -> StoredOrder | None:
    """The finished order of this form, or None when it is to be built (after undoing a half-built one)."""
    steps = shop.store.form_steps.of_form(checkout_form_id)
    order_step, lines_step = steps.get("order"), steps.get("lines")
    if order_step is None and lines_step is None:
        return None
    if lines_step is not None and lines_step.done:
        return shop.index.by_form(checkout_form_id)
    known = int(order_step.shop_id) if order_step is not None and order_step.shop_id else None
    found = orders_of_form(shop, checkout_form_id)
    if known is not None and known not in found and _exists(shop, known):
        found.append(known)
    if not found:
        shop.store.form_steps.forget(checkout_form_id)
        return None
    keep, extra = found[0], found[1:]
    for order_id in extra:  # should never happen: two orders for one form; keep the oldest
        shop.client.delete("orders", order_id)
        shop.index.drop(order_id)
    if lines_step is None:
        shop.adoptable[checkout_form_id] = keep
        return None
    if _complete(shop, keep, len(lines)) and shop.index.by_id(keep) is not None:
        shop.index.add_lines(keep, lines)
        shop.store.form_steps.done(checkout_form_id, "lines", keep)
        return shop.index.by_form(checkout_form_id)
    shop.client.delete("orders", keep)
    shop.index.drop(keep)
    shop.store.form_steps.forget(checkout_form_id)
    return None


def for_cancellation(shop: ShoperShop, checkout_form_id: str, *, undo: bool = True) -> StoredOrder | None:
    """The order a run that died (or a form set aside) left for a form that is now cancelled: handed over when
    complete (``lines`` done; only the store is written), so the cancellation cancels it and gives back what
    Shoper took; deleted otherwise (Shoper gives back the stock of whatever lines it had), unless ``undo`` is
    False (``plan``). Steps alone say whether there is one: a form never built costs no call to Shoper."""
    steps = shop.store.form_steps.of_form(checkout_form_id)
    order_step, lines_step = steps.get("order"), steps.get("lines")
    if order_step is None and lines_step is None:
        return None
    built = shop.index.by_form(checkout_form_id)
    if lines_step is not None and lines_step.done and built is not None:
        order_id = int(built.id)
        shop.index.record_auto(order_id)  # recorded with its lines; an order from before that gets them now
        shop.index.hand(order_id)
        return shop.index.by_form(checkout_form_id, handed_only=True)
    if not undo:
        return None
    known = int(order_step.shop_id) if order_step is not None and order_step.shop_id else None
    found = orders_of_form(shop, checkout_form_id)
    if known is not None and known not in found and _exists(shop, known):
        found.append(known)
    for order_id in found:  # Shoper gives back the stock of its lines; one already gone answers 404
        shop.client.delete("orders", order_id)
        shop.index.drop(order_id)
    if built is not None:
        shop.index.drop(int(built.id))
    shop.store.form_steps.forget(checkout_form_id)
    return None


def adopted(shop: ShoperShop, checkout_form_id: str) -> int | None:
    return shop.adoptable.pop(checkout_form_id, None)


def _exists(shop: ShoperShop, order_id: int) -> bool:
    page = shop.client.page("orders", limit=1, filters={"order_id": order_id})
    return any(as_int(row.get("order_id")) == order_id for row in page.items)


def _complete(shop: ShoperShop, order_id: int, expected_lines: int) -> bool:
    lines = shop.client.page("order-products", limit=50, filters={"order_id": order_id})
    links = shop.client.page("auction-orders", limit=1, filters={"order_id": order_id})
    return lines.count == expected_lines and links.count >= 1
