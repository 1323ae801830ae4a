"""The engine's stateful property test against the real simulator over HTTP, with the real client.

``test_machine.py`` explores many more sequences on an in-memory Allegro; this one checks that what holds there
holds against the simulator's own lifecycles (duplicate READY events, combined payments it makes by itself,
revisions, 404s for forms combined away), so the fake cannot be easier than the peer users actually meet.
The truth each invariant is checked against is the simulator's store, not the test's bookkeeping.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from plugin.allegro.connect import open_client
from plugin.allegro.models import CheckoutForm, format_time
from plugin.exceptions import SimulatorError
from plugin.simulator.server import start_simulator
from plugin.sync.apply import connected_since
from plugin.sync.engine import sync_once
from plugin.sync.handlers import HANDLERS as REGISTERED
from tests.sync.helpers import cursor_moved_forward, dies_in, open_embedded, plan_once
from tests.sync.simulated import PRODUCTS, shop_folder

HANDLERS = sorted(REGISTERED)
BUYER = "machine-buyer"


class HttpSyncMachine(RuleBasedStateMachine):
    @initialize(seed=st.integers(0, 2**16), orders=st.integers(0, 15))
    def setup(self, seed: int, orders: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sync-http-machine-"))
        self.simulator = start_simulator(products=list(PRODUCTS), orders=orders, seed=seed)
        self.files, self.manifest = shop_folder(self.folder, self.simulator.url)
        self.source = open_client(self.manifest)
        self.shop = open_embedded(self.files.shop)
        self.initial = dict(self.shop.stock_levels())
        self.unpaid: list[str] = []
        self.cursor: str | None = None
        self.complete = False

    def teardown(self) -> None:
        if hasattr(self, "shop"):
            self.shop.close()
            self.simulator.stop()
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- the buyers, on Allegro ------------------------------------------------------------------------------------
    def _forms(self) -> list[CheckoutForm]:
        store = self.simulator.state.store
        return [CheckoutForm.parse(store.get(form_id)) for form_id in list(store.forms)]

    @rule(count=st.integers(1, 8))
    def buyers_purchase(self, count: int) -> None:
        self.simulator.state.add_orders(count)
        self.complete = False

    @rule(days_ago=st.sampled_from([0, 40]))
    def one_buyer_leaves_a_purchase_unpaid(self, days_ago: int) -> None:
        """A purchase of one returning buyer, unpaid (40 days ago: an archival purchase whose events arrive now)."""
        first = next(iter(self.simulator.state.store.forms), None)
        if first is None:
            return
        template = copy.deepcopy(self.simulator.state.store.get(first))
        bought = format_time(datetime.now(UTC) - timedelta(days=days_ago))
        template.update(id=str(uuid.uuid4()), status="BOUGHT", revision=uuid.uuid4().hex[:8])
        template["buyer"]["id"] = BUYER
        template.pop("payment", None)
        for item in template["lineItems"]:
            item.update(id=str(uuid.uuid4()), boughtAt=bought)
        try:
            form_id = self.simulator.state.store_form(template)
        except SimulatorError:  # an offer has fewer units left than this purchase: Allegro would refuse it
            return
        if days_ago == 0:
            self.unpaid.append(form_id)
        self.complete = False

    @precondition(lambda self: self.unpaid)
    @rule(data=st.data())
    def the_buyer_pays(self, data: st.DataObject) -> None:
        form_id = data.draw(st.sampled_from(self.unpaid))
        self.unpaid.remove(form_id)
        self.simulator.state.pay(form_id)
        self.complete = False

    @precondition(lambda self: len(self.unpaid) >= 2)
    @rule(data=st.data())
    def the_buyer_pays_several_together(self, data: st.DataObject) -> None:
        ids = data.draw(st.lists(st.sampled_from(self.unpaid), min_size=2, max_size=3, unique=True))
        self.simulator.state.combine(ids)
        for form_id in ids:
            self.unpaid.remove(form_id)
        self.complete = False

    @rule(data=st.data(), kind=st.sampled_from(["BUYER_CANCELLED", "AUTO_CANCELLED"]), modify=st.booleans())
    def a_buyer_cancels_or_changes(self, data: st.DataObject, kind: str, modify: bool) -> None:
        open_forms = [f.id for f in self._forms() if f.status != "CANCELLED"]
        if not open_forms:
            return
        form_id = data.draw(st.sampled_from(sorted(open_forms)))
        if modify:
            self.simulator.state.modify(form_id)
        else:
            self.simulator.state.cancel(form_id, kind)
            if form_id in self.unpaid:
                self.unpaid.remove(form_id)
        self.complete = False

    # --- the shop ----------------------------------------------------------------------------------------------------
    @rule()
    def plan_then_run(self) -> None:
        planned = plan_once(self.manifest, self.shop, self.source)
        report = sync_once(self.manifest, self.shop, self.source)
        assert planned.counts() == report.counts()
        assert report.quarantined_count == 0
        self.complete = True
        self._check_cursor()

    @rule(handler=st.sampled_from(HANDLERS), after=st.integers(0, 3))
    def the_process_dies_in_a_handler(self, handler: str, after: int) -> None:
        self.complete = False
        with dies_in(handler, after):
            sync_once(self.manifest, self.shop, self.source)
        self.shop.close()  # the process is gone; the next one opens the shop again
        self.shop = open_embedded(self.files.shop)
        self._check_cursor()

    # --- invariants, against the simulator's store --------------------------------------------------------------------
    def _check_cursor(self) -> None:
        self.cursor = cursor_moved_forward(self.shop, self.cursor)

    @invariant()
    def every_paid_purchase_is_one_live_order_after_a_complete_run(self) -> None:
        if not getattr(self, "complete", False):
            return
        since = connected_since(self.manifest)
        expected = {
            item.id
            for form in self._forms()
            if form.status == "READY_FOR_PROCESSING" and form.bought_at and form.bought_at >= since
            for item in form.line_items
        }
        live = {
            row[0]
            for row in self.shop.conn.execute(
                "SELECT line_item_id FROM order_items i JOIN orders o ON o.id = i.order_id"
                " WHERE o.allegro_status != 'CANCELLED' AND o.archival = 0"
            )
        }
        assert live == expected

    @invariant()
    def at_most_one_order_per_checkout_form_and_purchase(self) -> None:
        if not hasattr(self, "shop"):
            return
        q = self.shop.conn.execute
        assert q("SELECT allegro_checkout_form_id FROM orders GROUP BY 1 HAVING COUNT(*) > 1").fetchall() == []
        assert q("SELECT line_item_id FROM order_items GROUP BY 1 HAVING COUNT(*) > 1").fetchall() == []

    @invariant()
    def stock_is_initial_minus_live_orders(self) -> None:
        if not hasattr(self, "shop"):
            return
        taken = dict.fromkeys(self.initial, 0)
        rows = self.shop.conn.execute(
            "SELECT i.product_code, i.quantity FROM order_items i JOIN orders o ON o.id = i.order_id"
            " WHERE o.allegro_status != 'CANCELLED' AND i.unmapped = 0"
        )
        for code, quantity in rows:
            taken[code] += quantity
        assert self.shop.stock_levels() == {code: stock - taken[code] for code, stock in self.initial.items()}

    @invariant()
    def archival_buyers_get_no_email(self) -> None:
        if not hasattr(self, "shop"):
            return
        assert not self.manifest.email.archived_orders.send
        assert self.shop.archival_emails_queued() == 0


HttpSyncMachine.TestCase.settings = settings(max_examples=15, stateful_step_count=16, deadline=None)
TestHttpSyncMachine = HttpSyncMachine.TestCase
