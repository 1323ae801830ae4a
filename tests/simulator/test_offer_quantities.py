"""The simulator keeps offer quantities honest and runs batch commands with per-offer results."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.exceptions import SimulatorError
from plugin.simulator.account import SimulatorState
from plugin.simulator.offer_commands import publication_tasks, quantity_tasks
from plugin.simulator.seller_catalog import Product

CATALOG = (
    Product("A-1", "Kubek ceramiczny biały", 3, Decimal("10.00")),
    Product("B-2", "Herbata liściasta 100 g", 1, Decimal("12.00")),
)


def _state(**kw) -> SimulatorState:
    return SimulatorState(CATALOG, seed=1, **kw)


def test_live_purchases_never_take_more_than_the_offers_have_and_end_them_at_zero() -> None:
    state = _state()
    total = sum(o.available for o in state.offers.offers)
    with pytest.raises(SimulatorError, match="sold out"):
        for _ in range(10):
            state.add_orders(1)
    assert all(o.available == 0 and o.status == "ENDED" for o in state.offers.offers)
    assert sum(o.sold for o in state.offers.offers) == total


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 40))
def test_no_seeded_or_live_purchase_overdraws_an_offer(seed: int, count: int) -> None:
    state = SimulatorState(CATALOG, seed=seed)
    state.seed(count, 0)  # the past may have started with more: the present never gets units from nowhere
    before = {o.id: (o.available, o.sold) for o in state.offers.offers}
    with contextlib.suppress(SimulatorError):
        state.add_orders(count)
    for offer in state.offers.offers:
        assert offer.available >= 0
        assert offer.available + offer.sold == sum(before[offer.id])  # units only move from available to sold
        assert (offer.status == "ENDED") == (offer.available == 0)


def test_a_form_stored_as_given_cannot_buy_more_than_the_offer_has() -> None:
    state = _state()
    offer = state.offers.offers[1]  # 1 unit
    form = {
        "id": "7d1b5c9e-1111-4222-8333-000000000001",
        "buyer": {"id": "1", "email": "a@allegromail.pl", "login": "a", "guest": False},
        "status": "READY_FOR_PROCESSING",
        "lineItems": [{"id": "l1", "offer": {"id": offer.id, "name": offer.name}, "quantity": 2}],
        "summary": {"totalToPay": {"amount": "24.00", "currency": "PLN"}},
    }
    with pytest.raises(SimulatorError, match="cannot take more than the offer has"):
        state.store_form(form)
    assert offer.available == 1 and state.store.get(form["id"]) is None
    form["lineItems"][0]["quantity"] = 1
    state.store_form(form)
    assert offer.available == 0 and offer.status == "ENDED"


def test_quantity_commands_fail_per_offer_for_ended_foreign_and_missing_offers() -> None:
    state = _state()
    active, ended = state.offers.offers
    ended.status = "ENDED"
    foreign = state.offers.add_foreign("990", "X")
    tasks = quantity_tasks(state.offers.by_id, "FIXED", 7, [active.id, ended.id, foreign.id, "404"])
    by_offer = {t["offer"]["id"]: t for t in tasks}
    assert by_offer[active.id]["status"] == "SUCCESS" and active.available == 7
    assert by_offer[ended.id]["errors"][0]["code"] == "OFFER_NOT_ACTIVE" and ended.available == 1
    assert by_offer[foreign.id]["errors"][0]["code"] == "ACCESS_DENIED" and foreign.available == 5
    assert by_offer["404"]["errors"][0]["code"] == "NOT_FOUND"
    assert quantity_tasks(state.offers.by_id, "GAIN", -7, [active.id])[0]["errors"][0]["code"] == (
        "INVALID_OFFER_QUANTITY"
    )
    assert active.available == 7


def test_publication_commands_end_and_resume_only_what_allegro_allows() -> None:
    state = _state()
    first, second = state.offers.offers
    publication_tasks(state.offers.by_id, "END", [first.id, second.id])
    assert first.status == second.status == "ENDED"
    second.available = 0
    first.renewable = True
    tasks = publication_tasks(state.offers.by_id, "ACTIVATE", [first.id, second.id])
    assert [t["status"] for t in tasks] == ["SUCCESS", "FAIL"] and first.status == "ACTIVE"
    first.renewable = False
    first.status = "ENDED"
    assert publication_tasks(state.offers.by_id, "ACTIVATE", [first.id])[0]["status"] == "FAIL"
    assert state.offers.find([], [], 0, 10, ["ENDED"])[1] == 2
