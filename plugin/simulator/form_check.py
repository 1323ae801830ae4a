"""What a checkout form posted to ``/_simulator/orders`` must hold for the simulator to serve it as Allegro would.

The form is stored as given (tests post odd data on purpose), but the simulator itself indexes it by time, counts
its purchases and takes stock from its offers: a value it cannot read is refused up front with the field named
(422), instead of failing deep inside the listing index and dropping the connection.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from plugin.allegro.models import parse_time
from plugin.exceptions import SimulatorError

REQUIRED = ("id", "buyer", "status", "lineItems", "summary")


def _time_problem(where: str, value: Any) -> str | None:
    if value is None:
        return None
    try:
        if isinstance(value, str) and parse_time(value) is not None:
            return None
    except ValueError:
        pass
    return f"field '{where}' must be an ISO-8601 time like 2026-11-28T10:00:00.000Z, got {value!r:.60}"


def _item_problems(n: int, item: Any) -> list[str]:
    where = f"lineItems[{n}]"
    if not isinstance(item, dict):
        return [f"field '{where}' must be an object"]
    found = []
    if not isinstance(item.get("id"), str) or not item["id"]:
        found.append(f"field '{where}.id' must be a non-empty string")
    if not isinstance(item.get("offer"), dict) or "id" not in item["offer"]:
        found.append(f"field '{where}.offer' must be an object with an id")
    quantity = item.get("quantity", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, int | float) or quantity < 1 or quantity != int(quantity):
        found.append(f"field '{where}.quantity' must be a whole number ≥ 1, got {quantity!r:.60}")
    found.append(_time_problem(f"{where}.boughtAt", item.get("boughtAt")) or "")
    return [p for p in found if p]


def check_form(form: dict[str, Any], statuses: Any) -> None:
    """Raise ``SimulatorError`` naming every field the simulator could not serve."""
    missing = [k for k in REQUIRED if k not in form]
    if missing:
        raise SimulatorError(f"the checkout form lacks required field(s) {', '.join(missing)}")
    found: list[str] = []
    if not isinstance(form["id"], str) or not form["id"] or "/" in form["id"]:
        found.append("field 'id' must be a non-empty string without '/'")
    if form["status"] not in statuses:
        found.append(f"'status' must be one of {', '.join(statuses)}")
    buyer = form["buyer"]
    if not isinstance(buyer, dict) or "id" not in buyer or "login" not in buyer:
        found.append("field 'buyer' must be an object with id and login")
    items = form["lineItems"]
    if not isinstance(items, list):
        found.append("field 'lineItems' must be a list")
    else:
        for n, item in enumerate(items):
            found += _item_problems(n, item)
    found.append(_time_problem("updatedAt", form.get("updatedAt")) or "")
    total = (form["summary"] or {}).get("totalToPay") if isinstance(form["summary"], dict) else None
    try:
        Decimal(str((total or {})["amount"]))
    except (KeyError, TypeError, InvalidOperation):
        found.append("field 'summary.totalToPay.amount' must be a decimal string like \"19.99\"")
    found = [p for p in found if p]
    if found:
        raise SimulatorError("; ".join(found))
