"""List reads: ``filters`` (JSON or the bracket form), ``order``, ``limit``/``page`` and Shoper's envelope
``{"count": "36", "pages": 36, "page": 1, "list": [...]}`` (count a string, pages and page integers)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from plugin.shoper_simulator.wire import ShoperFault, decimal_of, invalid, not_found

OPERATORS = ("=", "!=", ">", ">=", "<", "<=", "like", "not like", "in", "not in")
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
BRACKET = re.compile(r"^filters\[([^\]]+)\](?:\[([^\]]+)\])?$")


def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def limit_of(query: dict[str, list[str]]) -> int:
    """1–50; anything else (above 50, zero, not a number) silently becomes 10, as observed live."""
    raw = _one(query, "limit")
    try:
        value = int(raw) if raw is not None else DEFAULT_LIMIT
    except ValueError:
        return DEFAULT_LIMIT
    return value if 1 <= value <= MAX_LIMIT else DEFAULT_LIMIT


def page_of(query: dict[str, list[str]]) -> int:
    raw = _one(query, "page")
    try:
        return max(1, int(raw)) if raw is not None else 1
    except ValueError:
        return 1


def filters_of(query: dict[str, list[str]]) -> dict[str, Any]:
    """``filters={"email":"x"}`` or ``{"stock":{">=":5}}``, and ``filters[email]=x`` / ``filters[stock][>=]=5``."""
    found: dict[str, Any] = {}
    raw = _one(query, "filters")
    if raw:
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError:
            raise invalid("Niepoprawny format parametru 'filters': oczekiwano JSON") from None
        if not isinstance(parsed, dict):
            raise invalid("Niepoprawny format parametru 'filters': oczekiwano obiektu JSON")
        found.update(parsed)
    for key, values in query.items():
        match = BRACKET.match(key)
        if match and values:
            field, operator = match.groups()
            found[field] = {operator: values[-1]} if operator else values[-1]
    return found


def order_of(query: dict[str, list[str]]) -> list[tuple[str, bool]]:
    """``order=["date desc","order_id asc"]`` or ``order=field asc``; a bare field sorts descending."""
    raw = _one(query, "order")
    if not raw:
        return []
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError:
        parsed = raw
    items = parsed if isinstance(parsed, list) else [parsed]
    keys = []
    for item in items:
        words = str(item).split()
        if not words:
            continue
        direction = words[1].lower() if len(words) > 1 else "desc"
        if direction not in ("asc", "desc"):
            raise invalid(f"Niepoprawny kierunek sortowania '{words[1]}': użyj asc lub desc")
        keys.append((words[0], direction == "desc"))
    return keys


def _value(record: dict[str, Any], field: str) -> Any:
    current: Any = record
    for part in field.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current


def _number_pair(left: Any, right: Any) -> tuple[Decimal, Decimal] | None:
    a, b = decimal_of(left), decimal_of(right)
    return (a, b) if a is not None and b is not None else None


def _compare(left: Any, operator: str, right: Any) -> bool:
    if operator in ("in", "not in"):
        options = right if isinstance(right, list) else [right]
        inside = any(_compare(left, "=", option) for option in options)
        return inside if operator == "in" else not inside
    if operator in ("like", "not like"):
        pattern = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in str(right))
        hit = left is not None and re.fullmatch(pattern, str(left), re.IGNORECASE | re.DOTALL) is not None
        return hit if operator == "like" else not hit
    if left is None:
        return operator == "!="
    numbers = _number_pair(left, right)
    a: Any
    b: Any
    a, b = numbers if numbers else (str(left).casefold(), str(right).casefold())  # MySQL's *_ci collations
    return {
        "=": a == b,
        "!=": a != b,
        ">": a > b,
        ">=": a >= b,
        "<": a < b,
        "<=": a <= b,
    }[operator]


def _conditions(filters: dict[str, Any], allowed: frozenset[str] | None) -> list[tuple[str, str, Any]]:
    conditions = []
    for field, condition in filters.items():
        if allowed is not None and field.split(".")[0] not in allowed:
            raise not_found()  # Shoper answers an unfilterable field (products' code) with its 404
        pairs = condition.items() if isinstance(condition, dict) else [("=", condition)]
        for operator, value in pairs:
            if operator not in OPERATORS:
                raise invalid(f"Niepoprawny operator '{operator}' w filtrze pola '{field}'")
            conditions.append((field, operator, value))
    return conditions


def _sort_key(value: Any) -> tuple[int, Any]:
    number = decimal_of(value)
    return (0, number) if number is not None else (1, str(value or ""))


class _Lazy:
    """A stored record, shown (rendered with its computed fields) only when a filter or sort needs a field the
    stored record lacks, or when it lands on the page: a lookup among many orders renders one, not all."""

    __slots__ = ("_shown", "_view", "raw")

    def __init__(self, raw: dict[str, Any], view: Callable[[dict[str, Any]], dict[str, Any]] | None) -> None:
        self.raw, self._view, self._shown = raw, view, None

    def shown(self) -> dict[str, Any]:
        if self._shown is None:
            self._shown = self._view(self.raw) if self._view else self.raw
        return self._shown

    def get(self, field: str) -> Any:
        root = field.split(".", maxsplit=1)[0]
        return _value(self.raw if root in self.raw else self.shown(), field)


def page(
    records: Iterable[dict[str, Any]],
    query: dict[str, list[str]],
    *,
    filterable: frozenset[str] | None,
    id_field: str,
    view: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The envelope and the ``X-Shop-Result-*`` headers for one page of ``records`` (stored, in id order);
    ``view`` shows a stored record as the API does.

    ``filterable`` names the fields a filter may use (None: any); another field is Shoper's 404."""
    conditions = _conditions(filters_of(query), filterable)
    order = order_of(query)
    rows = [_Lazy(r, view) for r in records]
    chosen = [r for r in rows if all(_compare(r.get(f), op, v) for f, op, v in conditions)] if conditions else rows
    for field, descending in reversed(order):  # without an order: id order, as stored
        chosen.sort(key=lambda r, field=field: _sort_key(r.get(field)), reverse=descending)
    limit, number = limit_of(query), page_of(query)
    pages = max(1, math.ceil(len(chosen) / limit)) if chosen else 0
    start = (number - 1) * limit
    listed = [r.shown() for r in chosen[start : start + limit]]
    envelope = {"count": str(len(chosen)), "pages": pages, "page": number, "list": listed}
    headers = {"X-Shop-Result-Count": str(len(chosen)), "X-Shop-Result-Page": str(number)}
    headers["X-Shop-Result-Pages"] = str(pages)
    return envelope, headers


__all__ = ["ShoperFault", "filters_of", "limit_of", "order_of", "page", "page_of"]
