"""Fewest commands: sales of a unit or two in many products share a GAIN command, a purchase landing during the push
is not put back on sale, and a GAIN cut short by a crash is never applied twice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.allegro.connect import open_client
from plugin.allegro.retry import FAST
from plugin.manifest.model import StockConfig
from plugin.simulator.server import start_simulator
from plugin.store.offer_links import OfferLinks
from plugin.sync.engine import sync_once
from plugin.sync.offer_changes import OfferChange
from plugin.sync.stock_commands import group_changes
from plugin.sync.stock_pass import push_after_import
from tests.sync.helpers import open_embedded
from tests.sync.simulated import PRODUCTS, shop_folder

changes = st.lists(
    st.builds(
        OfferChange,
        offer_id=st.text("0123456789", min_size=1, max_size=4),
        product_code=st.just("P"),
        old=st.none() | st.integers(1, 40),
        new=st.integers(0, 40),
        action=st.sampled_from(["quantity", "end"]),
    ),
    max_size=60,
    unique_by=lambda c: c.offer_id,
).map(lambda cs: [c for c in cs if (c.action == "end") == (c.new == 0) and c.old != c.new])


@given(changes)
def test_each_change_lands_in_one_command_that_gives_it_its_new_quantity(cs: list[OfferChange]) -> None:
    groups = group_changes(cs)
    placed = [c for _, members in groups for c in members]
    assert sorted(placed, key=lambda c: c.offer_id) == sorted(cs, key=lambda c: c.offer_id)
    for (change_type, value), members in groups:
        assert members
        for c in members:
            if change_type == "FIXED":
                assert c.action == "quantity" and value == c.new
            elif change_type == "GAIN":
                assert c.action == "quantity" and c.old is not None and c.old + value == c.new
            else:
                assert (change_type, value, c.action) == ("END", 0, "end")
    fixed_only = len({c.new for c in cs if c.action == "quantity"}) + any(c.action == "end" for c in cs)
    assert len(groups) <= fixed_only  # never more commands than one per new quantity


@pytest.fixture
def world(tmp_path) -> Iterator[tuple]:
    with start_simulator(products=list(PRODUCTS), orders=0, archived=0, seed=11) as simulator:
        simulator.state.offers.command_seconds = 0.0
        files, manifest = shop_folder(tmp_path, simulator.url)
        manifest = replace(manifest, sync=replace(manifest.sync, push_stock=True), stock=StockConfig(reserve=0))
        shop = open_embedded(files.shop)
        client = open_client(manifest, policy=FAST)
        _pass(manifest, shop, client)  # the links, and every offer selling the shop's stock
        yield simulator, manifest, shop, client
        shop.close()


def _pass(manifest, shop, client):
    report = sync_once(manifest, shop, client)
    push_after_import(manifest, shop, client, report)
    assert report.stock_push is not None and not report.stock_push.failed, report.errors
    return report


def _selling(simulator) -> dict[str, int]:
    return {o.external_id: (o.available if o.status == "ACTIVE" else 0) for o in simulator.state.offers.offers}


class Recording:
    """The real client; ``before_write`` runs before each quantity command is registered."""

    def __init__(self, client, before_write=None) -> None:
        self._client, self.before_write, self.commands = client, before_write, []

    def __getattr__(self, name: str):
        return getattr(self._client, name)

    def start_quantity_command(self, command_id, offer_ids, *, change_type="FIXED", value):
        self.commands.append((change_type, value, tuple(offer_ids)))
        if self.before_write is not None:
            self.before_write(offer_ids)
        return self._client.start_quantity_command(command_id, offer_ids, change_type=change_type, value=value)


def _stocked(shop) -> list[str]:
    return sorted(code for code, units in shop.stock_levels().items() if units >= 3)


def test_a_one_unit_sale_in_many_products_is_one_gain_command(world) -> None:
    simulator, manifest, shop, client = world
    codes = _stocked(shop)
    assert len({shop.stock_levels()[c] for c in codes}) > 1  # different new quantities: FIXED would need several
    with shop.transaction():
        for code in codes:
            shop.conn.execute("UPDATE products SET stock = stock - 1 WHERE code = ?", (code,))
    spy = Recording(client)
    report = sync_once(manifest, shop, spy)
    push_after_import(manifest, shop, spy, report)
    assert [(t, v, len(o)) for t, v, o in spy.commands] == [("GAIN", -1, len(codes))]
    stock = shop.stock_levels()
    assert _selling(simulator) == {code: max(0, units) for code, units in stock.items()}


def test_a_purchase_during_the_push_is_not_put_back_on_sale(world) -> None:
    simulator, manifest, shop, client = world
    code = _stocked(shop)[0]
    offer = next(o for o in simulator.state.offers.offers if o.external_id == code)
    with shop.transaction():  # the storefront sells one
        shop.conn.execute("UPDATE products SET stock = stock - 1 WHERE code = ?", (code,))

    def someone_buys_on_allegro(offer_ids) -> None:
        if offer.id in offer_ids:
            offer.available -= 2  # Allegro lowers the offer itself; the shop hears of it at the next import

    spy = Recording(client, someone_buys_on_allegro)
    report = sync_once(manifest, shop, spy)
    push_after_import(manifest, shop, spy, report)
    target = shop.stock_levels()[code]
    assert offer.available == target - 2  # FIXED would have sold the 2 units again
    (link,) = OfferLinks(shop.store.conn).of_offers([offer.id])
    assert link.quantity is None  # Allegro showed something else: read again at the next pass
    assert offer.id in {link.offer_id for link in OfferLinks(shop.store.conn).to_read_again()}


class Died(BaseException):
    pass


def test_a_gain_cut_short_by_a_crash_is_never_applied_twice(world) -> None:
    simulator, manifest, shop, client = world
    codes = _stocked(shop)
    with shop.transaction():
        for code in codes:
            shop.conn.execute("UPDATE products SET stock = stock - 1 WHERE code = ?", (code,))

    spy = Recording(client)
    report = sync_once(manifest, shop, spy)
    real = spy.start_quantity_command

    def sent_then_died(*args, **kwargs):
        real(*args, **kwargs)
        raise Died  # the command reached Allegro; nothing of it was recorded

    spy.start_quantity_command = sent_then_died  # type: ignore[method-assign]
    with pytest.raises(Died):
        push_after_import(manifest, shop, spy, report)
    assert spy.commands and spy.commands[0][0] == "GAIN"
    shop.close()
    shop = open_embedded(shop.store.path)
    with shop.transaction():  # the shop moves on before the next pass: another unit sold
        shop.conn.execute("UPDATE products SET stock = stock - 1 WHERE code = ?", (codes[0],))
    again = Recording(client)
    _pass(manifest, shop, again)
    # what Allegro sold was unknown, so every offer of the lost GAIN was read again: only the new sale is sent
    first = next(o.id for o in simulator.state.offers.offers if o.external_id == codes[0])
    assert [offers for _, _, offers in again.commands] == [(first,)]
    assert _selling(simulator) == {code: max(0, units) for code, units in shop.stock_levels().items()}
    shop.close()
