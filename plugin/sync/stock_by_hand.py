"""``shop stock``: a product's stock changed by hand, through the shop port (so a journal or a REST shop sees it
like any other change) and recorded in the sync store in the same transaction, with the orders it unblocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plugin.exceptions import StockChangeError
from plugin.manifest.model import Manifest
from plugin.shop.backends import open_shop
from plugin.store import quarantine
from plugin.store.open_store import open_store
from plugin.store.operations import StockCorrection, record_correction
from plugin.sync.handlers.stock import waits_for_stock_of
from plugin.sync.runner import exclusive


@dataclass(frozen=True)
class StockChange:
    correction: StockCorrection
    waiting: tuple[str, ...]  # set-aside orders (not dropped) that waited for stock of this product
    retried: tuple[str, ...]  # those queued for the next run (``retry_waiting``)

    def to_json(self) -> dict[str, Any]:
        return {**self.correction.to_json(), "waiting": list(self.waiting), "retried": list(self.retried)}


def change_stock(
    manifest: Manifest,
    code: str,
    *,
    set_to: int | None = None,
    add: int | None = None,
    reason: str = "manual correction",
    retry_waiting: bool = False,
) -> StockChange:
    """Set (``set_to``) or change (``add``) ``code``'s stock; refuses an unknown product or a stock below 0."""
    if (set_to is None) == (add is None):
        raise StockChangeError("give the new stock (--set N) or the change (--add N), one of them")
    reason = " ".join(reason.split()) or "manual correction"
    store = open_store(manifest)
    try:
        shop = open_shop(manifest, store)
        with exclusive(store.path), store.transaction():  # never in the middle of a run's pass
            before = shop.product_stock(code)
            if before is None:
                raise StockChangeError(f"the shop has no product {code!r}; check the code (the offer's external.id)")
            after = set_to if set_to is not None else before + (add or 0)
            if after < 0:
                raise StockChangeError(f"{code}: the stock would be {after} (it is {before}); it cannot go below 0")
            shop.set_stock(code, after, reason)
            correction = record_correction(store, code, before, after, reason=reason, source="shop stock")
        prefix = waits_for_stock_of(code)
        waiting = tuple(
            e.checkout_form_id
            for e in quarantine.set_aside(store)
            if e.state != "dropped" and e.reason.startswith(prefix)
        )
        retried: tuple[str, ...] = ()
        if retry_waiting and waiting:
            with exclusive(store.path):
                retried = tuple(quarantine.retry(store, waiting))
        return StockChange(correction, waiting, retried)
    finally:
        store.close()
