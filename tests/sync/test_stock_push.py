"""Shop stock → Allegro over HTTP: the real simulator, the real client, a real SQLite shop."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from plugin.manifest.model import StockConfig
from plugin.simulator.server import RunningSimulator, start_simulator
from plugin.sync.runner import plan_sync, run_sync
from tests.sync.helpers import open_embedded
from tests.sync.simulated import PRODUCTS, shop_folder


@pytest.fixture
def simulator() -> Iterator[RunningSimulator]:
    with start_simulator(products=list(PRODUCTS), orders=40, archived=0, seed=5) as running:
        yield running


def _offers(simulator: RunningSimulator) -> dict[str, dict]:
    return {o["external_id"]: o for o in simulator.state.snapshot()["offers"]}


def _selling(offer: dict) -> int:
    return offer["available"] if offer["status"] == "ACTIVE" else 0


def _held(simulator: RunningSimulator) -> dict[str, int]:
    """Units in unpaid purchases (BOUGHT, FILLED_IN): taken on Allegro, not yet in the shop's stock."""
    held: dict[str, int] = {}
    for form in simulator.state.store.forms.values():
        if form["status"] in ("BOUGHT", "FILLED_IN"):
            for item in form["lineItems"]:
                code = item["offer"]["external"]["id"]
                held[code] = held.get(code, 0) + item["quantity"]
    return held


def _expected(simulator: RunningSimulator, stock: dict[str, int], reserve: int) -> dict[str, int]:
    held = _held(simulator)
    return {code: max(0, units - held.get(code, 0) - reserve) for code, units in stock.items()}


def _setup(tmp_path, simulator, reserve: int = 0):
    files, manifest = shop_folder(tmp_path, simulator.url)
    manifest = replace(manifest, sync=replace(manifest.sync, push_stock=True), stock=StockConfig(reserve=reserve))
    return files, manifest


def test_every_offer_ends_a_pass_selling_shop_stock_minus_reserve(tmp_path, simulator) -> None:
    files, manifest = _setup(tmp_path, simulator, reserve=2)
    report = run_sync(manifest)
    assert report.stock_push is not None and not report.stock_push.failed
    shop = open_embedded(files.shop)
    stock = shop.stock_levels()
    expected = _expected(simulator, stock, 2)
    assert {code: _selling(offer) for code, offer in _offers(simulator).items()} == expected

    # the shop's own side moves: a storefront sale, a correction by hand, a product sold out
    codes = sorted(stock)
    with shop.transaction():
        shop.conn.execute("UPDATE products SET stock = stock - 1 WHERE code = ?", (codes[0],))
        shop.conn.execute("UPDATE products SET stock = 50 WHERE code = ?", (codes[1],))
        shop.conn.execute("UPDATE products SET stock = 1 WHERE code = ?", (codes[2],))
        shop.conn.execute("UPDATE products SET stock = 0 WHERE code = ?", (codes[3],))
    before = simulator.state.snapshot()["offers"]
    planned = plan_sync(manifest)
    assert {c.product_code for c in planned.stock_push.changes} >= {codes[1], codes[2], codes[3]}
    assert simulator.state.snapshot()["offers"] == before  # plan changed nothing on Allegro
    again = run_sync(manifest)
    assert again.stock_push.pushed == len(again.stock_push.changes) > 0
    offers, expected = _offers(simulator), _expected(simulator, shop.stock_levels(), 2)
    assert {code: _selling(offer) for code, offer in offers.items()} == expected
    assert offers[codes[2]]["status"] == "ENDED" and offers[codes[3]]["status"] == "ENDED"

    # stock comes back: the ended offer is resumed with the right quantity
    with shop.transaction():
        shop.conn.execute("UPDATE products SET stock = 9 WHERE code = ?", (codes[3],))
    third = run_sync(manifest)
    new = _expected(simulator, shop.stock_levels(), 2)[codes[3]]
    assert [(c.product_code, c.action, c.new) for c in third.stock_push.changes] == [(codes[3], "resume", new)]
    offer = _offers(simulator)[codes[3]]
    assert (offer["status"], offer["available"]) == ("ACTIVE", new) and new > 0


