"""One REST call of the local Shoper, over HTTP or inside a bulk request: path → resource → list, read, create,
update or delete. POST answers the bare new id, PUT and DELETE answer ``1``; all with status 200, as live.

The caller holds the state's lock; errors come out as ``ShoperFault``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from plugin.shoper_simulator import catalog_api, list_query, order_lines_api, orders_api, users_api
from plugin.shoper_simulator.resource_spec import ResourceSpec, method_not_allowed
from plugin.shoper_simulator.shop_state import ShoperState
from plugin.shoper_simulator.wire import ShoperFault, invalid, not_found, unknown_path

PREFIX = "/webapi/rest/"
SPECS: dict[str, ResourceSpec] = {
    **orders_api.SPECS,
    **order_lines_api.SPECS,
    **users_api.SPECS,
    **catalog_api.SPECS,
    "statuses": ResourceSpec("statuses", "status_id"),
    "shippings": ResourceSpec("shippings", "shipping_id"),
    "payments": ResourceSpec("payments", "payment_id"),
    "taxes": ResourceSpec("taxes", "tax_id"),
}
MTIME_OBJECTS = {
    "product": "products",
    "order": "orders",
    "user": "users",
    "product-stock": "product-stocks",
    "order-product": "order-products",
}


@dataclass
class Result:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def perform(state: ShoperState, method: str, path: str, query: dict[str, list[str]], body: Any) -> Result:
    """Runs one call; ``path`` is the full path (``/webapi/rest/orders/5``)."""
    if not path.startswith(PREFIX):
        raise unknown_path(path)
    parts = path[len(PREFIX) :].strip("/").split("/")
    resource = parts[0]
    _granted(state, method, resource)
    if resource == "application-config" and len(parts) == 1:
        if method != "GET":
            raise method_not_allowed(method, path)
        return Result(200, dict(state.config))
    if resource == "object-mtime":
        return _mtime(state, method, parts[1:])
    spec = SPECS.get(resource)
    if spec is None or len(parts) > 2:
        raise unknown_path(path)
    if len(parts) == 1:
        return _collection(state, spec, method, path, query=query, body=body)
    record = state.row(spec.table, parts[1])
    if method == "GET":
        if record is None:
            raise not_found()
        return Result(200, _show(state, spec, record))
    if method == "PUT" and spec.update:
        if record is None:
            raise not_found()
        spec.update(state, record, body)
        return Result(200, 1)
    if method == "DELETE" and spec.delete:
        if record is None:
            raise not_found()
        spec.delete(state, record)
        return Result(200, 1)
    raise method_not_allowed(method, path)


LEVELS = ("none", "read", "create", "edit", "delete")  # the panel's ladder: odczyt, +dodawanie, +edycja, +usuwanie
NEEDED = {"GET": "read", "POST": "create", "PUT": "edit", "DELETE": "delete"}


def _granted(state: ShoperState, method: str, resource: str) -> None:
    """Per-area grants of the integration (all areas in full unless a test narrows them): 403 as live."""
    level = state.scopes.get(resource, "delete")
    if LEVELS.index(level) < LEVELS.index(NEEDED.get(method, "read")):
        raise ShoperFault(
            403, "insufficient_scope", "The request requires higher privileges than provided by the access token"
        )


def _collection(
    state: ShoperState, spec: ResourceSpec, method: str, path: str, *, query: dict[str, list[str]], body: Any
) -> Result:
    if method == "GET":
        rows = state.rows(spec.table)
        known = _fields(state, spec, rows)
        view = (lambda record: _show(state, spec, record)) if spec.render else None
        envelope, headers = list_query.page(rows, query, filterable=known, id_field=spec.id_field, view=view)
        return Result(200, envelope, headers)
    if method == "POST" and spec.create:
        return Result(200, spec.create(state, body))
    raise method_not_allowed(method, path)


def _fields(state: ShoperState, spec: ResourceSpec, rows: list[dict[str, Any]]) -> frozenset[str] | None:
    """The fields a list may filter on: those its records show (all records of a table have the same fields;
    None when there is no record to ask)."""
    if not rows:
        return None
    shown = frozenset(rows[0]) | frozenset(_show(state, spec, rows[0]))
    return shown - spec.unfilterable


def _show(state: ShoperState, spec: ResourceSpec, record: dict[str, Any]) -> dict[str, Any]:
    return spec.render(state, record) if spec.render else dict(record)


def _mtime(state: ShoperState, method: str, parts: list[str]) -> Result:
    """``object-mtime/<object>/<id>`` → ``{"date": unix}``; any other shape is a 500, as live."""
    table = MTIME_OBJECTS.get(parts[0]) if len(parts) == 2 else None
    if method != "GET" or table is None:
        raise ShoperFault(500, "server_error", "Internal server error")
    if state.row(table, parts[1]) is None:
        raise not_found()
    return Result(200, {"date": state.mtimes.get((table, int(parts[1])), 0)})


def parse_body(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise invalid("Niepoprawny format danych: treść żądania nie jest poprawnym JSON") from None
