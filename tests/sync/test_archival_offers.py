"""Archival purchases come from active offers (the seed's "z aktywnych aukcji"); ``{from: all}`` takes them all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from plugin.sync.engine import sync_once
from tests.sync.helpers import plan_once, with_sync
from tests.sync.test_engine import form_with, line


def _archival(allegro) -> None:
    old = datetime.now(UTC) - timedelta(days=40)
    allegro.add(form_with(line("SKU-1", when=old, item_id="i1"), form_id="from-active", buyer_id="1"), events=False)
    allegro.add(form_with(line("SKU-2", when=old, item_id="i2"), form_id="from-ended", buyer_id="2"), events=False)
    both = form_with(line("SKU-1", when=old, item_id="i3"), line("SKU-2", when=old, item_id="i4"), form_id="mixed")
    allegro.add(both, events=False)
    allegro.ended_offers = {"offer-SKU-2"}  # sold out and ended since; SKU-1's offer still sells


def test_import_archived_takes_only_purchases_whose_offer_is_still_active(manifest, shop, allegro):
    _archival(allegro)
    archival = with_sync(manifest, import_archived=True)
    planned = plan_once(archival, shop, allegro)
    report = sync_once(archival, shop, allegro)
    assert planned.counts() == report.counts()
    assert (report.archival_orders, report.archival_inactive_offers) == (2, 1)
    imported = {row[0] for row in shop.conn.execute("SELECT allegro_checkout_form_id FROM orders")}
    assert imported == {"from-active", "mixed"}


def test_from_all_keeps_every_archival_purchase(manifest, shop, allegro):
    _archival(allegro)
    report = sync_once(with_sync(manifest, import_archived=True, archived_from="all"), shop, allegro)
    assert (report.archival_orders, report.archival_inactive_offers) == (3, 0)
