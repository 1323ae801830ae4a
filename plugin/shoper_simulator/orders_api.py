"""``orders`` and ``auction-orders``.

An order needs email, status_id, payment_id, shipping_id, user_id and shipping_tax_id; a missing one is named in
one Polish 400 with all the others, a reference Shoper does not have (``user_id`` 0 included) is "Nie znaleziono
wartości". Its ``sum`` is read only: the lines plus ``shipping_cost``. Deleting it restores the stock its lines
took. ``code`` is accepted and not kept (live: "code not round-tripped"). An order is linked to at most one
auction-order (``auction_order_already_connected``); auction-orders cannot be deleted."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from plugin.shoper_simulator import order_lines_api
from plugin.shoper_simulator.resource_spec import Record, ResourceSpec, body_object, check_flags, require
from plugin.shoper_simulator.shop_state import ShoperState
from plugin.shoper_simulator.wire import (
    EMAIL,
    Problems,
    ShoperFault,
    decimal_of,
    is_blank,
    missing_value,
    money,
)

REQUIRED_FIELDS = ("email", "status_id", "payment_id", "shipping_id", "user_id", "shipping_tax_id")
REFERENCES = {
    "status_id": "statuses",
    "payment_id": "payments",
    "shipping_id": "shippings",
    "user_id": "users",
    "shipping_tax_id": "taxes",
}
ORIGINS = {"0", "1", "2", "3", "4", "5", "6", "8", *(str(n) for n in range(100, 112))}
ADDRESS_FIELDS = (
    "firstname",
    "lastname",
    "company",
    "tax_identification_number",
    "pesel",
    "city",
    "postcode",
    "street1",
    "street2",
    "state",
    "country",
    "country_code",
    "phone",
)
TEXT_FIELDS = ("notes", "notes_priv", "notes_pub", "pickup_point", "delivery_code", "promo_code", "ip_address")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def _check(state: ShoperState, body: Record, problems: Problems) -> None:
    """Every field present is checked; the caller adds the required-field check for POST."""
    if "email" in body and not is_blank(body["email"]) and not EMAIL.match(str(body["email"])):
        problems.add("email", "Niepoprawny adres e-mail")
    for name, table in REFERENCES.items():
        value = body.get(name)
        if not is_blank(value) and state.row(table, value) is None:
            problems.add(name, missing_value(value))
    for name in ("billing_address", "delivery_address"):
        if name in body:
            address = body[name]
            if not isinstance(address, dict):
                problems.add(name, "oczekiwano obiektu z adresem")
            elif is_blank(address.get("phone")):
                problems.add(f"{name}.phone", "Pole wymagane")
    if "origin" in body and str(body["origin"]) not in ORIGINS:
        problems.add("origin", f"Niepoprawna wartość '{body['origin']}'")
    for name in ("paid", "shipping_cost"):
        if name in body and (decimal_of(body[name]) is None or decimal_of(body[name]) < 0):
            problems.add(name, "oczekiwano kwoty ≥ 0")
    if "date" in body and not DATE.match(str(body["date"])):
        problems.add("date", "oczekiwano daty w formacie RRRR-MM-DD GG:MM:SS")
    check_flags(body, ("confirm",), problems)


def _address(raw: Any, fallback: Record | None) -> Record:
    if isinstance(raw, dict):
        return {name: str(raw.get(name) or "") for name in ADDRESS_FIELDS}
    return dict(fallback) if fallback else dict.fromkeys(ADDRESS_FIELDS, "")


def _shipping_tax(state: ShoperState, tax_id: Any) -> tuple[str, str]:
    tax = state.row("taxes", tax_id)
    return (tax["value"], tax["name"]) if tax else ("0", "")


def create_order(state: ShoperState, body: Record) -> int:
    body = body_object(body)
    problems = Problems()
    require(body, REQUIRED_FIELDS, problems)
    _check(state, body, problems)
    problems.raise_any()
    now = state.now()
    billing = _address(body.get("billing_address"), None)
    delivery = _address(body.get("delivery_address"), billing if "billing_address" in body else None)
    if "billing_address" not in body and "delivery_address" in body:
        billing = dict(delivery)
    tax_value, tax_name = _shipping_tax(state, body["shipping_tax_id"])
    order: Record = {
        "user_id": str(body["user_id"]),
        "date": str(body.get("date") or now),
        "status_date": now,
        "confirm_date": now if str(body.get("confirm", "0")) == "1" else None,
        "delivery_date": None,
        "status_id": str(body["status_id"]),
        "sum": "0.00",
        "payment_id": str(body["payment_id"]),
        "user_order": "1",
        "shipping_id": str(body["shipping_id"]),
        "shipping_cost": money(decimal_of(body.get("shipping_cost", 0)) or Decimal(0)),
        "email": str(body["email"]),
        "code": "",
        "confirm": str(body.get("confirm", "0")),
        "currency_id": str(body.get("currency_id") or "1"),
        "currency_rate": "1.0000",
        "paid": money(decimal_of(body.get("paid", 0)) or Decimal(0)),
        "discount_client": "0.00",
        "discount_group": "0.00",
        "discount_levels": "0.00",
        "discount_code": "0.00",
        "shipping_tax_id": str(body["shipping_tax_id"]),
        "shipping_tax_value": tax_value,
        "shipping_tax_name": tax_name,
        "origin": str(body.get("origin", "4")),
        "lang_id": str(body.get("lang_id") or "1"),
        "billing_address": billing,
        "delivery_address": delivery,
        "additional_fields": body.get("additional_fields") or [],
        **{name: str(body.get(name) or "") for name in TEXT_FIELDS},
    }
    order["sum"] = order["shipping_cost"]  # no lines yet
    return state.insert("orders", order)


def update_order(state: ShoperState, order: Record, body: Record) -> None:
    body = body_object(body)
    problems = Problems()
    _check(state, body, problems)
    for name in REQUIRED_FIELDS:
        if name in body and is_blank(body[name]):
            problems.add(name, "Pole wymagane")
    problems.raise_any()
    now = state.now()
    if "status_id" in body and str(body["status_id"]) != order["status_id"]:
        order["status_date"] = now
    for name in (*REQUIRED_FIELDS, "origin", "confirm", "currency_id", "lang_id", "date"):
        if name in body:
            order[name] = str(body[name])
    for name in TEXT_FIELDS:
        if name in body:
            order[name] = str(body[name] or "")
    _apply_nested(order, body)
    if "shipping_tax_id" in body:
        order["shipping_tax_value"], order["shipping_tax_name"] = _shipping_tax(state, body["shipping_tax_id"])
    if "additional_fields" in body:
        order["additional_fields"] = body["additional_fields"] or []
    order_lines_api.recompute_sum(state, order)
    state.touch("orders", int(order["order_id"]))


def _apply_nested(order: Record, body: Record) -> None:
    for name in ("paid", "shipping_cost"):
        if name in body:
            order[name] = money(decimal_of(body[name]) or Decimal(0))
    for name in ("billing_address", "delivery_address"):
        if name in body:
            order[name] = _address(body[name], None)


def delete_order(state: ShoperState, order: Record) -> None:
    """Lines go with the order and give their stock back; so do the order's auction links."""
    for line in state.of_order("order-products", order["order_id"]):
        order_lines_api.remove_line(state, line)
    for link in state.of_order("auction-orders", order["order_id"]):
        state.remove("auction-orders", int(link["auction_order_id"]))
    state.remove("orders", int(order["order_id"]))


