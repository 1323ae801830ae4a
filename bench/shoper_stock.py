"""Stock push from a Shoper shop: what one pass costs when Shoper has no change journal to read in bulk.

N products (default 10,000) in the local Shoper under its default leaky bucket (10 calls, draining 2 a second)
and as many offers in the Allegro simulator; the real Shoper backend and the real push. After a first pass (the
links read from Allegro's listing), 5 % of the stock changes in Shoper (in the simulator's tables, so the
changes themselves cost no call), then one pass pushes them; then a pass with nothing changed. Printed per pass:
Shoper calls (from the local Shoper's request log), Allegro calls, seconds (bucket waits included) and the
pass's peak Python memory at N and at N/5 products (the whole stock list is read each pass: memory grows with N).

Baseline in the same run: reading the same stock one product at a time (``GET product-stocks?filters={code}``),
as a connector without bulk calls would, timed on the first 100 products and scaled to N.

    python bench/shoper_stock.py [--products 10000] [--changed 0.05] [--format json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stock import catalog, push_pass  # noqa: E402  (bench/stock.py: the same catalogue and measured pass)

from plugin.allegro.connect import open_client  # noqa: E402
from plugin.allegro.retry import FAST  # noqa: E402
from plugin.shoper_simulator.server import DEFAULT_TOKEN, start_shoper_simulator  # noqa: E402
from plugin.simulator.server import start_simulator  # noqa: E402
from plugin.validation import load_manifest  # noqa: E402
from tests.shoper_backend.shop_setup import shoper_folder  # noqa: E402

BASELINE_SAMPLE = 100


def one_pass(manifest: Any, client: Any, shoper: Any) -> dict[str, Any]:
    """``bench/stock.py``'s measured push pass, with the Shoper calls it made (the local Shoper's request log)."""
    shoper.clear_requests()
    measured = push_pass(manifest, client)
    assert not measured["failed"], measured
    return {**measured, "shoper_calls": len(shoper.requests()), "allegro_calls": measured["calls"]}


def baseline(shoper: Any, codes: list[str]) -> dict[str, Any]:
    """One GET per product, as without bulk calls: the first ``BASELINE_SAMPLE``, under the same bucket."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {DEFAULT_TOKEN}"
    started = time.perf_counter()
    for code in codes[:BASELINE_SAMPLE]:
        while True:
            answer = session.get(
                f"{shoper.api_url}/product-stocks", params={"filters": json.dumps({"code": code})}, timeout=30
            )
            if answer.status_code != 429:
                break
            time.sleep(float(answer.headers.get("Retry-After") or 1))
        answer.raise_for_status()
    per_product = (time.perf_counter() - started) / BASELINE_SAMPLE
    return {"calls_per_pass": len(codes), "seconds_per_pass": per_product * len(codes)}


def measure(size: int, changes: int) -> dict[str, Any]:
    rng = random.Random(size)
    products = catalog(size, rng)
    with (
        start_simulator(products=products, orders=0, seed=1) as allegro,
        start_shoper_simulator(products=products) as shoper,
        tempfile.TemporaryDirectory(prefix="bench-shoper-stock-") as folder,
    ):
        files = shoper_folder(Path(folder), allegro.url, shoper.url)
        manifest = load_manifest(files.manifest)
        manifest = replace(manifest, sync=replace(manifest.sync, push_stock=True), email=None)
        client = open_client(manifest, policy=FAST)
        first = one_pass(manifest, client, shoper)
        rows = list(shoper.state.tables["product-stocks"].values())
        for row in rng.sample(rows, changes):
            row["stock"] = str(max(0, int(Decimal(row["stock"])) + rng.choice((-3, -2, -1, 5, 10))))
        changed = one_pass(manifest, client, shoper)
        quiet = one_pass(manifest, client, shoper)
        naive = baseline(shoper, [p.code for p in products])
    return {"products": size, "first": first, "changed": changed, "quiet": quiet, "one_get_each": naive}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    changes = int(args.products * args.changed)
    big = measure(args.products, changes)
    small = measure(max(args.products // 5, changes), changes)
    result = {"big": big, "small": small, "memory_ratio": big["changed"]["peak_mb"] / small["changed"]["peak_mb"]}
    if args.format == "json":
        print(json.dumps(result))
        return
    c, q, n = big["changed"], big["quiet"], big["one_get_each"]
    print(f"{big['products']:,} products in the local Shoper (bucket 10, 2/s) on as many Allegro offers")
    print(
        f"  pass with {c['offers_changed']} offers changed: {c['shoper_calls']} Shoper calls, "
        f"{c['allegro_calls']} Allegro calls, {c['seconds']:.2f} s"
    )
    print(
        f"  pass with nothing changed: {q['shoper_calls']} Shoper calls, {q['allegro_calls']} Allegro calls, "
        f"{q['seconds']:.2f} s"
    )
    print(
        f"  one GET per product instead: {n['calls_per_pass']:,} Shoper calls, about {n['seconds_per_pass']:.0f} s "
        f"a pass ({n['calls_per_pass'] / max(c['shoper_calls'], 1):.0f}x the calls)"
    )
    print(
        f"  peak memory of the changed pass: {c['peak_mb']:.1f} MB at {big['products']:,} products, "
        f"{small['changed']['peak_mb']:.1f} MB at {small['products']:,} (ratio {result['memory_ratio']:.2f})"
    )


if __name__ == "__main__":
    main()
