"""``POST /webapi/rest/bulk``: up to 25 operations ``{"id", "method", "path", "body", "params"}`` in one call,
answered ``{"errors": bool, "items": [{"id", "code", "body"}]}``. Each operation stands on its own: one that
fails is reported in its item and the others still run (there is no transaction)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from plugin.shoper_simulator.fault_plan import fault_reply
from plugin.shoper_simulator.rest_api import PREFIX, Result, perform
from plugin.shoper_simulator.shop_state import ShoperState
from plugin.shoper_simulator.wire import ShoperFault, invalid

MAX_OPERATIONS = 25
METHODS = ("GET", "POST", "PUT", "DELETE")


def operations_of(body: Any) -> list[Any]:
    """The operation list, refused as a whole when it is not a list of 1–25 entries."""
    if not isinstance(body, list) or not body:
        raise invalid("Niepoprawny format danych: oczekiwano listy operacji")
    if len(body) > MAX_OPERATIONS:
        raise invalid(f"Zbyt wiele operacji w jednym żądaniu: {len(body)} (dozwolone najwyżej {MAX_OPERATIONS})")
    return body


def _query(params: Any) -> dict[str, list[str]]:
    """``params`` as a query string would give them; nested values (``filters``) as JSON text."""
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise invalid("Niepoprawny format pola 'params': oczekiwano obiektu")
    return {str(k): [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)] for k, v in params.items()}


@dataclass
class BulkOutcome:
    answer: dict[str, Any]
    trace: list[dict[str, Any]] = field(default_factory=list)  # one {method, path, code, fault} per operation
    delay: float = 0.0
    drop: bool = False  # the connection is closed instead of answering (what was done stays done)


def _checked(operation: Any) -> tuple[str, str]:
    if not isinstance(operation, dict):
        raise invalid("Niepoprawny format operacji: oczekiwano obiektu")
    method = str(operation.get("method", "")).upper()
    if method not in METHODS:
        raise invalid(f"Niepoprawna metoda '{operation.get('method')}': użyj {', '.join(METHODS)}")
    path = str(operation.get("path") or "").rstrip("/")
    if not path.startswith(PREFIX) or path == PREFIX + "bulk":
        raise invalid(f"Niepoprawna ścieżka '{path}': oczekiwano {PREFIX}<zasób>[/<id>]")
    return method, path


def _one(state: ShoperState, operation: Any, outcome: BulkOutcome) -> tuple[Result, str | None]:
    """One operation's result and the fault that hit it; ``outcome`` learns about delays and drops."""
    method, path = _checked(operation)
    rule = state.faults.next(method, path)
    if rule is not None:
        reply = fault_reply(rule)
        if reply is not None:
            return Result(reply.status, reply.body()), rule.kind
        if rule.kind == "drop_before":
            outcome.drop = True
            return Result(0, None), rule.kind
        outcome.delay += rule.seconds if rule.kind == "slow" else 0.0
        outcome.drop = outcome.drop or rule.kind == "drop"
    result = perform(state, method, path, _query(operation.get("params")), operation.get("body"))
    return result, rule.kind if rule else None


def run_bulk(state: ShoperState, operations: list[Any]) -> BulkOutcome:
    """Runs the operations in order; a ``drop_before`` fault stops the call where it hits."""
    outcome = BulkOutcome({})
    items = []
    for operation in operations:
        kind = None
        try:
            result, kind = _one(state, operation, outcome)
            code, body = result.status, result.body
        except ShoperFault as fault:
            code, body = fault.status, fault.body()
        op = operation if isinstance(operation, dict) else {}
        method, path = str(op.get("method", "")).upper(), str(op.get("path", ""))
        outcome.trace.append({"method": method, "path": path, "code": code, "fault": kind})
        if kind == "drop_before":
            break
        items.append({"id": op.get("id"), "code": code, "body": body})
    outcome.answer = {"errors": any(item["code"] >= 400 for item in items), "items": items}
    return outcome
