"""Stock both ways under races: shop sales, corrections, Allegro purchases, cancellations, crashes and passes in any
order, against the real simulator over HTTP with the real client and a real SQLite shop.

After every completed pass each offer sells exactly ``max(0, shop stock − units of unpaid purchases − reserve)``,
and at no moment does Allegro offer, or has it sold, more than the shop had.

The storefront and Allegro share no lock: a storefront sale of a unit that is also on sale on Allegro can be sold
twice between two passes, whatever a connector does (the reserve is the answer to that). So the storefront here
sells only units not on Allegro at that moment, and a correction never counts fewer units than are on Allegro;
everything the connector itself decides is left free.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from plugin.allegro.connect import open_client
from plugin.allegro.retry import FAST
from plugin.exceptions import SimulatorError
from plugin.manifest.model import StockConfig
from plugin.simulator.server import start_simulator
from plugin.sync.engine import sync_once
from plugin.sync.handlers import HANDLERS as REGISTERED
from plugin.sync.stock_pass import push_after_import
from tests.sync.helpers import dies_in, open_embedded
from tests.sync.simulated import PRODUCTS, shop_folder

CODES = [p.code for p in PRODUCTS[:6]]


class Died(BaseException):
    """The process is killed: nothing after it runs (not an error any code could catch)."""


class Dying:
    """The real client, dying after ``writes`` stock writes (PUT/PATCH) have reached Allegro."""

    def __init__(self, client, writes: int) -> None:
        self._client, self._writes = client, writes

    def __getattr__(self, name: str):
        attr = getattr(self._client, name)
        if name in ("start_quantity_command", "start_publication_command", "set_offer_stock"):

            def write(*args, **kwargs):
                if self._writes == 0:
                    raise Died
                self._writes -= 1
                return attr(*args, **kwargs)

            return write
        return attr


class StockMachine(RuleBasedStateMachine):
    @initialize(reserve=st.integers(0, 2), seed=st.integers(0, 2**16))
    def setup(self, reserve: int, seed: int) -> None:
        from plugin.catalog_csv import Product

        products = [Product(p.code, p.name, s, p.price) for p, s in zip(PRODUCTS[:6], (3, 1, 5, 2, 8, 0), strict=True)]
        self.folder = Path(tempfile.mkdtemp(prefix="stock-machine-"))
        self.simulator = start_simulator(products=products, orders=0, seed=seed)
        self.simulator.state.offers.command_seconds = 0.0
        files, manifest = shop_folder(self.folder, self.simulator.url)
        self.files = files
        self.manifest = replace(
            manifest, sync=replace(manifest.sync, push_stock=True), stock=StockConfig(reserve=reserve)
        )
        self.shop = open_embedded(files.shop)
        with self.shop.transaction():  # the shop's catalog is the same small one
            self.shop.conn.execute("DELETE FROM products")
            for p in products:
                self.shop.upsert_product(p.code, p.name, p.stock, p.price)
        self.client = open_client(self.manifest, policy=FAST)
        self.reserve = reserve
        self.complete = False

    def teardown(self) -> None:
        if hasattr(self, "shop"):
            self.shop.close()
            self.simulator.stop()
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- the world -------------------------------------------------------------------------------------------------
    def _offers(self) -> dict[str, object]:
        return {o.external_id: o for o in self.simulator.state.offers.offers if not o.foreign}

    def _stock(self) -> dict[str, int]:
        return self.shop.stock_levels()

    def _selling(self, code: str) -> int:
        offer = self._offers()[code]
        return offer.available if offer.status == "ACTIVE" else 0

    def _unimported(self) -> dict[str, int]:
        """Units of paid purchases the shop holds no live order line for yet (sold on Allegro, not yet counted)."""
        imported = {row[0] for row in self.shop.conn.execute("SELECT line_item_id FROM order_items")}
        units = dict.fromkeys(CODES, 0)
        for form in self.simulator.state.store.forms.values():
            if form["status"] == "READY_FOR_PROCESSING":
                for item in form["lineItems"]:
                    if item["id"] not in imported:
                        units[item["offer"]["external"]["id"]] += item["quantity"]
        return units

    def _held(self) -> dict[str, int]:
        held = dict.fromkeys(CODES, 0)
        for form in self.simulator.state.store.forms.values():
            if form["status"] in ("BOUGHT", "FILLED_IN"):
                for item in form["lineItems"]:
                    held[item["offer"]["external"]["id"]] += item["quantity"]
        return held

    @rule(count=st.integers(1, 3))
    def allegro_buyers_purchase(self, count: int) -> None:
        """Random purchases (some left unpaid, some paid together, some cancelled): only of what offers have."""
        with contextlib.suppress(SimulatorError):  # every offer sold out: the simulator refuses, as Allegro would
            self.simulator.state.add_orders(count)
        self.complete = False

    @rule(data=st.data())
    def a_buyer_cancels(self, data: st.DataObject) -> None:
        forms = sorted(f["id"] for f in self.simulator.state.store.forms.values() if f["status"] != "CANCELLED")
        if forms:
            self.simulator.state.cancel(data.draw(st.sampled_from(forms)), "BUYER_CANCELLED")
            self.complete = False

    @rule(code=st.sampled_from(CODES), quantity=st.integers(1, 3))
    def the_storefront_sells(self, code: str, quantity: int) -> None:
        free = self._stock()[code] - self._unimported()[code] - self._held()[code] - self._selling(code)
        if 0 < quantity <= free:
            with self.shop.transaction():
                self.shop.conn.execute("UPDATE products SET stock = stock - ? WHERE code = ?", (quantity, code))
            self.complete = False

    @rule(code=st.sampled_from(CODES), more=st.integers(0, 6))
    def an_employee_corrects_stock(self, code: str, more: int) -> None:
        floor = max(0, self._stock()[code] - self._unimported()[code] - self._held()[code] - self._selling(code))
        with self.shop.transaction():
            self.shop.conn.execute(
                "UPDATE products SET stock = stock - ? + ? WHERE code = ?", (floor, more, code)
            )  # counts anything from what is on Allegro (and in transit) up to 6 more
        self.complete = False

    @rule()
    def a_pass(self) -> None:
        report = sync_once(self.manifest, self.shop, self.client)
        assert report.quarantined_count == 0
        push_after_import(self.manifest, self.shop, self.client, report)
        assert report.stock_push is not None, report.errors
        assert not report.stock_push.failed, report.stock_push.failed
        self.complete = True

    @precondition(lambda self: hasattr(self, "shop"))
    @rule(handler=st.sampled_from(sorted(REGISTERED)), after=st.integers(0, 2))
    def the_process_dies_importing(self, handler: str, after: int) -> None:
        with dies_in(handler, after):
            sync_once(self.manifest, self.shop, self.client)
        self._restart()

    @rule(writes=st.integers(0, 3))
    def the_process_dies_pushing(self, writes: int) -> None:
        report = sync_once(self.manifest, self.shop, self.client)
        with contextlib.suppress(Died):
            push_after_import(self.manifest, self.shop, Dying(self.client, writes), report)
        self._restart()

    def _restart(self) -> None:
        self.complete = False
        self.shop.close()
        self.shop = open_embedded(self.files.shop)

    # --- invariants -----------------------------------------------------------------------------------------------
    @invariant()
    def after_a_completed_pass_each_offer_sells_shop_stock_less_holds_and_reserve(self) -> None:
        if not getattr(self, "complete", False):
            return
        stock, held = self._stock(), self._held()
        selling = {code: self._selling(code) for code in CODES}
        assert selling == {c: max(0, stock[c] - held[c] - self.reserve) for c in CODES}

    @invariant()
    def allegro_never_offers_or_sells_more_than_the_shop_has(self) -> None:
        if not hasattr(self, "shop"):
            return
        stock, held, unimported = self._stock(), self._held(), self._unimported()
        for code in CODES:
            # what the shop still has for Allegro: its stock, less units sold on Allegro it has not counted yet
            assert self._selling(code) + held[code] + unimported[code] <= max(stock[code], 0), code
            assert stock[code] - unimported[code] >= 0, code  # never a unit sold that the shop did not have


StockMachine.TestCase.settings = settings(max_examples=12, stateful_step_count=14, deadline=None)
TestStockMachine = StockMachine.TestCase
