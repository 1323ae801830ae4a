"""The simulated account's data: seeding semantics, lifecycles, combined payments, realistic Polish data."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest

from plugin.allegro.models import CheckoutForm, parse_time
from plugin.exceptions import SimulatorError
from plugin.simulator.account import SimulatorState
from plugin.simulator.journal import RETENTION
from plugin.simulator.seller_catalog import BUILTIN_CATALOG


@pytest.fixture(scope="module")
def seeded() -> SimulatorState:
    state = SimulatorState(BUILTIN_CATALOG, seed=5)
    state.seed(1500, 400)
    return state


def _forms(state: SimulatorState) -> list[CheckoutForm]:
    return [CheckoutForm.parse(f) for f in state.store.forms.values()]


def test_same_seed_same_orders(seeded: SimulatorState) -> None:
    again = SimulatorState(BUILTIN_CATALOG, seed=5)
    again.seed(1500, 400)
    assert sorted(again.store.forms) == sorted(seeded.store.forms)
    other = SimulatorState(BUILTIN_CATALOG, seed=6)
    other.seed(50, 0)
    assert not set(other.store.forms) & set(seeded.store.forms)


def test_recent_and_archived_orders_fall_in_their_windows(seeded: SimulatorState) -> None:
    now = seeded.clock()
    ages = [now - f.bought_at for f in _forms(seeded)]
    recent = [a for a in ages if a <= timedelta(hours=72)]
    archived = [a for a in ages if timedelta(days=20) <= a <= timedelta(days=300)]
    assert (len(recent), len(archived)) == (1500, 400)  # a combined payment counts as one order


def test_most_orders_are_ready_and_some_are_cancelled(seeded: SimulatorState) -> None:
    counts = seeded.store.counts()
    assert counts["READY_FOR_PROCESSING"] > 0.7 * len(seeded.store)
    assert counts["CANCELLED"] > 0 and counts["BOUGHT"] + counts["FILLED_IN"] > 0


def test_the_journal_keeps_sixty_days_in_ascending_id_order(seeded: SimulatorState) -> None:
    now = seeded.clock()
    ids = seeded.journal.ids
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(now - e.occurred_at <= RETENTION for e in seeded.journal.entries)
    old_forms = [f for f in _forms(seeded) if now - f.bought_at > RETENTION + timedelta(days=8)]
    journal_forms = {e.form_id for e in seeded.journal.entries}
    assert old_forms and not any(f.id in journal_forms for f in old_forms)  # listed, but their events are gone


def test_lifecycles_match_allegros(seeded: SimulatorState) -> None:
    by_form: dict[str, list[str]] = {}
    for entry in seeded.journal.entries:
        by_form.setdefault(entry.form_id, []).append(entry.type)
    types = Counter(t for kinds in by_form.values() for t in kinds)
    assert {"BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "BUYER_CANCELLED", "AUTO_CANCELLED"} <= set(types)
    duplicates = [f for f, kinds in by_form.items() if kinds.count("READY_FOR_PROCESSING") > 1]
    assert duplicates
    for form_id, kinds in by_form.items():
        if form_id in seeded.store.forms and kinds[0] == "BOUGHT" and "READY_FOR_PROCESSING" in kinds:
            assert kinds.index("FILLED_IN") < kinds.index("READY_FOR_PROCESSING")


def test_combined_payments_keep_line_item_ids_under_a_new_form(seeded: SimulatorState) -> None:
    assert seeded.removed and not seeded.removed & set(seeded.store.forms)
    removed_items = {
        i["id"] for e in seeded.journal.entries if e.form_id in seeded.removed for i in e.summary["lineItems"]
    }
    current_items = {i["id"] for f in seeded.store.forms.values() for i in f["lineItems"]}
    assert removed_items and removed_items <= current_items


def test_data_is_realistically_polish(seeded: SimulatorState) -> None:
    forms = _forms(seeded)
    raw = list(seeded.store.forms.values())
    assert any(re.search("[ąćęłńóśźżŁŚŻ]", f.buyer.last_name or "") for f in forms)
    assert any(f.invoice and f.invoice.tax_id for f in forms)
    assert any(f.delivery.pickup_point for f in forms)
    assert any(f.payment.type == "CASH_ON_DELIVERY" for f in forms)
    assert any(len(f.line_items) > 1 for f in forms)
    assert any(i.product_set for f in forms for i in f.line_items)
    assert any(f.buyer.guest for f in forms)
    assert all(f.buyer.email.endswith("@allegromail.pl") for f in forms)
    for form in raw:
        if form["invoice"].get("required"):
            nip = form["invoice"]["address"]["company"]["ids"][0]["value"]
            weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
            assert sum(w * int(d) for w, d in zip(weights, nip, strict=False)) % 11 == int(nip[9])


def test_returning_buyers_keep_their_id_but_not_their_email(seeded: SimulatorState) -> None:
    emails: dict[str, set[str]] = {}
    orders: Counter[str] = Counter()
    for form in _forms(seeded):
        emails.setdefault(form.buyer.id, set()).add(form.buyer.email)
        orders[form.buyer.id] += 1
    returning = [b for b, n in orders.items() if n > 1]
    assert returning
    assert all(len(emails[b]) == orders[b] for b in returning)


def test_purchases_decrement_offer_stock(seeded: SimulatorState) -> None:
    state = SimulatorState(BUILTIN_CATALOG, seed=9)
    before = {o.id: o.available for o in state.offers.offers}
    ids = state.add_orders(40)
    bought = Counter()
    for form_id in ids:
        for item in state.store.get(form_id)["lineItems"]:
            bought[item["offer"]["id"]] += item["quantity"]
    assert {o.id: before[o.id] - o.available for o in state.offers.offers if bought[o.id]} == dict(bought)


def test_cancel_pay_modify_and_combine_emit_events_and_new_revisions() -> None:
    state = SimulatorState(BUILTIN_CATALOG, seed=2)
    form = {**state.store.get(state.add_orders(1)[0])}
    first = {**form, "id": "0e1f2a3b-0000-4000-8000-000000000001", "status": "BOUGHT", "revision": "r0"}
    second = {**form, "id": "0e1f2a3b-0000-4000-8000-000000000002", "status": "FILLED_IN", "revision": "r0"}
    state.store_form(first)
    state.store_form(second)
    assert [e.type for e in state.journal.entries[-3:]] == ["BOUGHT", "BOUGHT", "FILLED_IN"]
    new_id = state.combine([first["id"], second["id"]])
    assert state.store.get(first["id"]) is None and state.store.get(new_id)["status"] == "READY_FOR_PROCESSING"
    revision = state.store.get(new_id)["revision"]
    state.modify(new_id)
    assert state.store.get(new_id)["revision"] != revision
    assert state.store.get(new_id)["delivery"]["address"]["modifiedAt"]
    state.cancel(new_id)
    assert state.store.get(new_id)["status"] == "CANCELLED"
    assert [e.type for e in state.journal.entries[-4:]] == [
        "FILLED_IN",
        "READY_FOR_PROCESSING",
        "BUYER_MODIFIED",
        "BUYER_CANCELLED",
    ]
    with pytest.raises(SimulatorError, match="cannot be cancelled again"):
        state.cancel(new_id)
    with pytest.raises(SimulatorError, match="combined away"):
        state.cancel(first["id"])


def test_updated_at_follows_every_step(seeded: SimulatorState) -> None:
    for form in list(seeded.store.forms.values())[:200]:
        assert parse_time(form["updatedAt"]) >= CheckoutForm.parse(form).bought_at


def test_nothing_happens_to_an_order_after_its_cancellation(seeded: SimulatorState) -> None:
    after_cancel: dict[str, list[str]] = {}
    for entry in seeded.journal.entries:
        if entry.form_id in after_cancel:
            after_cancel[entry.form_id].append(entry.type)
        if entry.type.endswith("CANCELLED"):
            after_cancel[entry.form_id] = []
    assert after_cancel and all(kinds == [] for kinds in after_cancel.values())
