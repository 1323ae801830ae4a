"""Allegro's payment type and delivery method are kept as received, next to the shop's names; a cash-on-delivery
order says so in the shop and in the buyer's email (it once read "Płatność Allegro" / "Przesyłka Allegro")."""

from __future__ import annotations

import json
import sqlite3

from plugin.emails.render import render_email
from plugin.shop.schema import ADDED_COLUMNS, SHOP_SCHEMA_SQL
from plugin.sync.engine import sync_once
from tests.sync.conftest import recent_form
from tests.sync.fake_allegro import FakeAllegro
from tests.sync.helpers import make_manifest, make_shop

DPD_COD = {"id": "845efe05-a0ac-4cbb-8fd0-13d4d1cd2a3c", "name": "Allegro Kurier DPD pobranie"}


def _cod_form(form_id: str = "cod-1") -> dict:
    form = recent_form(id=form_id, payment={"id": "p-cod", "type": "CASH_ON_DELIVERY"})
    form["delivery"] = {**form["delivery"], "method": DPD_COD}
    form["delivery"].pop("pickupPoint")
    form["lineItems"] = [
        {
            "id": f"{form_id}-li",
            "offer": {"id": "offer-SKU-1", "name": "Produkt SKU-1", "external": {"id": "SKU-1"}},
            "quantity": 1,
            "price": {"amount": "19.99", "currency": "PLN"},
            "boughtAt": form["updatedAt"],
        }
    ]
    return form


def test_cash_on_delivery_is_kept_as_received_and_named_in_the_email(tmp_path) -> None:
    manifest = make_manifest(tmp_path)  # the default mapping: no payment or shipping names
    shop, allegro = make_shop(manifest), FakeAllegro()
    try:
        sync_once(manifest, shop, allegro)
        allegro.add(_cod_form())
        sync_once(manifest, shop, allegro)
        row = shop.conn.execute(
            "SELECT payment_method, allegro_payment_type, shipping_method, delivery_method,"
            " allegro_delivery_method_id FROM orders WHERE allegro_checkout_form_id = 'cod-1'"
        ).fetchone()
        context = json.loads(
            shop.conn.execute("SELECT context_json FROM outbox WHERE template = 'order_confirmation'").fetchone()[0]
        )
    finally:
        shop.close()
    assert row == ("Płatność przy odbiorze", "CASH_ON_DELIVERY", "Przesyłka Allegro", DPD_COD["name"], DPD_COD["id"])
    assert manifest.email is not None
    text = render_email("order_confirmation", context, "pl", manifest.email.templates).text
    assert "Forma płatności: Płatność przy odbiorze" in text
    assert "Płatność Allegro" not in text
    assert f"Sposób dostawy: Przesyłka Allegro ({DPD_COD['name']})" in text


def test_a_shop_made_before_the_new_columns_is_brought_up_to_date_and_keeps_its_orders(tmp_path) -> None:
    manifest = make_manifest(tmp_path)
    old_schema = SHOP_SCHEMA_SQL
    for _table, column, _kind in ADDED_COLUMNS:
        old_schema = "\n".join(line for line in old_schema.splitlines() if not line.strip().startswith(column))
    old_schema = old_schema.replace("updated_at               TEXT NOT NULL,\n);", "updated_at TEXT NOT NULL\n);")
    path = manifest.shop.backend.path  # type: ignore[union-attr]
    with sqlite3.connect(path) as conn:
        conn.executescript(old_schema)
        assert "allegro_payment_type" not in {r[1] for r in conn.execute("PRAGMA table_info(orders)")}
        conn.execute(
            "INSERT INTO orders (allegro_checkout_form_id, status, shipping_method, payment_method, items_total,"
            " delivery_cost, total, created_at, updated_at) VALUES ('old-1', 'new', 'Kurier', 'Przelew', '1.00',"
            " '0.00', '1.00', '2026-11-01', '2026-11-01')"
        )
    conn.close()
    shop, allegro = make_shop(manifest), FakeAllegro()
    try:
        sync_once(manifest, shop, allegro)
        allegro.add(_cod_form("cod-2"))
        sync_once(manifest, shop, allegro)
        rows = shop.conn.execute(
            "SELECT allegro_checkout_form_id, payment_method, allegro_payment_type FROM orders ORDER BY id"
        ).fetchall()
    finally:
        shop.close()
    assert rows == [("old-1", "Przelew", None), ("cod-2", "Płatność przy odbiorze", "CASH_ON_DELIVERY")]
