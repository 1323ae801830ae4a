"""``/_simulator/…``: no-auth endpoints tests and the demo use to drive orders, faults and lifecycles."""

from __future__ import annotations

from plugin.exceptions import SimulatorError
from plugin.simulator.account import SimulatorState
from plugin.simulator.replies import Reply, Request


def _body(request: Request) -> dict:
    body = request.json()
    if not isinstance(body, dict):
        raise SimulatorError("the body must be a JSON object")
    return body


def post_orders(state: SimulatorState, request: Request) -> Reply:
    """``{"count": N}`` generates N orders; any other object is one checkout form stored as given."""
    body = _body(request)
    if set(body) == {"count"}:
        count = body["count"]
        if not isinstance(count, int) or isinstance(count, bool):
            raise SimulatorError("'count' must be a whole number")
        return Reply(201, {"ids": state.add_orders(count)}, content_type="application/json")
    return Reply(201, {"ids": [state.store_form(body)]}, content_type="application/json")


def post_faults(state: SimulatorState, request: Request) -> Reply:
    return Reply(200, state.set_faults(**_body(request)), content_type="application/json")


def get_state(state: SimulatorState, request: Request) -> Reply:
    return Reply(200, state.snapshot(), content_type="application/json")


def cancel(state: SimulatorState, request: Request) -> Reply:
    body = request.json() or {}
    kind = body.get("type", "BUYER_CANCELLED") if isinstance(body, dict) else "BUYER_CANCELLED"
    return Reply(200, {"event_id": state.cancel(request.params[0], kind)}, content_type="application/json")


def pay(state: SimulatorState, request: Request) -> Reply:
    return Reply(200, {"event_id": state.pay(request.params[0])}, content_type="application/json")


def modify(state: SimulatorState, request: Request) -> Reply:
    return Reply(200, {"event_id": state.modify(request.params[0])}, content_type="application/json")


def combine(state: SimulatorState, request: Request) -> Reply:
    ids = _body(request).get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise SimulatorError("'ids' must be a list of checkout form ids")
    return Reply(201, {"id": state.combine(ids)}, content_type="application/json")


ROUTES = (
    ("POST", r"/_simulator/orders", post_orders),
    ("POST", r"/_simulator/faults", post_faults),
    ("GET", r"/_simulator/state", get_state),
    ("POST", r"/_simulator/orders/([^/]+)/cancel", cancel),
    ("POST", r"/_simulator/orders/([^/]+)/pay", pay),
    ("POST", r"/_simulator/orders/([^/]+)/modify", modify),
    ("POST", r"/_simulator/combine", combine),
)
