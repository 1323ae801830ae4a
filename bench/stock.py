"""Stock push benchmark: shop stock → Allegro offer quantities through the loopback simulator.

N products on N offers (default 10,000; stock drawn like a real shop's: mostly a few units, a long tail), a
real embedded shop, the real client. After a first pass (links read from the listing), 5 % of the products'
stock changes in the shop (sales of 1–3 units, and corrections), then one pass pushes them. Printed per pass:
Allegro calls, calls per changed offer, seconds, and the peak Python memory of the pass (tracemalloc).

Baseline in the same run and on equal terms (same simulator, same client, same async processing time): a naive
pass that sends one quantity command per changed offer and polls each (another 5 % changed; the first 100 are
sent, calls per offer are what it measures). Also: a pass with nothing changed (the push alone, and the whole
``run`` pass with its order import), and the same number of changes among N/5 products for the memory ratio
(flat ≈ 1).

Allegro processes batch commands asynchronously; the simulator answers "in progress" for ``--processing``
seconds (default 0.5) after a command is registered, and the client polls every ``--poll`` seconds (0.5).

    python bench/stock.py [--products 10000] [--changed 0.05] [--processing 0.5] [--poll 0.5] [--format json]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugin.allegro.connect import open_client  # noqa: E402
from plugin.allegro.offer_calls import QUANTITY, command_id_for  # noqa: E402
from plugin.allegro.retry import FAST  # noqa: E402
from plugin.catalog_csv import Product  # noqa: E402
from plugin.simulator.server import start_simulator  # noqa: E402
from plugin.sync.demo import build_demo  # noqa: E402
from plugin.sync.report import SyncReport  # noqa: E402
from plugin.sync.runner import open_unit_of_work, run_sync  # noqa: E402
from plugin.sync.stock_commands import group_changes  # noqa: E402
from plugin.sync.stock_pass import push_after_import  # noqa: E402

NAIVE_MAX = 100  # offers the naive pass sends (each command waits for Allegro: 3 calls and a poll pause each)


def catalog(size: int, rng: random.Random) -> list[Product]:
    """Stock like a shop's: most products a few units, some dozens, a few hundreds."""
    return [
        Product(f"P-{n:06d}", f"Produkt testowy numer {n:06d}", 1 + int(rng.expovariate(1 / 12)), Decimal("19.99"))
        for n in range(size)
    ]


def change_stock(uow: Any, codes: list[str], rng: random.Random) -> None:
    """Shop-side changes: 80 % sales of 1–3 units, 20 % corrections to a counted value."""
    with uow.store.transaction():
        for code in codes:
            if rng.random() < 0.8:
                uow.store.conn.execute(
                    "UPDATE products SET stock = MAX(0, stock - ?) WHERE code = ?", (rng.randint(1, 3), code)
                )
            else:
                uow.store.conn.execute("UPDATE products SET stock = ? WHERE code = ?", (rng.randint(0, 40), code))


def push_pass(manifest: Any, client: Any) -> dict[str, Any]:
    """The stock push alone (what ``run`` does after its import), measured."""
    uow = open_unit_of_work(manifest)
    try:
        report = SyncReport()
        report.cursor = None
        calls = client.calls
        tracemalloc.start()
        started = time.perf_counter()
        push_after_import(manifest, uow, client, report)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        outcome = report.stock_push
        assert outcome is not None, report.errors
        return {
            "calls": client.calls - calls,
            "offers_changed": len(outcome.changes),
            "failed": len(outcome.failed),
            "quantities": len({c.new for c in outcome.changes}),
            "commands": len(group_changes(outcome.changes)),  # FIXED new / GAIN new − old / END, fewest
            "seconds": seconds,
            "peak_mb": peak / 2**20,
        }
    finally:
        uow.close()


def naive_pass(manifest: Any, client: Any, sim: Any) -> dict[str, Any]:
    """One quantity command per changed offer, each polled until done: the baseline."""
    uow = open_unit_of_work(manifest)
    try:
        position = uow.store.conn.execute("SELECT position FROM sync_stock_state").fetchone()[0]
        changes = uow.shop.stock_changes(position)
        offers = {o.external_id: o for o in sim.state.offers.offers}
        calls, started = client.calls, time.perf_counter()
        sent = 0
        for code, stock in sorted(changes.stocks.items()):
            offer = offers[code]
            if not stock or stock == offer.available:
                continue
            if sent == NAIVE_MAX:
                break
            command = command_id_for("naive", offer.id, str(stock), position)
            client.start_quantity_command(command, [offer.id], value=stock)
            while client.command_tasks(QUANTITY, command) is None:
                client.transport.policy.sleep(client.transport.policy.poll_pause)
            sent += 1
        seconds = time.perf_counter() - started
        with uow.store.transaction():
            uow.shop.forget_stock_changes(changes.position)
            uow.store.conn.execute("UPDATE sync_stock_state SET position = ?", (changes.position,))
        return {"calls": client.calls - calls, "offers_changed": sent, "seconds": seconds}
    finally:
        uow.close()


