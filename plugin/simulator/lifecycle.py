"""Allegro's order lifecycle applied to checkout-form JSON: what each event does, combined payments, and the
order summary events carry. Pure functions on dicts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from plugin.allegro.models import format_time

MARKETPLACE = {"id": "allegro-pl"}


def summary_of(seller_id: str, buyer: dict[str, Any], items: list[dict]) -> dict[str, Any]:
    """The order part of an event: seller, buyer reference and line items (shared by all its events)."""
    return {
        "seller": {"id": seller_id},
        "buyer": {
            "id": buyer["id"],
            "email": buyer.get("email", ""),
            "login": buyer["login"],
            "guest": bool(buyer.get("guest", False)),
        },
        "lineItems": [
            {
                **{k: item[k] for k in ("id", "quantity", "originalPrice", "price", "boughtAt") if k in item},
                "offer": {k: v for k, v in item["offer"].items() if k in ("id", "name", "external")},
            }
            for item in items
        ],
        "marketplace": dict(MARKETPLACE),
    }


def combine_forms(forms: list[dict[str, Any]], new_id: str, payment_id: str) -> dict[str, Any]:
    """The checkout form Allegro creates when several purchases are paid at once: line item ids are kept."""
    first = forms[0]
    items = [item for form in forms for item in form["lineItems"]]
    total = sum(Decimal(f["summary"]["totalToPay"]["amount"]) for f in forms)
    form = {**first, "id": new_id, "lineItems": items, "status": "BOUGHT"}
    payment = first.get("payment") or {"type": "ONLINE", "provider": "P24"}
    form["payment"] = {"id": payment_id, "type": payment["type"], "provider": payment.get("provider", "P24")}
    form["summary"] = {"totalToPay": {"amount": f"{total:.2f}", "currency": "PLN"}}
    return form


def _ready(form: dict[str, Any], when: datetime) -> None:
    form["status"] = "READY_FOR_PROCESSING"
    payment = form.get("payment")
    if payment and payment.get("type") != "CASH_ON_DELIVERY":
        payment["finishedAt"] = format_time(when)
        payment["paidAmount"] = dict(form["summary"]["totalToPay"])


def _modified(form: dict[str, Any], when: datetime) -> None:
    address = (form.get("delivery") or {}).get("address")
    if address:
        address["street"] = address["street"].split(" ")[0] + " Nowa 7"
        address["modifiedAt"] = format_time(when)


def _cancelled(form: dict[str, Any], when: datetime) -> None:
    form["status"] = "CANCELLED"
    if form.get("fulfillment"):
        form["fulfillment"]["status"] = "CANCELLED"


#: event type → what it does to the checkout form (a table, not an if-chain)
STEP_EFFECTS = {
    "BOUGHT": lambda form, when: form.__setitem__("status", "BOUGHT"),
    "FILLED_IN": lambda form, when: form.__setitem__("status", "FILLED_IN"),
    "READY_FOR_PROCESSING": _ready,
    "BUYER_MODIFIED": _modified,
    "BUYER_CANCELLED": _cancelled,
    "AUTO_CANCELLED": _cancelled,
}


def apply_step(form: dict[str, Any], kind: str, when: datetime, revision: str) -> None:
    STEP_EFFECTS[kind](form, when)
    form["revision"] = revision
    form["updatedAt"] = format_time(when)
