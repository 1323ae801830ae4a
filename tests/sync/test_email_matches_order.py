"""The confirmation email shows exactly the shop order it names: its lines and its totals (a combined payment's
email once listed the purchases of another order, and that order's total)."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugin.sync.engine import sync_once
from tests.sync.conftest import recent_form
from tests.sync.fake_allegro import FakeAllegro
from tests.sync.helpers import CODES, make_manifest, make_shop

PRICES = st.decimals(Decimal("0.01"), Decimal("999.99"), places=2)
COSTS = st.sampled_from(["0.00", "9.99", "14.50"])


@st.composite
def purchases(draw: st.DrawFn) -> list[dict]:
    """Forms of one buyer, each 1-3 lines at their own prices, with a delivery cost."""
    forms = []
    for n in range(draw(st.integers(1, 4))):
        lines = [
            {
                "id": f"li-{n}-{k}",
                "offer": {"id": f"offer-{code}", "name": f"Produkt {code}", "external": {"id": code}},
                "quantity": draw(st.integers(1, 3)),
                "price": {"amount": f"{draw(PRICES):.2f}", "currency": "PLN"},
                "boughtAt": recent_form()["updatedAt"],
            }
            for k, code in enumerate(draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3)))
        ]
        form = recent_form(id=f"f{n}", lineItems=lines)
        form["delivery"] = {**form["delivery"], "cost": {"amount": draw(COSTS), "currency": "PLN"}}
        forms.append(form)
    return forms


def _shop_orders(shop) -> dict[str, dict]:
    orders = {}
    for number, total, items_total, cost in shop.conn.execute(
        "SELECT id, total, items_total, delivery_cost FROM orders"
    ):
        lines = sorted(
            (code, quantity, f"{Decimal(price):.2f}")
            for code, quantity, price in shop.conn.execute(
                "SELECT product_code, quantity, unit_price FROM order_items WHERE order_id = ?", (number,)
            )
        )
        orders[str(number)] = {"lines": lines, "total": total, "items": items_total, "delivery": cost}
    return orders


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(forms=purchases(), paid_first=st.integers(0, 4), combined=st.data())
def test_each_email_shows_its_own_orders_lines_and_total(tmp_path_factory, forms, paid_first, combined) -> None:
    manifest = make_manifest(tmp_path_factory.mktemp("m"))
    shop, allegro = make_shop(manifest), FakeAllegro()
    try:
        sync_once(manifest, shop, allegro)
        paid, waiting = forms[:paid_first], forms[paid_first:]
        for form in paid:
            allegro.add(form)
        for form in waiting:
            allegro.add(form, status="BOUGHT")
        sync_once(manifest, shop, allegro)  # the paid ones become orders
        together = combined.draw(st.lists(st.sampled_from([f["id"] for f in forms]), min_size=1, unique=True))
        allegro.combine(together, "paid-together")  # pays the waiting ones with (some of) the paid ones
        sync_once(manifest, shop, allegro)
        orders = _shop_orders(shop)
        emails = [
            json.loads(row[0])
            for row in shop.conn.execute("SELECT context_json FROM outbox WHERE template = 'order_confirmation'")
        ]
        assert emails
        for context in emails:
            order = orders[context["order"]["number"]]
            shown = sorted((i["code"], i["quantity"], i["unit_price"]) for i in context["items"])
            assert shown == order["lines"]
            assert context["totals"] == {
                "items": order["items"],
                "delivery": order["delivery"],
                "total": order["total"],
            }
    finally:
        shop.close()