def measure(size: int, changes: int, processing: float, poll: float) -> dict[str, Any]:
    rng = random.Random(size)
    products = catalog(size, rng)
    with start_simulator(products=products, orders=0, seed=1) as sim, tempfile.TemporaryDirectory() as folder:
        sim.state.offers.command_seconds = processing
        files, manifest = build_demo(Path(folder), sim.url, tuple(products))
        manifest = replace(manifest, sync=replace(manifest.sync, push_stock=True), email=None)
        client = open_client(manifest, policy=replace(FAST, poll_pause=poll, sleep=time.sleep))
        first = push_pass(manifest, client)  # reads the listing, links every offer
        codes = [p.code for p in products]
        changed = rng.sample(codes, changes)
        uow = open_unit_of_work(manifest)
        change_stock(uow, changed, rng)
        uow.close()
        grouped = push_pass(manifest, client)
        wrong = [
            o.external_id
            for o in sim.state.offers.offers
            if (o.available if o.status == "ACTIVE" else 0) != max(0, _stock(files.shop, o.external_id))
        ]
        quiet = push_pass(manifest, client)
        run_sync(manifest, source=client, send=False)  # the first run with an order import: cursors set
        whole_quiet = run_sync(manifest, source=client, send=False)  # then nothing changed anywhere
        uow = open_unit_of_work(manifest)
        change_stock(uow, rng.sample(codes, changes), rng)
        uow.close()
        naive = naive_pass(manifest, client, sim)
    return {
        "products": size,
        "first": first,
        "grouped": grouped,
        "quiet": quiet,
        "quiet_run_calls": whole_quiet.api_calls,
        "naive": naive,
        "offers_wrong_after_grouped": len(wrong),  # must be 0: every offer sells its product's stock
    }


def _stock(path: Path, code: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT stock FROM products WHERE code = ?", (code,)).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--processing", type=float, default=0.5)
    parser.add_argument("--poll", type=float, default=0.5)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    changes = int(args.products * args.changed)
    big = measure(args.products, changes, args.processing, args.poll)
    small = measure(max(args.products // 5, changes), changes, args.processing, args.poll)  # same changes
    result = {"big": big, "small": small, "memory_ratio": big["grouped"]["peak_mb"] / small["grouped"]["peak_mb"]}
    if args.format == "json":
        print(json.dumps(result))
        return
    g, n, q = big["grouped"], big["naive"], big["quiet"]
    per_grouped = g["calls"] / max(g["offers_changed"], 1)
    per_naive = n["calls"] / max(n["offers_changed"], 1)
    print(f"{big['products']:,} products on as many offers, {args.changed:.0%} changed between passes")
    print(
        f"  grouped pass: {g['offers_changed']} offers, {g['quantities']} distinct new quantities in "
        f"{g['commands']} commands, {g['calls']} calls "
        f"= {per_grouped:.3f} calls/changed offer, {g['seconds']:.2f} s"
    )
    print(
        f"  naive pass (one command per offer, first {NAIVE_MAX}): {n['offers_changed']} offers, {n['calls']} calls "
        f"= {per_naive:.2f} calls/changed offer, {n['seconds']:.2f} s "
        f"(grouped: {per_naive / max(per_grouped, 1e-9):.0f}x fewer calls per offer)"
    )
    print(f"  nothing changed: push {q['calls']} calls, whole run pass {big['quiet_run_calls']} calls")
    print(f"  offers not selling their product's stock after the grouped pass: {big['offers_wrong_after_grouped']}")
    print(f"  first pass (listing read, links made): {big['first']['calls']} calls, {big['first']['seconds']:.2f} s")
    print(
        f"  peak memory of the changed pass ({changes} changes): {g['peak_mb']:.2f} MB at {big['products']:,} "
        f"products, {small['grouped']['peak_mb']:.2f} MB at {small['products']:,} (ratio {result['memory_ratio']:.2f})"
    )


if __name__ == "__main__":
    main()
