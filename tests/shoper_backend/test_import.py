"""Allegro orders into the local Shoper through ``allegro-sync run``: what each order becomes, stock, customers."""

from __future__ import annotations

import json
from decimal import Decimal

import requests

from plugin.cli import main
from plugin.simulator.server import start_simulator
from tests.shoper_backend.shop_setup import PRODUCTS, shop_state, shoper_folder


def run(manifest) -> int:
    return main(["run", str(manifest), "--once", "--format", "json"])


def test_an_import_builds_each_order_once_with_lines_link_and_stock(tmp_path, allegro, shoper, capsys):
    before = shoper.snapshot()["stock"]
    files = shoper_folder(tmp_path, allegro.url, shoper.url)
    assert run(files.manifest) == 0, capsys.readouterr()
    snap = shoper.snapshot()
    state = shop_state(snap)
    assert state["orders"], "orders were imported"
    for order in snap["orders"]:
        assert str(order["origin"]) == "3"
        assert order["notes_priv"].startswith("allegro-sync checkout form ")
        assert order["billing_address"]["phone"]
    sold: dict[str, Decimal] = {}
    for line in snap["order_products"]:
        sold[line["code"]] = sold.get(line["code"], Decimal(0)) + Decimal(line["quantity"])
    for code, units in sold.items():
        assert Decimal(snap["stock"][code]) == Decimal(before[code]) - units  # once, not twice
    assert len(snap["auction_orders"]) == len(snap["orders"])
    assert {u["email"] for u in snap["users"]} == {"allegro@sklep.example.pl"}
    # a second run changes nothing
    assert run(files.manifest) == 0
    assert shop_state(shoper.snapshot()) == state


def test_update_stock_false_leaves_stock_as_it_was(tmp_path, allegro, shoper, capsys):
    before = shoper.snapshot()["stock"]
    files = shoper_folder(tmp_path, allegro.url, shoper.url, update_stock=False)
    assert run(files.manifest) == 0, capsys.readouterr()
    snap = shoper.snapshot()
    assert snap["orders"] and snap["stock"] == before
    assert all(str(line["stock_id"]) == "0" for line in snap["order_products"])


def test_registration_creates_one_user_per_buyer(tmp_path, allegro, shoper, capsys):
    files = shoper_folder(tmp_path, allegro.url, shoper.url, register=True)
    assert run(files.manifest) == 0
    report = json.loads(capsys.readouterr().out)
    snap = shoper.snapshot()
    buyer_of = {str(a["order_id"]): a["buyer_id"] for a in snap["auction_orders"]}
    users_of_buyer: dict[str, set] = {}
    for order in snap["orders"]:
        users_of_buyer.setdefault(buyer_of[str(order["order_id"])], set()).add(str(order["user_id"]))
    assert all(len(users) == 1 for users in users_of_buyer.values())
    assert len(snap["users"]) == len(users_of_buyer) == report["customers_registered"]
    assert run(files.manifest) == 0 and len(shoper.snapshot()["users"]) == len(snap["users"])


def test_a_cancellation_restocks_exactly_once_and_sets_the_mapped_status(tmp_path, shoper, capsys):
    with start_simulator(products=list(PRODUCTS), orders=8, archived=0, seed=9) as allegro:
        before = shoper.snapshot()["stock"]
        files = shoper_folder(tmp_path, allegro.url, shoper.url)
        assert run(files.manifest) == 0
        snap = shoper.snapshot()
        order = next(o for o in snap["orders"] if o["products"])
        form = order["notes_priv"].removeprefix("allegro-sync checkout form ")
        taken = {line["code"]: Decimal(line["quantity"]) for line in order["products"]}
        assert requests.post(f"{allegro.url}/_simulator/orders/{form}/cancel", json={}, timeout=5).ok
        capsys.readouterr()
        assert run(files.manifest) == 0, capsys.readouterr()
        assert json.loads(capsys.readouterr().out)["orders_cancelled"] == 1
        after = shoper.snapshot()
        cancelled = next(o for o in after["orders"] if o["order_id"] == order["order_id"])
        assert str(cancelled["status_id"]) == "9"  # Anulowane
        for code, units in taken.items():
            assert Decimal(after["stock"][code]) == Decimal(snap["stock"][code]) + units
        assert run(files.manifest) == 0
        assert shoper.snapshot()["stock"] == after["stock"]  # not twice
        sold = {}
        for line in after["order_products"]:
            if line["order_id"] != order["order_id"]:
                sold[line["code"]] = sold.get(line["code"], Decimal(0)) + Decimal(line["quantity"])
        for code in before:
            assert Decimal(after["stock"][code]) == Decimal(before[code]) - sold.get(code, Decimal(0))


def test_a_mapped_name_the_shop_lacks_sets_the_order_aside_listing_the_shops_names(tmp_path, allegro, shoper, capsys):
    files = shoper_folder(tmp_path, allegro.url, shoper.url)
    text = files.manifest.read_text(encoding="utf-8").replace("default: Kurier DPD", "default: Kurier Nieznany")
    files.manifest.write_text(text, encoding="utf-8")
    assert run(files.manifest) == 1
    report = json.loads(capsys.readouterr().out)
    reasons = {entry["reason"] for entry in report["quarantined"]}
    assert reasons and all("„Kurier Nieznany”" in r and "„Paczkomaty InPost”" in r for r in reasons if "Kurier" in r)
    assert any("mapping.shipping" in r for r in reasons)
    assert {str(o["shipping_id"]) for o in shoper.snapshot()["orders"]} <= {"4"}  # only mapped ones were built
