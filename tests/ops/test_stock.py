"""Stock by hand: `shop init` again keeps the stock sales moved; `shop stock` changes it, recorded so the audit
adds up (corrections + order moves = stock), through the shop port (so the change journal sees it), and names
the set-aside orders that waited for it."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from plugin.simulator.server import RunningSimulator
from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import run_cli
from tests.sync.simulated import shop_without_stock


def _stock(files: DemoFiles) -> dict[str, int]:
    conn = sqlite3.connect(files.shop)
    try:
        return dict(conn.execute("SELECT code, stock FROM products").fetchall())
    finally:
        conn.close()


def _audit(files: DemoFiles) -> dict[str, int]:
    """Per product: the stock the records explain (corrections + moves of orders)."""
    conn = sqlite3.connect(files.shop)
    try:
        sql = (
            "SELECT code, (SELECT COALESCE(SUM(delta), 0) FROM stock_corrections c WHERE c.product_code = code)"
            " + (SELECT COALESCE(SUM(delta), 0) FROM stock_moves m WHERE m.product_code = code) FROM products"
        )
        return dict(conn.execute(sql).fetchall())
    finally:
        conn.close()


def _catalog(files: DemoFiles) -> dict[str, int]:
    with files.catalog.open(encoding="utf-8") as handle:
        return {row["code"]: int(row["stock"]) for row in csv.DictReader(handle)}


def _sold(files: DemoFiles, capsys) -> str:
    """Run once; a product whose stock the imported orders moved."""
    code, out, _ = run_cli(capsys, "run", str(files.manifest), "--format", "json")
    assert code == 0 and json.loads(out)["orders_imported"] > 0
    catalog, stock = _catalog(files), _stock(files)
    moved = [code for code in catalog if stock[code] != catalog[code]]
    assert moved, "no order moved any stock"
    return moved[0]


def test_shop_init_again_keeps_the_stock_sales_moved(shop: DemoFiles, capsys) -> None:
    sold = _sold(shop, capsys)
    before = _stock(shop)
    code, out, _ = run_cli(capsys, "shop", "init", str(shop.manifest), "--products", str(shop.catalog))
    assert code == 0 and "stock kept" in out
    assert _stock(shop) == before and before[sold] < _catalog(shop)[sold]
    assert _audit(shop) == _stock(shop)  # every unit explained: the catalogue load, the sales


def test_shop_init_refreshes_names_and_prices_and_adds_new_products(shop: DemoFiles, capsys, tmp_path: Path) -> None:
    sold = _sold(shop, capsys)
    before = _stock(shop)
    changed = tmp_path / "catalog.csv"
    rows = list(csv.DictReader(shop.catalog.open(encoding="utf-8")))
    for row in rows:
        row["name"] += " (nowa nazwa)"
        row["stock"] = "999"
    rows.append({"code": "NOWY-1", "name": "Nowy produkt", "stock": "7", "price": "10.00"})
    with changed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["code", "name", "stock", "price"])
        writer.writeheader()
        writer.writerows(rows)
    code, out, _ = run_cli(capsys, "shop", "init", str(shop.manifest), "--products", str(changed), "--format", "json")
    assert code == 0 and json.loads(out)["products_added"] == 1 and json.loads(out)["stock_reset"] == 0
    after = _stock(shop)
    assert after.pop("NOWY-1") == 7 and after == before
    conn = sqlite3.connect(shop.shop)
    assert conn.execute("SELECT name FROM products WHERE code = ?", (sold,)).fetchone()[0].endswith("(nowa nazwa)")
    conn.close()
    code, out, _ = run_cli(capsys, "shop", "init", str(shop.manifest), "--products", str(changed), "--reset-stock")
    assert code == 0 and set(_stock(shop).values()) == {999, 7}  # asked explicitly: the catalogue's stock
    assert _audit(shop) == _stock(shop)


def test_shop_stock_sets_and_adds_recorded_and_audited(shop: DemoFiles, capsys) -> None:
    sold = _sold(shop, capsys)
    code, out, _ = run_cli(
        capsys, "shop", "stock", str(shop.manifest), sold, "--set", "50", "--reason", "inwentaryzacja"
    )
    assert code == 0 and f"{sold}: stock" in out and "→ 50" in out
    code, out, _ = run_cli(capsys, "shop", "stock", str(shop.manifest), sold, "--add", "-8", "--format", "json")
    change = json.loads(out)
    assert code == 0 and (change["stock_before"], change["stock_after"], change["delta"]) == (50, 42, -8)
    assert change["reason"] == "manual correction" and change["source"] == "shop stock"
    assert _stock(shop)[sold] == 42 and _audit(shop) == _stock(shop)
    conn = sqlite3.connect(shop.shop)
    reasons = [r for (r,) in conn.execute("SELECT reason FROM stock_corrections WHERE product_code = ?", (sold,))]
    conn.close()
    assert reasons[-2:] == ["inwentaryzacja", "manual correction"]


def test_shop_stock_refuses_an_unknown_product_and_a_stock_below_zero(shop: DemoFiles, capsys) -> None:
    code, out, err = run_cli(capsys, "shop", "stock", str(shop.manifest), "NIE-MA", "--set", "3", "--format", "json")
    assert code == 2 and "no product 'NIE-MA'" in json.loads(out)["error"]["message"]
    some = next(iter(_stock(shop)))
    before = _stock(shop)
    code, _, err = run_cli(capsys, "shop", "stock", str(shop.manifest), some, "--add", "-100000")
    assert code == 2 and "below 0" in err and _stock(shop) == before
    code, _, err = run_cli(capsys, "shop", "stock", str(shop.manifest), some, "--set", "-1")
    assert code == 2 and "must be 0 or more" in err


def test_shop_stock_names_and_retries_the_orders_that_waited_for_it(
    tmp_path: Path, simulator: RunningSimulator, capsys
) -> None:
    files = shop_without_stock(tmp_path, simulator.url)
    capsys.readouterr()  # what setting the shop up printed
    code, out, _ = run_cli(capsys, "run", str(files.manifest), "--format", "json")
    assert code == 1 and json.loads(out)["quarantined_count"] > 0
    code, out, _ = run_cli(capsys, "quarantine", str(files.manifest), "--format", "json")
    waiting = json.loads(out)["orders"]
    product = waiting[0]["reason"].split("'")[1]
    expected = sorted(o["checkout_form_id"] for o in waiting if f"product '{product}' has" in o["reason"])
    code, out, _ = run_cli(capsys, "shop", "stock", str(files.manifest), product, "--add", "500")
    assert code == 0 and "waited for stock of" in out and "--retry-waiting" in out
    code, out, _ = run_cli(
        capsys, "shop", "stock", str(files.manifest), product, "--add", "0", "--retry-waiting", "--format", "json"
    )
    assert code == 0 and sorted(json.loads(out)["retried"]) == expected
