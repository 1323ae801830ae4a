"""A stateful property test of the engine: purchases, duplicates, cancellations, combined payments, modified
addresses, archival orders, crashes at a random handler with a restart, and options switched between runs.

Allegro is the in-memory fake here (hundreds of runs per second); ``test_http.py`` runs the same engine
against the real simulator over HTTP.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from plugin.sync.engine import sync_once
from plugin.sync.handlers import HANDLERS as REGISTERED
from tests.sync.conftest import recent_form
from tests.sync.fake_allegro import FakeAllegro
from tests.sync.helpers import (
    CATALOG,
    cursor_moved_forward,
    dies_in,
    make_manifest,
    make_shop,
    open_embedded,
    plan_once,
    with_sync,
)

HANDLERS = sorted(REGISTERED)
ARCHIVAL_MAX = 1


class SyncMachine(RuleBasedStateMachine):
    @initialize(archived_send=st.booleans())
    def setup(self, archived_send: bool) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sync-machine-"))
        self.manifest = make_manifest(self.folder, archived_send=archived_send, archived_max=ARCHIVAL_MAX)
        self.shop = make_shop(self.manifest)
        self.allegro = FakeAllegro()
        self.unpaid: list[str] = []
        self.live: list[str] = []  # paid, not cancelled, not combined away
        self.counter = 0
        self.cursor: str | None = None
        sync_once(self.manifest, self.shop, self.allegro)  # the first run places the cursor at "now"

    def teardown(self) -> None:
        self.shop.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- Allegro side ----------------------------------------------------------------------------------------------
    def _form(self, buyer: int, lines: list[tuple[str, int]], days_ago: float = 0) -> dict:
        when = (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        self.counter += 1
        items = [
            {
                "id": f"li-{self.counter}-{n}",
                "offer": {"id": f"o-{code}", "name": code, "external": {"id": code}},
                "quantity": quantity,
                "price": {"amount": "12.50", "currency": "PLN"},
                "boughtAt": when,
            }
            for n, (code, quantity) in enumerate(lines)
        ]
        base = recent_form()
        return recent_form(id=f"cf-{self.counter}", lineItems=items, buyer={**base["buyer"], "id": str(buyer)})

    lines = st.lists(st.tuples(st.sampled_from([*CATALOG, "UNMAPPED"]), st.integers(1, 3)), min_size=1, max_size=3)

    @rule(buyer=st.integers(1, 3), lines=lines, paid=st.booleans())
    def purchase(self, buyer: int, lines: list[tuple[str, int]], paid: bool) -> None:
        form_id = self.allegro.add(self._form(buyer, lines), status="READY_FOR_PROCESSING" if paid else "BOUGHT")
        (self.live if paid else self.unpaid).append(form_id)

    @rule(lines=lines)
    def archival_purchase(self, lines: list[tuple[str, int]]) -> None:
        self.allegro.add(self._form(9, lines, days_ago=40), events=False)

    @precondition(lambda self: self.unpaid)
    @rule(data=st.data())
    def pay(self, data: st.DataObject) -> None:
        form_id = data.draw(st.sampled_from(self.unpaid))
        self.unpaid.remove(form_id)
        self.allegro.pay(form_id)
        self.live.append(form_id)

    @precondition(lambda self: self.live or self.unpaid)
    @rule(data=st.data(), kind=st.sampled_from(["BUYER_CANCELLED", "AUTO_CANCELLED"]))
    def cancel(self, data: st.DataObject, kind: str) -> None:
        form_id = data.draw(st.sampled_from(self.live + self.unpaid))
        for pool in (self.live, self.unpaid):
            if form_id in pool:
                pool.remove(form_id)
        self.allegro.cancel(form_id, kind)

    @precondition(lambda self: self.live)
    @rule(data=st.data(), modify=st.booleans())
    def touch(self, data: st.DataObject, modify: bool) -> None:
        """The buyer changes the address, or Allegro delivers the latest event again."""
        form_id = data.draw(st.sampled_from(self.live))
        if modify:
            self.allegro.modify(form_id)
        else:
            self.allegro.duplicate_last(form_id)

    @precondition(lambda self: len(self.unpaid) >= 2)
    @rule(data=st.data())
    def combine(self, data: st.DataObject) -> None:
        ids = data.draw(st.lists(st.sampled_from(self.unpaid), min_size=2, max_size=3, unique=True))
        self.counter += 1
        new_id = f"cf-{self.counter}"
        self.allegro.combine(ids, new_id)
        for old in ids:
            self.unpaid.remove(old)
        self.live.append(new_id)

    @rule(
        emails=st.booleans(),
        customers=st.booleans(),
        archived=st.booleans(),
    )
    def switch_options(self, emails: bool, customers: bool, archived: bool) -> None:
        self.manifest = with_sync(
            self.manifest, send_confirmation_email=emails, register_customers=customers, import_archived=archived
        )

    # --- the engine --------------------------------------------------------------------------------------------------
    @rule()
    def plan_then_run(self) -> None:
        planned = plan_once(self.manifest, self.shop, self.allegro)
        report = sync_once(self.manifest, self.shop, self.allegro)
        assert planned.counts() == report.counts()
        assert report.quarantined_count == 0
        self._check_cursor()
        self._check_complete()

    @rule(handler=st.sampled_from(HANDLERS), after=st.integers(0, 2))
    def crash_and_restart(self, handler: str, after: int) -> None:
        with dies_in(handler, after):
            sync_once(self.manifest, self.shop, self.allegro)
        self.shop.close()  # the process is gone; a new one opens the shop
        self.shop = open_embedded(self.shop.path)
        self._check_cursor()

    # --- invariants --------------------------------------------------------------------------------------------------
    def _check_cursor(self) -> None:
        self.cursor = cursor_moved_forward(self.shop, self.cursor)

    def _check_complete(self) -> None:
        """After a complete run every paid, uncancelled purchase since connected_since is in a live order."""
        live_items = {
            row[0]
            for row in self.shop.conn.execute(
                "SELECT line_item_id FROM order_items i JOIN orders o ON o.id = i.order_id"
                " WHERE o.allegro_status != 'CANCELLED' AND o.archival = 0"
            )
        }
        expected = {item["id"] for form_id in self.live for item in self.allegro.forms[form_id]["lineItems"]}
        assert live_items == expected

    @invariant()
    def one_order_per_checkout_form(self) -> None:
        if not hasattr(self, "shop"):
            return
        twice = self.shop.conn.execute(
            "SELECT allegro_checkout_form_id FROM orders GROUP BY 1 HAVING COUNT(*) > 1"
        ).fetchall()
        assert twice == []

    @invariant()
    def stock_is_initial_minus_live_orders(self) -> None:
        if not hasattr(self, "shop"):
            return
        taken = dict.fromkeys(CATALOG, 0)
        rows = self.shop.conn.execute(
            "SELECT i.product_code, i.quantity FROM order_items i JOIN orders o ON o.id = i.order_id"
            " WHERE o.allegro_status != 'CANCELLED' AND i.unmapped = 0"
        )
        for code, quantity in rows:
            taken[code] += quantity
        assert self.shop.stock_levels() == {code: initial - taken[code] for code, initial in CATALOG.items()}

    @invariant()
    def no_archival_email_unless_allowed(self) -> None:
        if not hasattr(self, "shop"):
            return
        archival = self.shop.archival_emails_queued()
        policy = self.manifest.email.archived_orders
        assert archival <= (ARCHIVAL_MAX if policy.send else 0)


SyncMachine.TestCase.settings = settings(stateful_step_count=40, deadline=None)
TestSyncMachine = SyncMachine.TestCase