def test_a_pass_with_nothing_changed_makes_no_stock_call(tmp_path, simulator) -> None:
    _, manifest = _setup(tmp_path, simulator)
    run_sync(manifest)
    recording: list = []
    simulator.state.recording = recording
    quiet = run_sync(manifest)
    simulator.state.recording = None
    offers_calls = [e for e in recording if e["path"].startswith("/sale/")]
    assert offers_calls == [] and quiet.stock_push.changes == []
    assert quiet.api_calls <= 2  # the account check and one page of events


def test_offers_with_the_same_quantity_share_one_command(tmp_path, simulator) -> None:
    files, manifest = _setup(tmp_path, simulator)
    run_sync(manifest)
    shop = open_embedded(files.shop)
    with shop.transaction():
        shop.conn.execute("UPDATE products SET stock = 33")
    recording: list = []
    simulator.state.recording = recording
    report = run_sync(manifest)
    simulator.state.recording = None
    puts = [e for e in recording if e["method"] == "PUT"]
    held = _held(simulator)
    assert len(puts) == len({33 - held.get(p.code, 0) for p in PRODUCTS})  # one command per new quantity
    assert report.stock_push.pushed == len(PRODUCTS)
    assert {c: _selling(o) for c, o in _offers(simulator).items()} == {
        p.code: 33 - held.get(p.code, 0) for p in PRODUCTS
    }


def test_a_failed_offer_is_reported_with_allegros_reason_and_retried_next_pass(tmp_path, simulator) -> None:
    files, manifest = _setup(tmp_path, simulator)
    run_sync(manifest)
    code = PRODUCTS[0].code
    offer = next(o for o in simulator.state.offers.offers if o.external_id == code)
    shop = open_embedded(files.shop)
    with shop.transaction():
        shop.conn.execute("UPDATE products SET stock = 12 WHERE code = ?", (code,))
    offer.status = "INACTIVE"  # changed on Allegro behind our back: the quantity command fails for it
    report = run_sync(manifest)
    assert report.stock_push.failed[offer.id].startswith("OFFER_NOT_ACTIVE")
    assert any(offer.id in error for error in report.errors)
    offer.status = "ENDED"
    retried = run_sync(manifest)
    assert [(c.offer_id, c.action) for c in retried.stock_push.changes] == [(offer.id, "resume")]
    assert (offer.status, offer.available) == ("ACTIVE", 12 - _held(simulator).get(code, 0))
    assert run_sync(manifest).stock_push.changes == []


def test_a_product_on_several_offers_updates_all_and_an_offer_without_product_is_left_alone(
    tmp_path, simulator
) -> None:
    files, manifest = _setup(tmp_path, simulator)
    code = PRODUCTS[1].code
    body = {
        "name": "Druga oferta tego samego produktu",
        "external": {"id": code},
        "sellingMode": {"price": {"amount": "10.00", "currency": "PLN"}},
        "stock": {"available": 3},
        "location": {"city": "Kraków", "countryCode": "PL", "postCode": "30-001", "province": "MALOPOLSKIE"},
    }
    twin = simulator.state.offers.create(body, simulator.state.clock())
    stray = simulator.state.offers.create({**body, "external": {"id": "NIE-MA-W-SKLEPIE"}}, simulator.state.clock())
    report = run_sync(manifest)
    assert stray.id in report.stock_push.unlinked_offers and stray.available == 3
    stock = _expected(simulator, open_embedded(files.shop).stock_levels(), 0)[code]
    first = next(o for o in simulator.state.offers.offers if o.external_id == code and o.id != twin.id)
    assert twin.available == first.available == stock
