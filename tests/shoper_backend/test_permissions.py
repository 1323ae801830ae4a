"""A permission the Shoper integration lacks (403 ``insufficient_scope``, modelled by the local Shoper's scopes)
is one clear error naming the area and level to grant in the Shoper panel, exit 4 (the shop unavailable), and
no order is set aside for it: once it is granted, the next run ends as one clean run would."""

from __future__ import annotations

import json
import sqlite3

import pytest
import requests

from plugin.cli import main
from plugin.shoper_simulator.server import start_shoper_simulator
from tests.shoper_backend.shop_setup import PRODUCTS, shop_state, shoper_folder


def run(manifest) -> int:
    return main(["run", str(manifest), "--once", "--format", "json"])


def grant(shop, scopes: dict[str, str] | None) -> None:
    url = f"{shop.url}/_simulator/scopes"
    answer = requests.post(url, json=scopes, timeout=5) if scopes else requests.delete(url, timeout=5)
    assert answer.ok, answer.text


def set_aside(files) -> int:
    with sqlite3.connect(files.store) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM sync_quarantine").fetchone()[0])


@pytest.mark.parametrize(
    "case",
    [
        ({"orders": "read"}, "„orders: create” (dodawanie)", "may not create orders"),
        ({"auction-orders": "read"}, "„orders: create” (dodawanie)", "may not create auction-orders"),
        ({"payments": "none"}, "„payments: read” (odczyt)", "may not read payments"),
        ({"product-stocks": "none"}, "„product variants/stocks: read” (odczyt)", "may not read product-stocks"),
        ({"users": "read"}, "„customers: create” (dodawanie)", "may not create users"),
    ],
)
def test_a_missing_permission_stops_the_run_naming_it_and_sets_no_order_aside(tmp_path, allegro, shoper, capsys, case):
    scopes, permission, refused = case
    with start_shoper_simulator(products=list(PRODUCTS), bucket_size=100_000, drain=100_000) as clean_shop:
        clean_files = shoper_folder(tmp_path / "clean", allegro.url, clean_shop.url, register=True)
        assert run(clean_files.manifest) == 0
        clean = shop_state(clean_shop.snapshot())
    capsys.readouterr()

    files = shoper_folder(tmp_path / "narrow", allegro.url, shoper.url, register=True)
    grant(shoper, scopes)
    assert run(files.manifest) == 4
    out, err = capsys.readouterr()
    error = json.loads(out)["error"]
    assert error["class"] == "shop" and error["exit_code"] == 4
    message = error["message"]
    assert permission in message and refused in message
    assert "insufficient_scope" in message and "Shoper panel" in message and "Integracje" in message
    assert err.startswith("allegro-sync: shop error: Shoper refused ")
    assert len(err.strip().splitlines()) == 1
    assert set_aside(files) == 0  # no order blamed: none burns an attempt

    grant(shoper, None)
    assert run(files.manifest) == 0, capsys.readouterr()
    assert shop_state(shoper.snapshot()) == clean  # nothing half-built left, nothing twice, stock moved once
    assert set_aside(files) == 0


def test_a_cancellation_refused_a_stock_edit_waits_until_it_is_granted(tmp_path, allegro, shoper, capsys):
    files = shoper_folder(tmp_path, allegro.url, shoper.url)
    grant(shoper, {"product-stocks": "read"})  # enough to import: Shoper lowers stock itself
    assert run(files.manifest) == 0
    snap = shoper.snapshot()
    order = next(o for o in snap["orders"] if any(str(p.get("stock_id")) != "0" for p in o["products"]))
    form = order["notes_priv"].rsplit(" ", 1)[-1]
    allegro.state.cancel(form)
    capsys.readouterr()

    assert run(files.manifest) == 4
    message = json.loads(capsys.readouterr().out)["error"]["message"]
    assert "„product variants/stocks: edit” (edycja)" in message
    assert shoper.snapshot()["stock"] == snap["stock"] and set_aside(files) == 0

    grant(shoper, None)
    assert run(files.manifest) == 0
    after = shoper.snapshot()
    cancelled = next(o for o in after["orders"] if o["order_id"] == order["order_id"])
    assert str(cancelled["status_id"]) == "9"
    for line in order["products"]:
        code = line["code"]
        units = sum(int(p["quantity"]) for p in order["products"] if p["code"] == code)
        assert int(after["stock"][code]) == int(snap["stock"][code]) + units  # given back once
    assert run(files.manifest) == 0 and shoper.snapshot()["stock"] == after["stock"]
