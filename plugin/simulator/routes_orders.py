"""``/me`` and the order endpoints: ``/order/events``, ``/order/event-stats``, ``/order/checkout-forms``."""

from __future__ import annotations

import re
from datetime import datetime

from plugin.allegro.models import ORDER_EVENT_TYPES, format_time, parse_time
from plugin.simulator.account import SimulatorState
from plugin.simulator.replies import BadParameter, Reply, Request, api_error, choice, integer
from plugin.simulator.store import STATUSES, micros

EVENT_TYPES = ORDER_EVENT_TYPES
SORTS = ("lineItems.boughtAt", "-lineItems.boughtAt", "updatedAt", "-updatedAt")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MAX_RESULT = 10_000


def me(state: SimulatorState, request: Request, account: str) -> Reply:
    return Reply(200, {**state.seller, "id": account})


def event_stats(state: SimulatorState, request: Request, account: str) -> Reply:
    state.journal.prune(state.clock())
    latest = state.journal.latest()
    if latest is None:
        return Reply(200, {})
    return Reply(200, {"latestEvent": {"id": str(latest.id), "occurredAt": format_time(latest.occurred_at)}})


def events(state: SimulatorState, request: Request, account: str) -> Reply:
    limit = integer(request, "limit", 100, 1, 1000)
    raw_from = request.one("from")
    if raw_from is not None and not raw_from.isdigit():
        raise BadParameter("from", "'from' must be an event id taken from an earlier response")
    types = request.query.get("type") or []
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise BadParameter("type", f"unknown event type(s) {', '.join(unknown)}")
    state.journal.prune(state.clock())
    page = state.journal.page(int(raw_from) if raw_from else None, limit, frozenset(types) or None)
    return Reply(200, encoded=b'{"events": [' + b", ".join(entry.encoded for entry in page) + b"]}")


def _time(request: Request, name: str) -> int | None:
    raw = request.one(name)
    if raw is None:
        return None
    try:
        value = parse_time(raw)
    except ValueError:
        raise BadParameter(name, f"'{name}' must be an ISO-8601 date-time like 2024-05-01T10:00:00.000Z") from None
    assert isinstance(value, datetime)
    return micros(value)


def checkout_forms(state: SimulatorState, request: Request, account: str) -> Reply:
    offset = integer(request, "offset", 0, 0, MAX_RESULT)
    limit = integer(request, "limit", 100, 1, 100)
    if offset + limit > MAX_RESULT:
        return api_error(
            422, "VALIDATION_ERROR", "Offset and limit parameters exceed maximal result size of 10000 items", "offset"
        )
    status = choice(request, "status", STATUSES)
    sort = choice(request, "sort", SORTS, "-lineItems.boughtAt") or "-lineItems.boughtAt"
    bought = (_time(request, "lineItems.boughtAt.gte"), _time(request, "lineItems.boughtAt.lte"))
    updated = (_time(request, "updatedAt.gte"), _time(request, "updatedAt.lte"))
    forms, total = state.store.page(
        sort=sort, status=status, bought=bought, updated=updated, offset=offset, limit=limit
    )
    return Reply(200, {"checkoutForms": forms, "count": len(forms), "totalCount": total})


def checkout_form(state: SimulatorState, request: Request, account: str) -> Reply:
    form_id = request.params[0]
    if not UUID.match(form_id):
        return api_error(422, "VALIDATION_ERROR", "Order id is not a valid UUID", "id")
    form = state.store.get(form_id)
    if form is None:
        return api_error(404, "NOT_FOUND", f"Checkout form {form_id} not found", None)
    return Reply(200, form)


ROUTES = (
    ("GET", r"/me", me),
    ("GET", r"/order/event-stats", event_stats),
    ("GET", r"/order/events", events),
    ("GET", r"/order/checkout-forms", checkout_forms),
    ("GET", r"/order/checkout-forms/([^/]+)", checkout_form),
)
