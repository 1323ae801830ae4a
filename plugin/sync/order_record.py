"""Building the shop's order rows from an Allegro checkout form (pure: no shop access).

The order's totals are computed here and only here: the shop row and the confirmation email both read them
from the ``PlacedOrder`` (a combined payment's order holds only the purchases not yet in the shop, so the
form's own lines and total are not the order's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from plugin.allegro.models import Address, CheckoutForm, LineItem
from plugin.manifest.model import Mapping
from plugin.shop.records import CustomerId, ItemRecord, OrderRecord
from plugin.sync.mapping import order_status, payment_name, product_code, shipping_name, stock_components


def item_record(line: LineItem, mapping: Mapping, exists: Callable[[str], bool]) -> ItemRecord:
    unmapped = stock_components(line, mapping, exists) is None
    return ItemRecord(
        line_item_id=line.id,
        product_code=product_code(line, mapping),
        offer_id=line.offer_id,
        name=line.offer_name,
        quantity=line.quantity,
        unit_price=line.price.amount,
        unmapped=unmapped,
    )


@dataclass(frozen=True)
class PlacedOrder:
    """A shop order built from a checkout form: its row and its lines, as written to the shop."""

    record: OrderRecord
    items: tuple[ItemRecord, ...]


def place_order(
    form: CheckoutForm,
    lines: Sequence[LineItem],
    mapping: Mapping,
    exists: Callable[[str], bool],
    *,
    archival: bool,
    customer_id: CustomerId | None,
    combined: bool = False,
) -> PlacedOrder:
    """The order of ``lines`` of ``form`` (all of them, or those a combined payment adds; it then carries no
    delivery cost, which the orders it joined already carry)."""
    items = tuple(item_record(line, mapping, exists) for line in lines)
    record = order_record(
        form,
        items,
        mapping,
        archival=archival,
        customer_id=customer_id,
        flags=("combined",) if combined else (),
        with_delivery_cost=not combined,
    )
    return PlacedOrder(record, items)


def order_record(
    form: CheckoutForm,
    items: Sequence[ItemRecord],
    mapping: Mapping,
    *,
    archival: bool,
    customer_id: CustomerId | None,
    flags: Sequence[str] = (),
    with_delivery_cost: bool = True,
) -> OrderRecord:
    buyer, delivery, invoice = form.buyer, form.delivery, form.invoice
    billing = (invoice.address if invoice and invoice.address and invoice.address.street else None) or buyer.address
    address = delivery.address if delivery else None
    point = delivery.pickup_point if delivery else None
    point_address = point.address if point else None
    items_total = sum((i.unit_price * i.quantity for i in items), Decimal("0"))
    cost = delivery.cost.amount if delivery and delivery.cost and with_delivery_cost else Decimal("0")
    all_flags = set(flags) | ({"unmapped"} if any(i.unmapped for i in items) else set())
    return OrderRecord(
        checkout_form_id=form.id,
        revision=form.revision,
        status=order_status(form.status, mapping),
        allegro_status=form.status,
        archival=archival,
        flags=" ".join(sorted(all_flags)),
        customer_id=customer_id,
        buyer_id=buyer.id,
        buyer_login=buyer.login,
        buyer_email=buyer.email,
        buyer_first_name=buyer.first_name,
        buyer_last_name=buyer.last_name,
        buyer_company=(invoice.company_name if invoice and invoice.company_name else buyer.company_name),
        buyer_phone=buyer.phone_number,
        tax_id=invoice.tax_id if invoice else None,
        delivery_first_name=address.first_name if address else None,
        delivery_last_name=address.last_name if address else None,
        delivery_company=address.company_name if address else None,
        delivery_street=address.street if address else None,
        delivery_city=address.city if address else None,
        delivery_postal_code=address.zip_code if address else None,
        delivery_country_code=address.country_code if address else None,
        delivery_phone=address.phone_number if address else None,
        pickup_point_id=point.id if point else None,
        pickup_point_name=point.name if point else None,
        pickup_point_address=_one_line(point_address) if point_address else None,
        shipping_method=shipping_name(form, mapping),
        delivery_method=delivery.method_name if delivery else None,
        payment_method=payment_name(form, mapping),
        message_to_seller=form.message_to_seller or None,
        currency=form.total_to_pay.currency,
        items_total=items_total,
        delivery_cost=cost,
        total=items_total + cost,
        bought_at=form.bought_at,
        allegro_payment_type=form.payment.type if form.payment else None,
        allegro_delivery_method_id=delivery.method_id if delivery else None,
        billing_street=billing.street if billing else None,
        billing_city=billing.city if billing else None,
        billing_postal_code=billing.zip_code if billing else None,
        billing_country_code=billing.country_code if billing else None,
    )


def update_fields(form: CheckoutForm, mapping: Mapping) -> dict[str, object]:
    """What a later revision of an imported form may change: status, delivery address, shipping, payment."""
    record = order_record(form, (), mapping, archival=False, customer_id=None)
    keys = [k for k in record.__dataclass_fields__ if k.startswith(("delivery_", "pickup_point_"))]
    keys += ["revision", "status", "allegro_status", "shipping_method", "payment_method", "message_to_seller"]
    keys += ["allegro_payment_type", "allegro_delivery_method_id"]
    return {key: getattr(record, key) for key in keys if key != "delivery_cost"}


def _one_line(address: Address) -> str:
    parts = [address.street, " ".join(p for p in (address.zip_code, address.city) if p)]
    return ", ".join(p for p in parts if p)
