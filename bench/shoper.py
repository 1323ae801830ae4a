"""Importing Allegro orders into the local Shoper under its default leaky bucket (10 calls, draining 2 a second).

Ours: ``allegro-sync run`` (a real process) imports every order of the Allegro simulator (new customers,
registration on, several lines each) into ``allegro-sync shoper-simulator``-like local Shoper with the default
bucket. Baseline (same run, same bucket, same client, the same request bodies): the naive path, one call per
operation and no bulk (user, order, each line, the auction link), replayed for the first orders ours built.
The naive path at 2 calls a second is slow, so it runs on a subset (``--naive``); its orders/s is a rate and
compares fairly.

Reports Shoper calls per imported order, orders per second, the run's peak memory (max RSS), and the ratio.

Usage: ``python bench/shoper.py [--orders 1000] [--naive 40] [--format json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plugin.shoper import ShoperClient, StaticToken
from plugin.shoper_simulator.server import DEFAULT_TOKEN, start_shoper_simulator
from plugin.simulator.server import start_simulator
from tests.shoper_backend.shop_setup import PRODUCTS, environment, shoper_folder

ROOT = Path(__file__).resolve().parents[1]

COPY_ORDER = (
    "user_id",
    "email",
    "status_id",
    "shipping_id",
    "payment_id",
    "shipping_tax_id",
    "shipping_cost",
    "origin",
    "notes_priv",
    "notes",
    "billing_address",
    "delivery_address",
)


def ours(orders: int, folder: Path) -> tuple[dict, dict]:
    with (
        start_simulator(products=list(PRODUCTS), orders=orders, archived=0, seed=7) as allegro,
        start_shoper_simulator(products=list(PRODUCTS)) as shop,  # the default bucket: 10, 2/s
    ):
        files = shoper_folder(folder, allegro.url, shop.url, register=True, confirm=False)
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        done = subprocess.run(
            [sys.executable, "-m", "plugin", "run", str(files.manifest), "--format", "json"],
            env={**os.environ, **environment(), "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if done.returncode != 0:
            raise SystemExit(f"run failed ({done.returncode}): {done.stderr[-2000:]}")
        report = json.loads(done.stdout)
        log = shop.requests()
        snapshot = shop.snapshot()
    imported = report["orders_imported"]
    lines = len(snapshot["order_products"])
    return {
        "orders": imported,
        "lines_per_order": round(lines / imported, 2),
        "shoper_calls": len(log),
        "calls_per_order": round(len(log) / imported, 3),
        "seconds": round(seconds, 1),
        "orders_per_second": round(imported / seconds, 2),
        "peak_rss_mb": round(max(peak_kb, before) / 1024, 1),
        "http_429": sum(1 for entry in log if entry["status"] == 429),
    }, snapshot


def naive(snapshot: dict, count: int) -> dict:
    """One call per operation for the first ``count`` orders ours built: user, order, each line, the link."""
    users = {u["user_id"]: u for u in snapshot["users"]}
    links = {a["order_id"]: a for a in snapshot["auction_orders"]}
    picked = snapshot["orders"][:count]
    with start_shoper_simulator(products=list(PRODUCTS)) as shop:
        client = ShoperClient(shop.url, StaticToken(DEFAULT_TOKEN))
        started = time.perf_counter()
        made: dict[str, int] = {}
        for order in picked:
            user = users[order["user_id"]]
            if user["user_id"] not in made:
                made[user["user_id"]] = client.create("users", {k: user[k] for k in ("email", "firstname", "lastname")})
            user_id = made[user["user_id"]]
            body = {k: order[k] for k in COPY_ORDER if k in order}
            order_id = client.create("orders", {**body, "user_id": str(user_id)})
            for line in order["products"]:
                client.create(
                    "order-products",
                    {
                        "order_id": str(order_id),
                        "stock_id": line["stock_id"],
                        "quantity": line["quantity"],
                        "price": line["price"],
                    },
                )
            link = links[order["order_id"]]
            client.create(
                "auction-orders",
                {
                    "order_id": str(order_id),
                    "deal_id": link.get("deal_id", ""),
                    "buyer_id": link["buyer_id"],
                    "buyer_login": link["buyer_login"],
                },
            )
        seconds = time.perf_counter() - started
        calls = len(shop.requests())
    return {
        "orders": len(picked),
        "shoper_calls": calls,
        "calls_per_order": round(calls / len(picked), 3),
        "seconds": round(seconds, 1),
        "orders_per_second": round(len(picked) / seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=40)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        mine, snapshot = ours(args.orders, Path(folder))
    base = naive(snapshot, min(args.naive, mine["orders"]))
    result = {
        "ours": mine,
        "naive": base,
        "speedup_orders_per_second": round(mine["orders_per_second"] / base["orders_per_second"], 2),
        "goals": {"calls_per_order": 0.3, "orders_per_second": 6, "speedup": 10},
    }
    if args.format == "json":
        print(json.dumps(result))
        return
    print(
        f"ours : {mine['orders']} orders ({mine['lines_per_order']} lines each), {mine['shoper_calls']} Shoper calls "
        f"= {mine['calls_per_order']}/order, {mine['seconds']} s = {mine['orders_per_second']} orders/s, "
        f"peak RSS {mine['peak_rss_mb']} MB, {mine['http_429']} × 429"
    )
    print(
        f"naive: {base['orders']} orders, {base['calls_per_order']} calls/order, {base['orders_per_second']} orders/s"
    )
    print(
        f"ours / naive: {result['speedup_orders_per_second']}× orders/s (goals: ≤ 0.3 calls/order, ≥ 6 orders/s, ≥ 10×)"
    )


if __name__ == "__main__":
    main()
