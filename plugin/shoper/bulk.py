"""``POST /webapi/rest/bulk``: up to 25 operations a call, answered item by item.

Shoper answers ``{"errors": bool, "items": [{"id", "code", "body"}]}``; an item with a non-2xx code becomes a
``BulkResult`` carrying our error, so one refused line never hides the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from plugin.exceptions import ShoperAPIError
from plugin.shoper import failures

MAX_BULK = 25


@dataclass(frozen=True)
class BulkOp:
    id: str
    method: str
    path: str  # the resource path under /webapi/rest, e.g. "orders" or "product-stocks/12"
    body: Any = None
    params: dict[str, Any] | None = field(default=None)

    def wire(self, base: str) -> dict[str, Any]:
        prefix = base[base.index("/webapi/rest") :] if "/webapi/rest" in base else "/webapi/rest"
        item: dict[str, Any] = {"id": self.id, "method": self.method, "path": f"{prefix}/{self.path.lstrip('/')}"}
        if self.body is not None:
            item["body"] = self.body
        if self.params:
            item["params"] = self.params
        return item


@dataclass(frozen=True)
class BulkResult:
    op: BulkOp
    code: int
    body: Any
    error: ShoperAPIError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def new_id(self) -> int:
        """The id a bulk POST created (Shoper's bare id as the item body)."""
        try:
            return int(self.body)
        except (TypeError, ValueError):
            raise ShoperAPIError(
                f"Shoper's bulk answer to {self.op.method} {self.op.path} holds {self.body!r}, not a new id"
            ) from None


def answers_of(ops: Sequence[BulkOp], answer: Any) -> list[BulkResult]:
    """Pair each operation with its item by ``id``; an item Shoper left out is a failure of that item only."""
    items = answer.get("items") if isinstance(answer, dict) else None
    by_id: dict[str, dict[str, Any]] = {}
    if isinstance(items, list):
        for position, item in enumerate(items):
            if isinstance(item, dict):
                key = (
                    str(item.get("id"))
                    if item.get("id") is not None
                    else ops[position].id
                    if position < len(ops)
                    else ""
                )
                by_id[key] = item
    results = []
    for op in ops:
        item = by_id.get(op.id)
        what = f"{op.method} {op.path} (in a bulk call)"
        if item is None:
            error = ShoperAPIError(f"Shoper's bulk answer left out {what}; it may or may not have been done")
            results.append(BulkResult(op, 0, None, error))
            continue
        try:
            code = int(item.get("code"))
        except (TypeError, ValueError):
            code = 0
        body = item.get("body")
        error = None if 200 <= code < 300 else failures.refusal(code, body, what, method=op.method, path=op.path)
        results.append(BulkResult(op, code, body, error))
    return results
