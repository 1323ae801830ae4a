"""The Shoper shop's products and stock: reading them (whole list, for the stock push), setting a level by hand,
and an order's stock moves, each an absolute value under a recovery point. A part of ``ShoperShop``."""

from __future__ import annotations

import json
from collections.abc import Iterable

from plugin.catalog_csv import Product
from plugin.exceptions import ShopError
from plugin.shop.records import OrderId, StoredOrder
from plugin.shop.shoper.lookups import Catalogue
from plugin.shop.shoper.order_index import OrderIndex
from plugin.shop.stock_journal import StockChanges
from plugin.shoper import ShoperClient
from plugin.shoper.entities import StockRow
from plugin.shoper.wire import as_decimal
from plugin.store.sync_store import SyncStore


class ShoperStock:
    """Needs the shop's client, catalogue, order index and sync store (``ShoperShop`` sets them)."""

    client: ShoperClient
    catalogue: Catalogue
    index: OrderIndex
    store: SyncStore

    def product_codes(self) -> frozenset[str]:
        return frozenset(self.catalogue.rows())

    def products(self) -> list[Product]:
        return [Product(code, code, int(row.stock), row.price) for code, row in sorted(self.catalogue.rows().items())]

    def product_stock(self, code: str) -> int | None:
        row = self.catalogue.get(code)
        if row is None:
            return None
        live = self.client.get(f"product-stocks/{row.stock_id}")
        return int(as_decimal(live.get("stock") if isinstance(live, dict) else None, row.stock))

    # the stock push (sync.push_stock): Shoper keeps no change journal we can read in bulk (only object-mtime per
    # product), so every pass reads every product-stocks row (50 a page, 25 pages a bulk call) and the engine
    # compares with what Allegro has
    def stock_changes(self, position: str | None) -> StockChanges:
        self.catalogue.forget()
        return StockChanges({code: int(row.stock) for code, row in self.catalogue.rows().items()}, "all")

    def product_stocks(self, codes: Iterable[str]) -> dict[str, int | None]:
        rows = self.catalogue.rows()
        return {code: (int(rows[code].stock) if code in rows else None) for code in codes}

    def forget_stock_changes(self, position: str) -> None:
        """Nothing to forget: each pass reads the whole list again."""

    def set_stock(self, code: str, stock: int, reason: str) -> None:
        row = self._row(code)
        self.client.update("product-stocks", row.stock_id, {"stock": str(stock)})

    def move_stock(self, order_id: OrderId, code: str, delta: int, reason: str) -> None:
        """The order's stock moves include what Shoper took itself for its linked lines (``auto``, recorded with
        the lines), so a sale moves only the difference (a ``negative_stock: clamp`` put back) and a restore gives
        back what the order holds; a move is set as an absolute value under a recovery point."""
        order = self._known(order_id)
        self.index.record_auto(order.id)  # an order built before auto moves were recorded
        change = delta
        if reason == "sale":  # the sale takes ``delta`` in all; Shoper's own take counts towards it
            change = delta - self.index.net_moves(order.id).get(code, 0)
        if change:
            self._adjust(order, code, change, reason)
        else:
            self.index.add_move(order.id, code, 0, reason)  # handled: a repeat of the sale skips this code

    def net_stock_moves(self, order_id: OrderId) -> dict[str, int]:
        return self.index.net_moves(int(order_id))

    def _adjust(self, order: StoredOrder, code: str, change: int, reason: str) -> None:
        """The move is recorded in the commit of its ``done``: a crash never leaves stock moved and the move
        unrecorded (a later cancellation would give back the wrong amount), nor the other way round."""
        form = order.checkout_form_id or f"order:{order.id}"
        step_name = f"stock:{reason}:{code}"
        row = self._row(code)
        step = self.store.form_steps.get(form, step_name)
        if step is not None and step.done:
            return
        if step is not None:  # announced, maybe done: the same absolute value again
            target = int(json.loads(step.detail)["target"])
        else:
            live = self.client.get(f"product-stocks/{row.stock_id}")
            current = int(as_decimal(live.get("stock") if isinstance(live, dict) else None))
            target = current + change
            self.store.form_steps.intent(form, step_name, json.dumps({"stock_id": row.stock_id, "target": target}))
        self.client.update("product-stocks", row.stock_id, {"stock": str(target)})
        self.index.add_move(order.id, code, change, reason)
        self.store.form_steps.done(form, step_name, row.stock_id)

    def _row(self, code: str) -> StockRow:
        row = self.catalogue.get(code)
        if row is None:
            raise ShopError(f"the Shoper shop has no product-stocks row with code {code!r}")
        return row

    def _known(self, order_id: OrderId) -> StoredOrder:
        order = self.index.by_id(int(order_id))
        if order is None:
            raise ShopError(f"order {order_id} is not one allegro-sync built in this Shoper shop")
        return order
