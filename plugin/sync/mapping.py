"""Pure mapping from Allegro's names to the shop's: products (with product sets), statuses, shipping, payment."""

from __future__ import annotations

from collections.abc import Callable

from plugin.allegro.models import CheckoutForm, LineItem
from plugin.manifest.model import Mapping

CANCELLED = "CANCELLED"


def product_code(line: LineItem, mapping: Mapping) -> str | None:
    """The shop code an offer sells: its ``external.id``, or the manifest's offer→code map."""
    if mapping.products.match == "offer_map":
        return mapping.products.offers.get(line.offer_id)
    return line.external_id or None


def stock_components(line: LineItem, mapping: Mapping, exists: Callable[[str], bool]) -> dict[str, int] | None:
    """Shop code → units one line item takes from stock; a product set takes each of its components.

    Set components are Allegro product ids: they count when the shop knows them (as codes, or through
    ``mapping.products.offers``); otherwise the set is sold as the one shop product its offer names.
    None when no shop product fits (the item is imported but flagged ``unmapped``).
    """
    if line.product_set:
        parts: dict[str, int] = {}
        for part in line.product_set:
            code = mapping.products.offers.get(part.product_id, part.product_id)
            parts[code] = parts.get(code, 0) + part.quantity * line.quantity
        if all(exists(code) for code in parts):
            return parts
    code = product_code(line, mapping)
    return {code: line.quantity} if code is not None and exists(code) else None


def order_status(allegro_status: str, mapping: Mapping) -> str:
    default = "cancelled" if allegro_status == CANCELLED else "new"
    return mapping.order_status.get(allegro_status, default)


def shipping_name(form: CheckoutForm, mapping: Mapping) -> str:
    delivery = form.delivery
    return mapping.shipping.get(delivery.method_id, delivery.method_name) if delivery else mapping.shipping.default


#: Allegro payment types whose money does not go through Allegro, by their usual Polish name (a default Shoper
#: shop has this payment too), used when ``mapping.payment.names`` does not name the type: a cash-on-delivery
#: order must never read as paid through Allegro. Every other type falls to ``mapping.payment.default``.
PAYMENT_TYPES: dict[str, str] = {"CASH_ON_DELIVERY": "Płatność przy odbiorze"}


def payment_name(form: CheckoutForm, mapping: Mapping) -> str:
    """The manifest's name for the payment type, else Allegro's own (Polish), else ``mapping.payment.default``."""
    kind = form.payment.type if form.payment else None
    if kind is not None and kind in mapping.payment.names:
        return mapping.payment.names[kind]
    return PAYMENT_TYPES.get(kind or "", mapping.payment.default)
