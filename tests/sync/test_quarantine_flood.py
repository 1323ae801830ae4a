"""Thousands of orders set aside for one reason are a few lines and a count, in the log and in the summary
(29,662 orders without stock once wrote 29,662 stderr lines every pass)."""

from __future__ import annotations

from plugin.sync.engine import sync_once
from plugin.sync.text_report import render
from tests.sync.conftest import recent_form
from tests.sync.fake_allegro import FakeAllegro
from tests.sync.helpers import make_manifest, make_shop, with_sync


def test_one_reason_is_a_few_lines_and_an_exact_count(tmp_path) -> None:
    manifest = with_sync(make_manifest(tmp_path), negative_stock="quarantine")
    shop, allegro = make_shop(manifest), FakeAllegro()
    lines: list[tuple[str, dict]] = []
    try:
        sync_once(manifest, shop, allegro)
        for n in range(40):
            stamp = recent_form()["updatedAt"]
            line = {
                "id": f"li-{n}",
                "offer": {"id": "offer-SKU-3", "name": "Produkt SKU-3", "external": {"id": "SKU-3"}},
                "quantity": 6 + n % 3,  # more than the 5 in stock, by different amounts
                "price": {"amount": "10.00", "currency": "PLN"},
                "boughtAt": stamp,
            }
            allegro.add(recent_form(id=f"f{n}", lineItems=[line]))
        report = sync_once(manifest, shop, allegro, log=lambda event, **fields: lines.append((event, fields)))
    finally:
        shop.close()
    assert report.quarantined_count == 40
    logged = [fields for event, fields in lines if event == "quarantined"]
    assert len(logged) == 4  # the first three, then one line with the count
    assert logged[-1]["count"] == 40 and logged[-1]["examples"] == "f0,f1,f2"
    assert report.to_json()["quarantine_reasons"] == [
        {"reason": logged[0]["reason"], "count": 40, "examples": ["f0", "f1", "f2"]}
    ]
    text = [line for line in render(report).splitlines() if "quarantined:" in line]
    assert len(text) == 1 and text[0].strip().startswith("quarantined:          40 orders: product 'SKU-3'")
