"""What the shop names once per run: statuses, shippings and payments by NAME, and products by code.

The manifest maps Allegro's statuses, delivery methods and payment types to names as the Shoper panel shows
them; Shoper's orders want ids. A name the shop does not have is an error that lists the names it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from plugin.exceptions import ShopError
from plugin.shoper import BulkOp, ShoperClient
from plugin.shoper.entities import Named, Page, StockRow, parse_payment, parse_shipping, parse_status
from plugin.shoper.rest import list_params

#: The manifest's built-in defaults (``mapping.order_status``), which name no Shoper status: the shop's own
#: default status of type "new" and its first "not completed" status stand in for them.
_BUILT_IN_STATUS = {"new": 1, "cancelled": 4}

_KINDS: dict[str, tuple[str, Callable[[dict], Named], str]] = {
    "status": ("statuses", parse_status, "mapping.order_status"),
    "shipping": ("shippings", parse_shipping, "mapping.shipping"),
    "payment": ("payments", parse_payment, "mapping.payment"),
}


@dataclass
class ShopNames:
    client: ShoperClient
    _loaded: dict[str, list[Named]] = field(default_factory=dict)

    def load(self) -> None:
        """All three lists in one bulk call (they are short: one page each)."""
        missing = [kind for kind in _KINDS if kind not in self._loaded]
        if not missing:
            return
        ops = [BulkOp(kind, "GET", _KINDS[kind][0], params=list_params(limit=50)) for kind in missing]
        for result in self.client.bulk(ops):
            if result.error is not None:
                raise result.error
            parse = _KINDS[result.op.id][1]
            self._loaded[result.op.id] = [parse(row) for row in Page.parse(result.body).items]

    def resolve(self, kind: str, name: str) -> Named:
        self.load()
        rows = self._loaded[kind]
        wanted = name.strip().casefold()
        for row in rows:
            if row.name.casefold() == wanted:
                return row
        if kind == "status" and name in _BUILT_IN_STATUS:
            of_type = [row for row in rows if row.type == _BUILT_IN_STATUS[name] and row.active]
            if of_type:
                return of_type[0]
        resource, _, where = _KINDS[kind]
        names = ", ".join(f"„{row.name}”" for row in rows) or "none"
        raise ShopError(
            f"the Shoper shop has no {kind} named „{name}” (from {where} in the manifest); the shop's {resource} "
            f"are: {names}. Write one of them in the manifest, or add „{name}” in the Shoper panel."
        )


@dataclass
class Catalogue:
    """Every ``product-stocks`` row by code, read once per run: 50 a page, up to 25 pages in one bulk call."""

    client: ShoperClient
    _rows: dict[str, StockRow] | None = None

    def rows(self) -> dict[str, StockRow]:
        if self._rows is None:
            self._rows = self._read()
        return self._rows

    def get(self, code: str) -> StockRow | None:
        return self.rows().get(code)

    def forget(self) -> None:
        self._rows = None

    def _read(self) -> dict[str, StockRow]:
        first = self.client.page("product-stocks", page=1, limit=50)
        rows = [StockRow.parse(item) for item in first.items]
        rest = list(range(2, first.pages + 1))
        ops = [BulkOp(f"p{n}", "GET", "product-stocks", params=list_params(page=n, limit=50)) for n in rest]
        for result in self.client.bulk(ops):
            if result.error is not None:
                raise result.error
            rows.extend(StockRow.parse(item) for item in Page.parse(result.body).items)
        by_code: dict[str, StockRow] = {}
        for row in rows:
            if row.code and row.code not in by_code:
                by_code[row.code] = row
        return by_code
