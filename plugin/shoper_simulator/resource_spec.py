"""How a resource of the local Shoper is described: its table, which fields a list may filter on, how a record
is shown, and what POST / PUT / DELETE do (None: the method is not offered, as ``DELETE /auction-orders``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from plugin.shoper_simulator.shop_state import ShoperState
from plugin.shoper_simulator.wire import REQUIRED, Problems, ShoperFault, field_error, flag, invalid

Record = dict[str, Any]
Create = Callable[[ShoperState, Record], int]
Update = Callable[[ShoperState, Record, Record], None]
Delete = Callable[[ShoperState, Record], None]
Render = Callable[[ShoperState, Record], Record]


@dataclass(frozen=True)
class ResourceSpec:
    table: str
    id_field: str
    create: Create | None = None
    update: Update | None = None
    delete: Delete | None = None
    render: Render | None = None
    unfilterable: frozenset[str] = frozenset()


def method_not_allowed(method: str, path: str) -> ShoperFault:
    return ShoperFault(405, "invalid_request", f"Metoda {method} nie jest dostępna dla {path}")


def body_object(body: Any) -> Record:
    if not isinstance(body, dict):
        raise invalid("Niepoprawny format danych: oczekiwano obiektu JSON")
    return body


def check_flags(body: Record, names: tuple[str, ...], problems: Problems) -> None:
    """ "0"/"1" flags: a JSON boolean (or anything else) where Shoper expects the string is a field error."""
    for name in names:
        if name in body and flag(body[name]) is None:
            problems.add(name, 'Niepoprawna wartość: oczekiwano "0" lub "1"')


def require(body: Record, names: tuple[str, ...], problems: Problems) -> None:
    for name in names:
        value = body.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.add(name, REQUIRED)


__all__ = ["REQUIRED", "Problems", "ResourceSpec", "body_object", "check_flags", "field_error", "require"]
