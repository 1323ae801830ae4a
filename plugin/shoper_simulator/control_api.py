"""``/_simulator/…``: endpoints for tests and the demo (no token, no bucket, not in the request log).

- ``GET  /_simulator/state``           snapshot: orders with lines, users, auction-orders, stock by code, …
- ``POST /_simulator/reset``           back to the seeded shop (log and faults emptied)
- ``GET  /_simulator/requests``        the request log; ``DELETE`` empties it
- ``POST /_simulator/faults``          ``{"kind", "count", "method", "path", "seconds", "retry_after"}`` or a list
- ``GET  /_simulator/faults``          pending rules and what was injected; ``DELETE`` clears the rules
- ``POST /_simulator/bucket``          ``{"size", "drain", "bulk_cost", "empty": true}``
- ``POST /_simulator/config``          change application-config settings (``shopping_update_stock_on_buy``)
- ``POST /_simulator/tokens/expire``   every issued bearer token stops working (the static one stays)
- ``POST /_simulator/scopes``          ``{"payments": "none", "orders": "read"}``: what the integration may do per
                                       area (none, read, create, edit, delete); ``DELETE`` grants everything again
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plugin.exceptions import SimulatorError
from plugin.shoper_simulator.fault_plan import rule_from
from plugin.shoper_simulator.rest_api import LEVELS
from plugin.shoper_simulator.shop_state import ShoperState


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise SimulatorError("the body must be a JSON object")
    return body


def add_faults(state: ShoperState, body: Any) -> Any:
    rules = [rule_from(_object(raw)) for raw in (body if isinstance(body, list) else [body])]
    for rule in rules:
        state.faults.add(rule)
    return state.faults.describe()


def set_bucket(state: ShoperState, body: Any) -> Any:
    body = _object(body)
    unknown = sorted(set(body) - {"size", "drain", "bulk_cost", "empty"})
    if unknown:
        raise SimulatorError(f"unknown bucket setting(s) {', '.join(unknown)}; known: bulk_cost, drain, empty, size")
    state.bucket.configure(size=body.get("size"), drain=body.get("drain"), bulk_cost=body.get("bulk_cost"))
    if body.get("empty"):
        state.bucket.empty()
    return state.bucket.describe()


def set_config(state: ShoperState, body: Any) -> Any:
    body = _object(body)
    with state.lock:
        for name, value in body.items():
            state.config[str(name)] = value if isinstance(value, str) else str(value)
        return dict(state.config)


def set_scopes(state: ShoperState, body: Any) -> Any:
    body = _object(body)
    bad = {k: v for k, v in body.items() if v not in LEVELS}
    if bad:
        raise SimulatorError(f"scope levels must be one of {', '.join(LEVELS)}; got {bad}")
    with state.lock:
        state.scopes.update({str(k): str(v) for k, v in body.items()})
        return dict(state.scopes)


def _clear_scopes(state: ShoperState, body: Any) -> Any:
    with state.lock:
        state.scopes.clear()
    return {}


def _reset(state: ShoperState, body: Any) -> Any:
    state.reset()
    return {"reset": True}


def _clear_log(state: ShoperState, body: Any) -> Any:
    with state.lock:
        state.log.clear()
    return {"cleared": True}


def _clear_faults(state: ShoperState, body: Any) -> Any:
    state.faults.clear()
    return state.faults.describe()


ROUTES: dict[tuple[str, str], Callable[[ShoperState, Any], Any]] = {
    ("GET", "/_simulator/state"): lambda state, body: state.snapshot(),
    ("POST", "/_simulator/reset"): _reset,
    ("GET", "/_simulator/requests"): lambda state, body: state.requests(),
    ("DELETE", "/_simulator/requests"): _clear_log,
    ("POST", "/_simulator/faults"): add_faults,
    ("GET", "/_simulator/faults"): lambda state, body: state.faults.describe(),
    ("DELETE", "/_simulator/faults"): _clear_faults,
    ("POST", "/_simulator/bucket"): set_bucket,
    ("POST", "/_simulator/config"): set_config,
    ("POST", "/_simulator/scopes"): set_scopes,
    ("DELETE", "/_simulator/scopes"): _clear_scopes,
    ("POST", "/_simulator/tokens/expire"): lambda state, body: {"expired": state.expire_tokens()},
}
