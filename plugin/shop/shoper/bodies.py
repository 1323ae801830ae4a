"""What an imported Allegro order becomes in Shoper, as request bodies (Shoper's wire types: strings).

- the order: ``origin`` 3 (Allegro), status, shipping, payment and shipping tax by id, both addresses with a
  phone (the buyer's or the manifest's placeholder), the checkout form id in ``notes_priv`` (our key: Shoper has
  no idempotency key), the buyer's message in ``notes``;
- one ``order-products`` line per purchase: linked to its ``product-stocks`` row when Shoper should move stock,
  a free line (name, code, price, no product) when it must not;
- one ``auction-orders`` record tying the order to the checkout form (``deal_id``), buyer login and id.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from plugin.shop.records import ItemRecord, OrderRecord
from plugin.shoper.entities import Named, StockRow
from plugin.shoper.wire import money, shop_datetime

ALLEGRO_ORIGIN = "3"
MARKER = "allegro-sync checkout form "


def marker(checkout_form_id: str) -> str:
    """``notes_priv`` of an imported order: the whole field, so an exact filter finds it."""
    return MARKER + checkout_form_id


def form_of(notes_priv: str) -> str | None:
    return notes_priv[len(MARKER) :].strip() if notes_priv.startswith(MARKER) else None


@dataclass(frozen=True)
class Ids:
    user_id: int
    status: Named
    shipping: Named
    payment: Named


#: the revision fields (``sync.order_record.update_fields``) a delivery address is made of
DELIVERY_FIELDS = (
    "delivery_first_name",
    "delivery_last_name",
    "delivery_company",
    "delivery_street",
    "delivery_city",
    "delivery_postal_code",
    "delivery_country_code",
    "delivery_phone",
    "pickup_point_id",
    "pickup_point_address",
)


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def address(order: OrderRecord, placeholder_phone: str, *, billing: bool) -> dict[str, str]:
    first = order.buyer_first_name if billing else order.delivery_first_name or order.buyer_first_name
    last = order.buyer_last_name if billing else order.delivery_last_name or order.buyer_last_name
    company = order.buyer_company if billing else order.delivery_company
    phone = (order.buyer_phone if billing else order.delivery_phone or order.buyer_phone) or placeholder_phone
    street, city, postcode, country = (
        (order.billing_street, order.billing_city, order.billing_postal_code, order.billing_country_code)
        if billing and getattr(order, "billing_street", None)  # the buyer's invoice or own address, when given
        else (
            order.delivery_street or order.pickup_point_address,
            order.delivery_city,
            order.delivery_postal_code,
            order.delivery_country_code,
        )
    )
    body = {
        "firstname": _s(first) or "-",
        "lastname": _s(last) or "-",
        "company": _s(company),
        "street1": _s(street),
        "street2": "",
        "city": _s(city),
        "postcode": _s(postcode),
        "state": "",
        "country": "Polska" if (country or "PL") == "PL" else _s(country),
        "country_code": _s(country or "PL"),
        "phone": phone,
    }
    if billing and order.tax_id:
        body["tax_identification_number"] = order.tax_id
    return body


def order_body(order: OrderRecord, ids: Ids, placeholder_phone: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "user_id": str(ids.user_id),
        "email": order.buyer_email,
        "status_id": str(ids.status.id),
        "shipping_id": str(ids.shipping.id),
        "payment_id": str(ids.payment.id),
        "shipping_tax_id": str(ids.shipping.tax_id or 1),
        "shipping_cost": money(order.delivery_cost),
        "origin": ALLEGRO_ORIGIN,
        "confirm": "1",
        "notes_priv": marker(order.checkout_form_id),
        "notes": _s(order.message_to_seller),
        "billing_address": address(order, placeholder_phone, billing=True),
        "delivery_address": address(order, placeholder_phone, billing=False),
    }
    if order.bought_at is not None:
        body["date"] = shop_datetime(order.bought_at)
    if order.pickup_point_id:
        body["pickup_point"] = order.pickup_point_id
    return body


def delivery_part(body: dict[str, Any]) -> dict[str, Any]:
    """What of an order body says where the parcel goes (kept, to tell a later revision's change)."""
    return {"delivery_address": body["delivery_address"], "pickup_point": body.get("pickup_point", "")}


def revised_delivery(fields: dict[str, Any], sent: dict[str, Any], placeholder_phone: str) -> dict[str, Any]:
    """The delivery part for a later revision's ``fields`` (``update_fields``); where the revision names nobody or
    no phone, what Shoper was given before stays (it was the buyer's, when the order was built)."""
    before = sent["delivery_address"]
    record = SimpleNamespace(
        **{key: fields.get(key) for key in DELIVERY_FIELDS},
        buyer_first_name=before.get("firstname"),
        buyer_last_name=before.get("lastname"),
        buyer_phone=before.get("phone"),
        buyer_company=None,
        tax_id=None,
    )
    return {
        "delivery_address": address(record, placeholder_phone, billing=False),  # type: ignore[arg-type]
        "pickup_point": fields.get("pickup_point_id") or "",
    }


def line_body(order_id: int, item: ItemRecord, row: StockRow | None) -> dict[str, Any]:
    """``row`` given: a line naming the product (Shoper lowers its stock); None: a free line."""
    body: dict[str, Any] = {
        "order_id": str(order_id),
        "quantity": str(item.quantity),
        "price": money(item.unit_price),
        "name": item.name,
    }
    if row is not None:
        body["product_id"] = str(row.product_id)
        body["stock_id"] = str(row.stock_id)
    elif item.product_code:
        body["code"] = item.product_code
    return body


def auction_body(order_id: int, order: OrderRecord) -> dict[str, Any]:
    return {
        "order_id": str(order_id),
        "deal_id": order.checkout_form_id,
        "transaction_id": order.checkout_form_id,
        "buyer_id": order.buyer_id,
        "buyer_login": order.buyer_login,
    }