def render_order(state: ShoperState, order: Record) -> Record:
    view = dict(order)
    status = state.row("statuses", order["status_id"]) or {}
    view["status"] = {k: status.get(k) for k in ("status_id", "active", "default", "color", "type", "email_change")}
    view["status"]["order"] = status.get("order")
    view["total_products"] = len(state.of_order("order-products", order["order_id"]))
    view["total_parcels"] = 0
    total, paid = Decimal(order["sum"]), Decimal(order["paid"])
    view["is_paid"] = total > 0 and paid >= total
    view["is_underpayment"] = Decimal(0) < paid < total
    view["is_overpayment"] = total > 0 and paid > total
    links = state.of_order("auction-orders", order["order_id"])
    if links:
        view["auction"] = {k: v for k, v in links[0].items() if k != "order_id"}
    return view


# -- auction-orders ----------------------------------------------------------------------------------------
AUCTION_FIELDS = (
    "auction_id",
    "auction_house_id",
    "buyer_id",
    "buyer_login",
    "deal_id",
    "transaction_id",
    "real_auction_id",
    "payment_method",
    "payment_time",
    "shipment_method",
    "status_time",
)


def create_auction_order(state: ShoperState, body: Record) -> int:
    """``auction_order_id`` is the record's own id, given by the shop (a value sent in the body is ignored)."""
    body = body_object(body)
    problems = Problems()
    require(body, ("order_id",), problems)
    if not is_blank(body.get("order_id")) and state.row("orders", body["order_id"]) is None:
        problems.add("order_id", missing_value(body["order_id"]))
    problems.raise_any()
    order_id = str(int(decimal_of(body["order_id"]) or 0))
    if state.of_order("auction-orders", order_id):
        raise ShoperFault(400, "auction_order_already_connected", "Zamówienie jest już powiązane z aukcją")
    link = {"order_id": order_id, **{k: _text(body.get(k)) for k in AUCTION_FIELDS}}
    number = state.insert("auction-orders", link)
    state.touch("orders", int(order_id))
    return number


def update_auction_order(state: ShoperState, link: Record, body: Record) -> None:
    body = body_object(body)
    for name in AUCTION_FIELDS:
        if name in body:
            link[name] = _text(body[name])
    state.touch("auction-orders", int(link["auction_order_id"]))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


SPECS = {
    "orders": ResourceSpec(
        "orders",
        "order_id",
        create_order,
        update_order,
        delete_order,
        render_order,
        unfilterable=frozenset({"status", "auction"}),  # joined blocks: filter by status_id, or auction-orders
    ),
    "auction-orders": ResourceSpec("auction-orders", "auction_order_id", create_auction_order, update_auction_order),
}
