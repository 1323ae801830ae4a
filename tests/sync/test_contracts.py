"""Contracts with the other parts: the email template context, the handler registry, the compiled rules,
and the shipped hypothesis strategies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.allegro.models import CheckoutForm, OrderEvent
from plugin.emails.template_context import sample_context
from plugin.exceptions import ManifestError
from plugin.manifest.catalogue import CATALOGUE, OPTIONS
from plugin.manifest.model import Rule
from plugin.rules.compile import compile_rules
from plugin.sync.email_context import build_context
from plugin.sync.engine import sync_once
from plugin.sync.handlers import HANDLERS
from plugin.sync.order_record import place_order
from plugin.testing.strategies import checkout_forms, event_streams
from tests.sync.fake_allegro import FakeAllegro
from tests.sync.helpers import CATALOG, CODES, make_manifest, make_shop, with_sync


def shape(value: Any) -> Any:
    """The keys of a context, recursively (values may be null where the sample has data)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


def test_the_engine_implements_exactly_the_catalogued_handlers():
    assert set(HANDLERS) == set(CATALOGUE)
    assert {name for option in OPTIONS for name in option.handlers} <= set(CATALOGUE)
    for spec in CATALOGUE.values():
        assert set(spec.reads) <= set(CATALOGUE), spec.name


@given(checkout_forms(CODES))
def test_email_context_has_exactly_the_documented_keys(tmp_path_factory, form_json):
    manifest = make_manifest(tmp_path_factory.mktemp("ctx"))
    from plugin.shop.records import StoredOrder

    order = StoredOrder(12, form_json["id"], "new", False, "", None, "2026-11-28T10:00:00+00:00")
    form = CheckoutForm.parse(form_json)
    placed = place_order(
        form, form.line_items, manifest.mapping, CATALOG.__contains__, archival=False, customer_id=None
    )
    context = build_context(manifest, form, order, placed, customer=None)
    sample = sample_context(manifest)
    expected = shape(sample)
    expected["customer"] = None  # an order confirmation has no registration block
    expected["delivery"]["pickup_point"] = shape(sample["delivery"]["pickup_point"])
    got = shape(context)
    if context["delivery"]["pickup_point"] is None:
        got["delivery"]["pickup_point"] = expected["delivery"]["pickup_point"]
    assert got == expected
    totals = context["totals"]
    assert float(totals["total"]) == pytest.approx(float(totals["items"]) + float(totals["delivery"]))
    assert all(isinstance(item["unit_price"], str) for item in context["items"])


def test_options_compile_to_rules_in_handler_order(tmp_path):
    rules = compile_rules(make_manifest(tmp_path))
    assert rules.handlers_for("READY_FOR_PROCESSING") == (
        "import_order",
        "update_stock",
        "register_customer",
        "queue_registration_email",
        "queue_confirmation_email",
    )
    assert rules.handlers_for("BUYER_CANCELLED") == ("cancel_order", "restore_stock")
    assert rules.handlers_for("READY_FOR_PROCESSING", archival=True) == ()  # import_archived is off
    quiet = compile_rules(with_sync(make_manifest(tmp_path), send_confirmation_email=False, update_stock=False))
    assert "queue_confirmation_email" not in quiet.handlers_for("READY_FOR_PROCESSING")
    assert "restore_stock" not in quiet.handlers_for("AUTO_CANCELLED")


def test_explicit_rules_add_to_the_options_and_unknown_handlers_are_refused(tmp_path):
    import dataclasses

    manifest = make_manifest(tmp_path, import_orders=False, update_stock=False)
    extra = Rule("import paid", ("READY_FOR_PROCESSING",), ("import_order", "update_stock"), archival=False)
    rules = compile_rules(dataclasses.replace(manifest, rules=(extra,)))
    assert rules.handlers_for("READY_FOR_PROCESSING")[-2:] == ("import_order", "update_stock")  # after the options
    assert rules.handlers_for("BUYER_CANCELLED") == ()
    wrong = Rule("typo", ("BOUGHT",), ("import_ordr",))
    with pytest.raises(ManifestError, match="import_ordr"):
        compile_rules(dataclasses.replace(manifest, rules=(wrong,)))


@given(event_streams(CODES))
def test_any_event_stream_leaves_live_orders_and_stock_consistent(tmp_path_factory, stream):
    """Shipped strategy, end to end: duplicates and cancellations never double an order or its stock."""
    folder = tmp_path_factory.mktemp("stream")
    manifest = make_manifest(folder, since=datetime(2026, 10, 1, tzinfo=UTC).date())
    shop = make_shop(manifest)
    allegro = FakeAllegro()
    sync_once(manifest, shop, allegro)  # places the cursor before the stream
    allegro.forms.update(stream.forms)
    allegro.events.extend(stream.events)
    for event in stream.events:
        assert OrderEvent.parse(event).checkout_form_id in stream.forms
    sync_once(manifest, shop, allegro)
    live = {f["id"] for f in stream.forms.values() if f["status"] == "READY_FOR_PROCESSING"}
    rows = shop.conn.execute("SELECT allegro_checkout_form_id FROM orders WHERE allegro_status != 'CANCELLED'")
    assert {row[0] for row in rows} == live
    taken = dict.fromkeys(CATALOG, 0)
    for form_id in live:
        for item in stream.forms[form_id]["lineItems"]:
            code = item["offer"]["external"]["id"]
            if code in taken:
                taken[code] += item["quantity"]
    assert shop.stock_levels() == {code: stock - taken[code] for code, stock in CATALOG.items()}
    shop.close()


@given(st.lists(st.text("0123456789", min_size=1, max_size=6), min_size=1, max_size=30))
def test_the_cursor_only_moves_forward(ids):
    from plugin.sync.cursor_state import SyncState, advance, event_order

    state = SyncState(phase="events")
    seen: list[str] = []
    for event_id in ids:
        before = state.cursor
        state = advance(state, event_id)
        seen.append(event_id)
        assert state.cursor is not None
        if before is not None:
            assert event_order(state.cursor) >= event_order(before)
        assert event_order(state.cursor) == max(event_order(i) for i in seen)
