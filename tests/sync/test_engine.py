"""The engine against an in-memory Allegro: import once, follow, cancel, combine, archival, quarantine."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from plugin.exceptions import AccountMismatchError
from plugin.manifest.model import Mapping, ProductMapping
from plugin.sync.cursor_state import SyncState
from plugin.sync.engine import sync_once
from tests.sync.conftest import recent_form
from tests.sync.helpers import CATALOG, make_shop, plan_once, shop_snapshot, with_sync


def line(code: str, quantity: int = 1, item_id: str | None = None, when: datetime | None = None) -> dict:
    stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "id": item_id or f"li-{code}-{quantity}-{stamp}",
        "offer": {"id": f"offer-{code}", "name": f"Produkt {code}", "external": {"id": code}},
        "quantity": quantity,
        "price": {"amount": "10.00", "currency": "PLN"},
        "boughtAt": stamp,
    }


def form_with(*lines: dict, form_id: str, buyer_id: str = "7") -> dict:
    return recent_form(id=form_id, lineItems=list(lines), buyer={**recent_form()["buyer"], "id": buyer_id})


def first_run(manifest, shop, allegro):
    """The first run only places the cursor (nothing bought yet)."""
    return sync_once(manifest, shop, allegro)


def test_imports_each_paid_order_once_and_takes_stock(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1", 2), line("SKU-2"), form_id="f1"))
    report = sync_once(manifest, shop, allegro)
    assert report.orders_imported == 1
    assert shop.stock_levels()["SKU-1"] == CATALOG["SKU-1"] - 2
    assert shop.stock_levels()["SKU-2"] == CATALOG["SKU-2"] - 1
    allegro.duplicate_last("f1")
    again = sync_once(manifest, shop, allegro)
    assert again.orders_imported == 0 and again.stock_updates == 0 and again.emails_queued == 0
    row = shop.conn.execute("SELECT source, status, total, items_total FROM orders").fetchone()
    assert row[0] == "allegro" and row[1] == "new"
    assert Decimal(row[2]) >= Decimal(row[3]) == Decimal("30.00")


def test_cancellation_gives_stock_back_once(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-3", 4), form_id="f1"))
    sync_once(manifest, shop, allegro)
    allegro.cancel("f1")
    allegro.duplicate_last("f1")
    report = sync_once(manifest, shop, allegro)
    assert report.orders_cancelled == 1
    assert shop.stock_levels()["SKU-3"] == CATALOG["SKU-3"]
    assert shop.conn.execute("SELECT status FROM orders").fetchone()[0] == "cancelled"


def test_cancelled_before_the_run_never_takes_stock(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1"), form_id="f1"))
    allegro.cancel("f1", "AUTO_CANCELLED")
    report = sync_once(manifest, shop, allegro)
    assert shop.stock_levels() == CATALOG
    assert report.emails_queued == 0  # no confirmation for an order that is already cancelled


def test_combined_payment_is_not_a_second_order(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1", item_id="a"), form_id="f1"))
    allegro.add(form_with(line("SKU-2", item_id="b"), form_id="f2"))
    sync_once(manifest, shop, allegro)
    allegro.combine(["f1", "f2"], "f3")
    report = sync_once(manifest, shop, allegro)
    assert report.orders_imported == 0
    assert shop.conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 2
    assert shop.stock_levels()["SKU-1"] == CATALOG["SKU-1"] - 1
    allegro.cancel("f3")
    sync_once(manifest, shop, allegro)
    assert shop.stock_levels() == CATALOG  # cancelling the combined form cancels both orders it replaced


def test_combined_form_with_a_new_purchase_imports_only_that(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1", item_id="a"), form_id="f1"))
    sync_once(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-2", 3, item_id="b"), form_id="f2"), status="BOUGHT")
    allegro.combine(["f1", "f2"], "f3")
    sync_once(manifest, shop, allegro)
    rows = shop.conn.execute("SELECT allegro_checkout_form_id, flags FROM orders ORDER BY id").fetchall()
    assert rows == [("f1", ""), ("f3", "combined")]
    assert shop.stock_levels()["SKU-2"] == CATALOG["SKU-2"] - 3


def test_unmapped_offer_is_imported_flagged_and_reported(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("NOPE"), line("SKU-1"), form_id="f1"))
    report = sync_once(manifest, shop, allegro)
    assert report.orders_imported == 1 and report.unmapped_items == 1
    assert report.unmapped_offers == ["offer-NOPE"]
    assert shop.conn.execute("SELECT flags FROM orders").fetchone()[0] == "unmapped"
    assert shop.stock_levels()["SKU-1"] == CATALOG["SKU-1"] - 1


def test_product_set_takes_every_component(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    item = line("SET", 2)
    item["offer"]["productSet"] = {"products": [{"id": "SET-A", "quantity": 1}, {"id": "SET-B", "quantity": 3}]}
    allegro.add(form_with(item, form_id="f1"))
    sync_once(manifest, shop, allegro)
    levels = shop.stock_levels()
    assert (levels["SET-A"], levels["SET-B"]) == (CATALOG["SET-A"] - 2, CATALOG["SET-B"] - 6)


@pytest.mark.parametrize(("policy", "stock", "quarantined"), [("allow", -5, 0), ("clamp", 0, 0), ("quarantine", 5, 1)])
def test_negative_stock_policy(manifest, allegro, policy, stock, quarantined):
    manifest = with_sync(manifest, negative_stock=policy)
    shop = make_shop(manifest)
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-3", 10), form_id="f1"))
    report = sync_once(manifest, shop, allegro)
    assert shop.stock_levels()["SKU-3"] == stock
    assert report.quarantined_count == quarantined
    if quarantined:
        entry = next(shop.quarantined())
        assert "negative_stock" in entry.reason and entry.attempts == 1
        with shop.transaction():
            shop.upsert_product("SKU-3", "restocked", 30, Decimal("1"))
        retried = sync_once(manifest, shop, allegro)
        assert retried.orders_imported == 1 and list(shop.quarantined()) == []


def test_customers_are_matched_by_buyer_id_not_masked_email(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1"), form_id="f1", buyer_id="900"))
    allegro.add(form_with(line("SKU-2"), form_id="f2", buyer_id="900"))
    report = sync_once(manifest, shop, allegro)
    assert report.customers_registered == 1
    assert report.emails_queued == 3  # two confirmations, one registration
    owners = {row[0] for row in shop.conn.execute("SELECT customer_id FROM orders")}
    assert len(owners) == 1 and None not in owners


def test_backfill_catches_up_orders_bought_before_the_first_run(manifest, shop, allegro):
    allegro.add(form_with(line("SKU-1"), form_id="old"))  # bought after connected_since, before the first run
    report = sync_once(manifest, shop, allegro)
    assert report.orders_imported == 1
    assert SyncState.from_json(shop.load_state_json()).phase == "events"
    assert sync_once(manifest, shop, allegro).orders_imported == 0


def test_archival_orders_need_the_option_and_never_email_by_default(manifest, shop, allegro):
    old = datetime.now(UTC) - timedelta(days=40)
    allegro.add(form_with(line("SKU-1", when=old), form_id="arch"), events=False)
    assert sync_once(manifest, shop, allegro).orders_imported == 0
    report = sync_once(with_sync(manifest, import_archived=True), shop, allegro)
    assert (report.orders_imported, report.archival_orders, report.emails_queued) == (1, 1, 0)
    assert report.cursor is None  # archival imports never move the event cursor


def test_archival_emails_only_within_the_manifest_limit(tmp_path, allegro):
    from tests.sync.helpers import make_manifest

    manifest = make_manifest(tmp_path, archived_send=True, archived_max=2, import_archived=True)
    shop = make_shop(manifest)
    old = datetime.now(UTC) - timedelta(days=40)
    for n in range(4):
        allegro.add(form_with(line("SKU-1", when=old, item_id=f"i{n}"), form_id=f"a{n}", buyer_id=str(n)), events=False)
    report = sync_once(manifest, shop, allegro)
    assert report.archival_orders == 4
    assert report.emails_queued_archival == 2


def test_another_account_is_refused(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.account_id = "666"
    with pytest.raises(AccountMismatchError, match="666"):
        sync_once(manifest, shop, allegro)


def test_cursor_older_than_retention_falls_back_to_the_listing(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    state = SyncState.from_json(shop.load_state_json())
    stale = (datetime.now(UTC) - timedelta(days=70)).isoformat()
    with shop.transaction():
        shop.save_state_json(dataclasses.replace(state, synced_at=stale).to_json())
    allegro.add(form_with(line("SKU-2"), form_id="f1"))
    allegro.events.clear()  # pruned by retention
    report = sync_once(manifest, shop, allegro)
    assert report.orders_imported == 1
    assert SyncState.from_json(shop.load_state_json()).synced_at != stale


def test_explicit_offer_map(tmp_path, allegro):
    from tests.sync.helpers import make_manifest

    mapping = Mapping(products=ProductMapping(match="offer_map", offers={"offer-X": "SKU-2"}))
    manifest = make_manifest(tmp_path, mapping=mapping)
    shop = make_shop(manifest)
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("X", 2), form_id="f1"))
    sync_once(manifest, shop, allegro)
    assert shop.stock_levels()["SKU-2"] == CATALOG["SKU-2"] - 2


def test_a_failing_handler_quarantines_only_its_order(manifest, shop, allegro, monkeypatch):
    from plugin.sync.handlers import HANDLERS

    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1"), form_id="bad"))
    allegro.add(form_with(line("SKU-2"), form_id="good"))
    real = HANDLERS["import_order"]

    def flaky(ctx):
        if ctx.form.id == "bad":
            raise RuntimeError("shop said no")
        return real(ctx)

    monkeypatch.setitem(HANDLERS, "import_order", flaky)
    report = sync_once(manifest, shop, allegro)
    assert report.orders_imported == 1 and report.quarantined_count == 1
    assert "RuntimeError: shop said no" in report.quarantined[0]["reason"]
    assert shop.find_order("bad") is None and shop.find_order("good") is not None
    assert report.cursor == allegro.events[-1]["id"]  # the bad order did not hold the cursor


def test_plan_counts_equal_the_next_run_and_write_nothing(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    for n in range(3):
        allegro.add(form_with(line("SKU-1", item_id=f"i{n}"), form_id=f"f{n}", buyer_id=str(n)))
    allegro.cancel("f0")
    before = shop_snapshot(shop)
    planned = plan_once(manifest, shop, allegro)
    assert shop_snapshot(shop) == before
    assert planned.counts() == sync_once(manifest, shop, allegro).counts()


def test_events_are_read_in_pages_and_forms_in_batches(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    for n in range(700):  # 1,400 events: two pages of the journal
        allegro.add(form_with(line("SKU-1", item_id=f"i{n}"), form_id=f"f{n}", buyer_id=str(n % 50)))
    report = sync_once(with_sync(manifest, negative_stock="allow"), shop, allegro)
    assert report.events_read == 1400 and report.orders_imported == 700
    assert report.api_calls <= 2 + 3 + 2 * 7  # me, pages (+1 empty), form batches of 100
    assert shop.stock_levels()["SKU-1"] == CATALOG["SKU-1"] - 700


def test_a_modified_address_follows_the_imported_order(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1"), form_id="f1"))
    sync_once(manifest, shop, allegro)
    allegro.modify("f1")
    report = sync_once(manifest, shop, allegro)
    assert report.orders_updated == 1 and report.orders_imported == 0
    assert shop.conn.execute("SELECT delivery_street FROM orders").fetchone()[0] == "Nowa 7"
    assert shop.stock_levels()["SKU-1"] == CATALOG["SKU-1"] - 1


def test_an_order_failing_again_and_again_stops_being_retried(manifest, shop, allegro):
    from plugin.sync.phases import MAX_ATTEMPTS

    manifest = with_sync(manifest, negative_stock="quarantine")
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-3", 99), form_id="big"))
    attempts = [sync_once(manifest, shop, allegro).quarantined[0]["attempts"] for _ in range(MAX_ATTEMPTS + 2)]
    assert attempts == [*range(1, MAX_ATTEMPTS + 1), MAX_ATTEMPTS, MAX_ATTEMPTS]
    assert shop.stock_levels()["SKU-3"] == CATALOG["SKU-3"]


def test_a_form_with_an_unreadable_field_is_set_aside_and_the_others_are_imported(manifest, shop, allegro):
    """Buyer data is untrusted: a price that is no number, or an object where text belongs, once stopped the
    whole run with an internal error (and every later form waited)."""
    first_run(manifest, shop, allegro)
    bad_price = line("SKU-1", item_id="bad-price")
    bad_price["price"] = {"amount": "dziesięć", "currency": "PLN"}
    allegro.add(form_with(bad_price, form_id="f-bad-price"))
    allegro.add(recent_form(id="f-bad-delivery", delivery="Kurier", lineItems=[line("SKU-2", item_id="bd")]))
    allegro.add(form_with(line("SKU-1", item_id="good"), form_id="f-good"))
    report = sync_once(manifest, shop, allegro)
    assert report.orders_imported == 1
    reasons = {entry["checkout_form_id"]: entry["reason"] for entry in report.quarantined}
    assert set(reasons) == {"f-bad-price", "f-bad-delivery"}
    assert all("field we cannot read" in reason for reason in reasons.values())
    assert shop.conn.execute("SELECT allegro_checkout_form_id FROM orders").fetchall() == [("f-good",)]
