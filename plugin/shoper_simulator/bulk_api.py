"""``POST /webapi/rest/bulk``: up to 25 operations ``{"id", "method", "path", "body", "params"}`` in one call,
answered ``{"errors": bool, "items": [{"id", "code", "body"}]}``. Each operation stands on its own: one that
fails is reported in its item and the others still run (there is no transaction)."""

from __future__ import annotations

import json
from typing import Any

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


def _one(state: ShoperState, operation: Any) -> Result:
    if not isinstance(operation, dict):
        raise invalid("Niepoprawny format operacji: oczekiwano obiektu")
    method = str(operation.get("method", "")).upper()
    if method not in METHODS:
        raise invalid(f"Niepoprawna metoda '{operation.get('method')}': użyj {', '.join(METHODS)}")
    path = str(operation.get("path") or "")
    if not path.startswith(PREFIX) or path.rstrip("/") == PREFIX + "bulk":
        raise invalid(f"Niepoprawna ścieżka '{path}': oczekiwano {PREFIX}<zasób>[/<id>]")
    return perform(state, method, path.rstrip("/"), _query(operation.get("params")), operation.get("body"))


def run_bulk(state: ShoperState, operations: list[Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The answer and, for the request log, one ``{method, path, code}`` per operation."""
    items, trace = [], []
    for operation in operations:
        try:
            result = _one(state, operation)
            code, body = result.status, result.body
        except ShoperFault as fault:
            code, body = fault.status, fault.body()
        op = operation if isinstance(operation, dict) else {}
        items.append({"id": op.get("id"), "code": code, "body": body})
        trace.append({"method": str(op.get("method", "")).upper(), "path": str(op.get("path", "")), "code": code})
    return {"errors": any(item["code"] >= 400 for item in items), "items": items}, trace
