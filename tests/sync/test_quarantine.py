"""Quarantine management on a real SQLite shop: list, retry, retry-all, drop (remembered), unknown ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from plugin.exceptions import QuarantineError
from plugin.store import quarantine
from plugin.sync.cursor_state import SyncState
from plugin.sync.engine import sync_once
from plugin.sync.phases import MAX_ATTEMPTS
from tests.sync.helpers import CATALOG, with_sync
from tests.sync.test_engine import first_run, form_with, line


@pytest.fixture
def strict(manifest):
    """Orders that would take stock below zero are set aside."""
    return with_sync(manifest, negative_stock="quarantine")


def exhaust(manifest, shop, allegro, form_id: str = "big", quantity: int = 99) -> None:
    """An order the shop cannot take, run until the engine stops retrying it."""
    allegro.add(form_with(line("SKU-3", quantity, item_id=f"li-{form_id}"), form_id=form_id))
    for _ in range(MAX_ATTEMPTS):
        sync_once(manifest, shop, allegro)


def restock(shop, code: str = "SKU-3", stock: int = 500) -> None:
    with shop.transaction():
        shop.upsert_product(code, "restocked", stock, Decimal("1"))


def test_lists_set_aside_orders_with_reason_attempts_and_times(strict, shop, allegro):
    first_run(strict, shop, allegro)
    exhaust(strict, shop, allegro)
    [entry] = quarantine.set_aside(shop.store)
    assert (entry.checkout_form_id, entry.attempts, entry.state) == ("big", MAX_ATTEMPTS, "given up")
    assert "negative_stock" in entry.reason and entry.kind == "READY_FOR_PROCESSING"
    first, last = datetime.fromisoformat(entry.first_attempt), datetime.fromisoformat(entry.last_attempt)
    assert first.tzinfo is not None and first < last <= datetime.now(UTC)
    assert entry.to_json()["state"] == "given up" and entry.to_json()["dropped_at"] is None


def test_retry_resets_attempts_and_the_next_run_imports(strict, shop, allegro):
    first_run(strict, shop, allegro)
    exhaust(strict, shop, allegro)
    waiting = sync_once(strict, shop, allegro)  # at the limit: reported, not fetched again
    assert waiting.quarantined[0]["attempts"] == MAX_ATTEMPTS and waiting.orders_imported == 0
    assert quarantine.retry(shop.store, ["big"]) == ["big"]
    assert [e.attempts for e in quarantine.set_aside(shop.store)] == [0]
    again = sync_once(strict, shop, allegro)  # still no stock: tried once more
    assert again.quarantined[0]["attempts"] == 1
    restock(shop)
    quarantine.retry(shop.store)
    done = sync_once(strict, shop, allegro)
    assert done.orders_imported == 1 and quarantine.set_aside(shop.store) == []
    assert shop.stock_levels()["SKU-3"] == 500 - 99


def test_retry_all_takes_every_waiting_order_but_not_a_dropped_one(strict, shop, allegro):
    first_run(strict, shop, allegro)
    exhaust(strict, shop, allegro, "a")
    allegro.add(form_with(line("SKU-3", 50, item_id="li-b"), form_id="b", buyer_id="8"))
    sync_once(strict, shop, allegro)
    quarantine.drop(shop.store, ["a"])
    assert quarantine.retry(shop.store) == ["b"]
    states = {e.checkout_form_id: (e.state, e.attempts) for e in quarantine.set_aside(shop.store)}
    assert states == {"a": ("dropped", MAX_ATTEMPTS), "b": ("retrying", 0)}


def test_a_dropped_order_is_remembered_and_never_imported_unless_retried(strict, shop, allegro):
    first_run(strict, shop, allegro)
    exhaust(strict, shop, allegro)
    assert quarantine.drop(shop.store, ["big"]) == ["big"]
    assert shop.ledger_marked("DROPPED") == {"big"}
    restock(shop)
    quiet = sync_once(strict, shop, allegro)
    assert quiet.quarantined_count == 0 and quiet.orders_imported == 0  # no longer holds the exit code at 1
    allegro.modify("big")  # a later event of the dropped order: passed over, not fetched
    calls = allegro.calls
    later = sync_once(strict, shop, allegro)
    assert later.orders_imported == 0 and later.dropped_skipped == 1 and shop.find_order("big") is None
    assert allegro.calls - calls == 2  # me + one journal page: no form read for it
    [entry] = quarantine.set_aside(shop.store)
    assert entry.state == "dropped" and entry.dropped_at is not None
    quarantine.retry(shop.store, ["big"])
    assert shop.ledger_marked("DROPPED") == frozenset()
    back = sync_once(strict, shop, allegro)
    assert back.orders_imported == 1 and quarantine.set_aside(shop.store) == []
    assert shop.stock_levels()["SKU-3"] == 500 - 99


def test_a_dropped_order_is_not_imported_by_the_listing_either(strict, shop, allegro):
    first_run(strict, shop, allegro)
    exhaust(strict, shop, allegro)
    quarantine.drop(shop.store, ["big"])
    restock(shop)
    stale = datetime.now(UTC) - timedelta(days=70)  # cursor older than retention: catch-up by listing
    state = SyncState.from_json(shop.load_state_json())
    with shop.transaction():
        shop.save_state_json(SyncState(**{**state.__dict__, "synced_at": stale.isoformat()}).to_json())
    report = sync_once(strict, shop, allegro)
    assert report.orders_imported == 0 and report.dropped_skipped == 1 and shop.find_order("big") is None


def test_dropping_twice_keeps_the_first_date(strict, shop, allegro):
    first_run(strict, shop, allegro)
    exhaust(strict, shop, allegro)
    quarantine.drop(shop.store, ["big"])
    first = quarantine.set_aside(shop.store)[0].dropped_at
    quarantine.drop(shop.store, ["big"])
    assert quarantine.set_aside(shop.store)[0].dropped_at == first


@pytest.mark.parametrize("action", ["retry", "drop"])
def test_unknown_ids_are_named_and_nothing_changes(strict, shop, allegro, action):
    first_run(strict, shop, allegro)
    exhaust(strict, shop, allegro)
    before = quarantine.set_aside(shop.store)
    with pytest.raises(QuarantineError) as caught:
        getattr(quarantine, action)(shop, ["big", "nope-1", "nope-2"])
    message = str(caught.value)
    assert "checkout form id nope-1, nope-2 in" in message
    assert "allegro-sync quarantine MANIFEST" in message
    assert quarantine.set_aside(shop.store) == before


def test_an_imported_order_is_not_set_aside(manifest, shop, allegro):
    first_run(manifest, shop, allegro)
    allegro.add(form_with(line("SKU-1", item_id="ok"), form_id="fine"))
    sync_once(manifest, shop, allegro)
    assert shop.find_order("fine") is not None
    with pytest.raises(QuarantineError, match="fine"):
        quarantine.drop(shop.store, ["fine"])
    assert shop.stock_levels()["SKU-1"] == CATALOG["SKU-1"] - 1
