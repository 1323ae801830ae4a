"""The engine over HTTP against the real simulator: the real client, a real SQLite file, real listings."""

from __future__ import annotations

from datetime import datetime

from plugin.allegro.models import CheckoutForm
from plugin.simulator.server import RunningSimulator
from plugin.sync.apply import connected_since
from plugin.sync.runner import plan_sync, run_sync
from tests.sync.helpers import open_embedded, shop_snapshot
from tests.sync.simulated import PRODUCTS, shop_folder, simulator_fixture

simulator = simulator_fixture(orders=120, seed=7, archived=30)


def live_forms(simulator: RunningSimulator, since: datetime) -> set[str]:
    """Paid, uncancelled forms bought since ``since``: what the shop must hold as live orders."""
    forms = (CheckoutForm.parse(simulator.state.store.get(i)) for i in list(simulator.state.store.forms))
    return {f.id for f in forms if f.status == "READY_FOR_PROCESSING" and f.bought_at and f.bought_at >= since}


def test_run_over_http_imports_every_paid_order_once(tmp_path, simulator):
    files, manifest = shop_folder(tmp_path, simulator.url)
    planned = plan_sync(manifest)
    report = run_sync(manifest)
    assert planned.counts() == report.counts()
    assert report.api_calls * 10 < report.orders_imported  # batched reads: far below one call per order
    shop = open_embedded(files.shop)
    live = {row[0] for row in shop.conn.execute("SELECT allegro_checkout_form_id FROM orders WHERE status = 'new'")}
    assert live == live_forms(simulator, connected_since(manifest))
    assert report.emails_sent == report.emails_queued > 0
    assert len(list(files.outbox.glob("*.eml"))) == report.emails_sent

    # the buyer side moves on: new purchases, a cancellation, a repeated event
    cancelled = sorted(live)[0]
    simulator.state.cancel(cancelled)
    simulator.state.pay(sorted(live)[1])  # Allegro may repeat READY_FOR_PROCESSING
    simulator.state.add_orders(25)
    before = shop_snapshot(shop)
    planned = plan_sync(manifest)
    assert shop_snapshot(shop) == before  # plan wrote nothing
    again = run_sync(manifest)
    assert planned.counts() == again.counts()
    assert again.orders_cancelled == 1
    live = {row[0] for row in shop.conn.execute("SELECT allegro_checkout_form_id FROM orders WHERE status = 'new'")}
    assert live == live_forms(simulator, connected_since(manifest))
    taken: dict[str, int] = {}
    rows = shop.conn.execute("SELECT product_code, SUM(delta) FROM stock_moves GROUP BY product_code").fetchall()
    for code, delta in rows:
        taken[code] = delta
    assert shop.stock_levels() == {p.code: p.stock + taken.get(p.code, 0) for p in PRODUCTS}
    shop.close()


def test_archival_orders_over_http_email_only_within_the_limit(tmp_path, simulator):
    files, _ = shop_folder(tmp_path, simulator.url)
    text = files.manifest.read_text().replace("import_archived: false", "import_archived: true")
    files.manifest.write_text(text.replace("archived_orders: {send: false}", "archived_orders: {send: true, max: 3}"))
    from plugin.validation import load_manifest

    report = run_sync(load_manifest(files.manifest))
    assert report.archival_orders > 3
    assert report.emails_queued_archival == 3  # confirmations and registrations together, never past max
    shop = open_embedded(files.shop)
    assert shop.archival_emails_queued() == 3
    assert shop.conn.execute("SELECT COUNT(*) FROM orders WHERE archival = 1").fetchone()[0] == report.archival_orders
    shop.close()
