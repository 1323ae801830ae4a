"""Forms a combined payment replaced are never fetched (they 404 on Allegro), and no purchase is lost for it."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from plugin.allegro.models import OrderEvent
from plugin.sync.combined import replaced_in_batch
from plugin.sync.engine import sync_once
from tests.sync.fake_allegro import FakeAllegro
from tests.sync.helpers import CATALOG
from tests.sync.test_engine import first_run, form_with, line


class CountingAllegro(FakeAllegro):
    """The fake, remembering which forms were asked for one by one (the calls a 404 wastes)."""

    def __init__(self) -> None:
        super().__init__()
        self.single_gets: list[str] = []
        self.batched: list[list[str]] = []

    def checkout_form(self, form_id: str):
        self.single_gets.append(form_id)
        return super().checkout_form(form_id)

    def checkout_forms_by_id(self, ids, *, updated_gte):
        self.batched.append(sorted(ids))
        return super().checkout_forms_by_id(ids, updated_gte=updated_gte)


def test_a_combined_payment_in_one_page_costs_no_call_for_the_old_forms(manifest, shop):
    allegro = CountingAllegro()
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1", item_id="a"), form_id="f1"), status="BOUGHT")
    allegro.add(form_with(line("SKU-2", 2, item_id="b"), form_id="f2"), status="BOUGHT")
    allegro.modify("f1")  # BUYER_MODIFIED: an event the rules want, for a form about to be combined away
    allegro.combine(["f1", "f2"], "f3")
    report = sync_once(manifest, shop, allegro)
    assert allegro.single_gets == [] and allegro.batched == [["f3"]]
    assert report.api_calls == 3  # me, one journal page, one batched form read
    assert report.orders_imported == 1
    assert shop.stock_levels()["SKU-2"] == CATALOG["SKU-2"] - 2 and shop.stock_levels()["SKU-1"] == CATALOG["SKU-1"] - 1


def test_the_ledger_remembers_replaced_forms_across_runs(manifest, shop):
    allegro = CountingAllegro()
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1", item_id="a"), form_id="f1"))
    allegro.add(form_with(line("SKU-2", item_id="b"), form_id="f2"))
    sync_once(manifest, shop, allegro)
    old = copy.deepcopy(allegro.forms["f1"])
    allegro.combine(["f1", "f2"], "f3")
    sync_once(manifest, shop, allegro)  # f3 holds purchases of f1 and f2: both marked replaced
    assert shop.ledger_marked("REPLACED", ["f1", "f2", "f3"]) == {"f1", "f2"}
    old["revision"] = "late"
    allegro._event("BUYER_MODIFIED", old)  # a late event of a form that no longer exists
    with shop.transaction():
        shop.quarantine("f2", "BUYER_MODIFIED", "set aside before it was combined")
    allegro.single_gets.clear()
    calls = allegro.calls
    report = sync_once(manifest, shop, allegro)
    assert allegro.single_gets == [] and allegro.calls - calls == 2  # me and the journal page only
    assert list(shop.quarantined()) == [] and report.quarantined_count == 0  # released without a GET
    allegro.cancel("f3")
    sync_once(manifest, shop, allegro)
    assert shop.stock_levels() == CATALOG  # the combined form still cancels the orders it replaced


def test_a_new_combined_form_over_imported_purchases_is_still_fetched(manifest, shop):
    """The reverse direction: f3 holds only purchases already in the shop, yet f3 itself is alive."""
    allegro = CountingAllegro()
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1", item_id="a"), form_id="f1"))
    sync_once(manifest, shop, allegro)
    allegro.combine(["f1"], "f3")
    allegro.cancel("f3")
    sync_once(manifest, shop, allegro)
    assert ["f3"] in allegro.batched and shop.stock_levels() == CATALOG


# --- the detection itself, on random journals -------------------------------------------------------------------
def _event(number: int, form_id: str, items: list[str]) -> OrderEvent:
    return OrderEvent.parse(
        {
            "id": str(1_000 + number),
            "type": "BUYER_MODIFIED",
            "occurredAt": "2026-11-20T10:00:00.000Z",
            "order": {
                "checkoutForm": {"id": form_id, "revision": str(number)},
                "lineItems": [{"id": i, "offer": {"id": "o", "name": "n"}, "quantity": 1} for i in items],
            },
        }
    )


@st.composite
def journals(draw: Any) -> tuple[list[OrderEvent], dict[str, int]]:
    """Purchases, later events and combined payments as Allegro makes them. Returns the events and, for each
    form combined away, the index of the event of the form that replaced it."""
    live: dict[str, list[str]] = {}
    removed_at: dict[str, int] = {}
    events: list[OrderEvent] = []
    for step in range(draw(st.integers(1, 30))):
        choice = draw(st.sampled_from(["buy", "touch", "combine"]))
        if choice == "touch" and live:
            form_id = draw(st.sampled_from(sorted(live)))
        elif choice == "combine" and live:
            old = draw(st.lists(st.sampled_from(sorted(live)), min_size=1, max_size=3, unique=True))
            form_id = f"c{step}"
            live[form_id] = [item for f in old for item in live.pop(f)]
            removed_at.update(dict.fromkeys(old, len(events)))
        else:
            form_id = f"f{step}"
            live[form_id] = [f"li{step}-{n}" for n in range(draw(st.integers(1, 3)))]
        events.append(_event(step, form_id, live[form_id]))
    return events, removed_at


@given(journals(), st.data())
def test_only_removed_forms_are_skipped_and_those_combined_in_the_page_always(journal, data):
    events, removed_at = journal
    start = data.draw(st.integers(0, len(events) - 1))
    end = data.draw(st.integers(start + 1, len(events)))
    skipped = replaced_in_batch(events[start:end])
    assert skipped <= removed_at.keys()  # never a form that still exists: no order can be lost
    seen = {e.checkout_form_id for e in events[start:end]}
    combined_here = {f for f in seen if f in removed_at and start <= removed_at[f] < end}
    assert combined_here <= skipped
