"""The seam for shops that are not the embedded one: plan through ``ReadOnlyShop`` reaches no write of the shop
and counts what the run does; a shop that writes at once (as a REST shop does) is applied exactly once even when
the process dies between its writes and the store's commit, as long as it finds its own orders again."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugin.shop.read_only import ReadOnlyShop
from plugin.shop.sqlite import SqliteShop
from plugin.store.location import embedded_place
from plugin.store.open_store import copy_store_at
from plugin.sync.engine import sync_once
from plugin.sync.unit_of_work import UnitOfWork
from tests.sync.fake_allegro import FakeAllegro
from tests.sync.helpers import CATALOG, dies_in, make_manifest, make_shop
from tests.sync.test_engine import form_with, line

WRITES = ("insert_order", "update_order", "move_stock", "set_stock", "insert_customer", "upsert_product")


def _scenario(allegro: FakeAllegro) -> None:
    allegro.add(form_with(line("SKU-1", 2, item_id="a1"), line("SKU-2", item_id="a2"), form_id="f1", buyer_id="1"))
    allegro.add(form_with(line("SKU-3", item_id="b1"), form_id="f2", buyer_id="2"))
    allegro.add(form_with(line("SET-A", item_id="c1"), form_id="f3", buyer_id="1"))
    allegro.cancel("f2")


def test_plan_through_the_read_only_view_writes_nothing_and_counts_the_run(tmp_path: Path, monkeypatch) -> None:
    manifest = make_manifest(tmp_path)
    shop, allegro = make_shop(manifest), FakeAllegro()
    sync_once(manifest, shop, allegro)  # places the cursor
    _scenario(allegro)

    def refused(*args, **kwargs):
        raise AssertionError("plan wrote to the shop")

    with monkeypatch.context() as patched:
        for name in WRITES:
            patched.setattr(SqliteShop, name, refused)
        store = copy_store_at(embedded_place(shop.path))
        planned = sync_once(manifest, UnitOfWork(ReadOnlyShop(shop.shop), store), allegro)
        store.close()
    report = sync_once(manifest, shop, allegro)
    assert planned.counts() == report.counts()
    assert report.orders_imported >= 2 and report.customers_registered == 2 and report.emails_queued > 0
    shop.close()


class AtOnceShop(ReadOnlyShop):
    """An in-memory shop whose writes cannot be rolled back: what a REST shop looks like to the engine."""

    def __init__(self, inner: SqliteShop) -> None:
        super().__init__(inner)
        self.transactional = False

    def close(self) -> None:
        """The shop outlives the process that wrote to it."""


def _orders_by_form(shop: AtOnceShop) -> dict[str, int]:
    counts: dict[str, int] = {}
    for order in shop._orders.values():
        counts[order.checkout_form_id] = counts.get(order.checkout_form_id, 0) + 1
    return counts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    handler=st.sampled_from(
        ["import_order", "update_stock", "register_customer", "queue_confirmation_email", "cancel_order"]
    ),
    after=st.integers(0, 3),
)
def test_a_shop_that_writes_at_once_is_applied_exactly_once_after_a_crash(
    tmp_path_factory: pytest.TempPathFactory, handler: str, after: int
) -> None:
    results = []
    for crash in (False, True):
        manifest = make_manifest(tmp_path_factory.mktemp("at-once"), update_stock=True)
        embedded = make_shop(manifest)
        shop = AtOnceShop(embedded.shop)
        uow = UnitOfWork(shop, embedded.store)
        allegro = FakeAllegro()
        sync_once(manifest, uow, allegro)
        _scenario(allegro)
        if crash:
            with dies_in(handler, after):  # the shop keeps what it was sent; the store rolls the form back
                sync_once(manifest, uow, allegro)
        sync_once(manifest, uow, allegro)
        outbox = embedded.store.conn.execute("SELECT message_id FROM outbox ORDER BY 1").fetchall()
        stock = {code: shop.product_stock(code) for code in CATALOG}
        results.append((_orders_by_form(shop), stock, outbox))
        embedded.close()
    clean, crashed = results
    assert crashed == clean
    assert all(count == 1 for count in clean[0].values())


def test_a_shop_that_writes_at_once_gets_a_store_that_syncs_every_commit(tmp_path: Path) -> None:
    manifest = make_manifest(tmp_path)
    embedded = make_shop(manifest)
    try:
        assert embedded.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: a lost commit is redone
        UnitOfWork(AtOnceShop(embedded.shop), embedded.store)
        assert embedded.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: recovery points survive
    finally:
        embedded.close()
