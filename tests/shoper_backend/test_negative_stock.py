"""``sync.negative_stock`` on a Shoper shop. Shoper takes an order's units by itself when it creates the linked
lines, before the engine checks the policy; the check must see the stock as it was before the order (else an
order that exactly empties a product is quarantined), and a quarantined order, built in Shoper already, must stay
quarantined on the next run until stock is added."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path

from plugin.cli import main
from plugin.shoper_simulator.server import RunningShoper, start_shoper_simulator
from plugin.simulator.server import start_simulator
from tests.shoper_backend.shop_setup import PRODUCTS, shoper_folder
from tests.shoper_backend.test_cancel_after_crash import die_at


def run(manifest: Path) -> dict:
    """The run's report; it exits 1 exactly when it set an order aside."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["run", str(manifest), "--once", "--format", "json"])
    report = json.loads(out.getvalue().strip().splitlines()[-1])
    assert code == (1 if report["quarantined_count"] else 0), report
    return report


def with_policy(folder: Path, allegro_url: str, shop_url: str, policy: str) -> Path:
    manifest = shoper_folder(folder, allegro_url, shop_url).manifest
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("  update_stock: true", f"  update_stock: true\n  negative_stock: {policy}"))
    return manifest


def held_by_orders(shop: RunningShoper) -> dict[str, int]:
    """Units per code the shop's orders hold on linked lines."""
    held: dict[str, int] = {}
    for order in shop.snapshot()["orders"]:
        for line in order["products"]:
            if str(line.get("stock_id")) != "0":
                held[line["code"]] = held.get(line["code"], 0) + int(Decimal(line["quantity"]))
    return held


def in_one_order(shop: RunningShoper) -> set[str]:
    """Codes only one order holds (orders built ahead together are each checked against what the others took)."""
    orders_of: dict[str, int] = {}
    for order in shop.snapshot()["orders"]:
        for code in {line["code"] for line in order["products"] if str(line.get("stock_id")) != "0"}:
            orders_of[code] = orders_of.get(code, 0) + 1
    return {code for code, count in orders_of.items() if count == 1}


def set_stock(shop: RunningShoper, stocks: dict[str, int]) -> None:
    """The merchant's own stock levels, set in the shop before any run."""
    for row in shop.state.tables["product-stocks"].values():
        if row["code"] in stocks:
            row["stock"] = str(stocks[row["code"]])


def stock_of(shop: RunningShoper, codes) -> dict[str, int]:
    stock = shop.snapshot()["stock"]
    return {code: int(Decimal(stock[code])) for code in codes}


def fresh_shoper():
    return start_shoper_simulator(products=list(PRODUCTS), bucket_size=100_000, drain=100_000)


def reference(tmp_path: Path, allegro_url: str) -> tuple[dict[str, int], set[str], int]:
    """What one run with plenty of stock makes the orders hold: units per code, codes of one order, orders."""
    with fresh_shoper() as shop:
        run(shoper_folder(tmp_path / "reference", allegro_url, shop.url).manifest)
        return held_by_orders(shop), in_one_order(shop), len(shop.snapshot()["orders"])


def allegro_orders():
    return start_simulator(products=list(PRODUCTS), orders=8, archived=0, seed=21)


def test_an_order_that_exactly_empties_a_product_is_not_quarantined(tmp_path) -> None:
    with allegro_orders() as allegro:
        held, _, imported = reference(tmp_path, allegro.url)
        with fresh_shoper() as shop:  # exactly enough of every product: every order imported, stock 0
            set_stock(shop, held)
            report = run(with_policy(tmp_path / "exact", allegro.url, shop.url, "quarantine"))
            assert report["quarantined_count"] == 0, report["quarantine_reasons"]
            assert report["orders_imported"] == imported
            assert stock_of(shop, held) == dict.fromkeys(held, 0)


def test_a_quarantined_order_waits_for_stock_and_clamp_takes_what_there_is(tmp_path) -> None:
    with allegro_orders() as allegro:
        held, alone, imported = reference(tmp_path, allegro.url)
        short = max(sorted(alone), key=lambda code: held[code])  # one unit short of what its order needs
        assert held[short] >= 2
        with fresh_shoper() as shop:
            set_stock(shop, {short: held[short] - 1})
            manifest = with_policy(tmp_path / "short", allegro.url, shop.url, "quarantine")
            assert run(manifest)["quarantined_count"] == 1
            again = run(manifest)  # its order, built in Shoper already, is carried on: the policy is checked again
            assert again["quarantined_count"] == 1 and again["orders_imported"] == 0
            assert main(["shop", "stock", str(manifest), short, "--add", "5", "--retry-waiting"]) == 0
            retried = run(manifest)
            assert retried["quarantined_count"] == 0 and retried["orders_imported"] == 1
            assert stock_of(shop, [short]) == {short: held[short] - 1 + 5 - held[short]}

        with fresh_shoper() as shop:  # clamp: the order takes what there is, and stock ends at 0, not below
            set_stock(shop, {short: held[short] - 1})
            report = run(with_policy(tmp_path / "clamp", allegro.url, shop.url, "clamp"))
            assert report["quarantined_count"] == 0 and report["orders_imported"] == imported
            assert stock_of(shop, [short]) == {short: 0}


def test_clamp_after_a_crash_between_the_hand_and_the_sale_ends_as_one_clean_run(tmp_path) -> None:
    """The run dies once the first order is handed to the engine, before its sale (``handed-unsold``): the next
    run carries that order on, checks the policy again and leaves the stock a clean run leaves."""
    with allegro_orders() as allegro:
        held, _, _ = reference(tmp_path, allegro.url)
        scarce = {code: units - 1 for code, units in held.items()}  # every product one unit short
        with fresh_shoper() as clean:
            set_stock(clean, scarce)
            run(with_policy(tmp_path / "clean", allegro.url, clean.url, "clamp"))
            expected = stock_of(clean, held)
        assert all(units >= 0 for units in expected.values())
        with fresh_shoper() as shop:
            set_stock(shop, scarce)
            manifest = with_policy(tmp_path / "died", allegro.url, shop.url, "clamp")
            die_at("handed-unsold", manifest)
            run(manifest)
            assert stock_of(shop, held) == expected
            run(manifest)
            assert stock_of(shop, held) == expected
