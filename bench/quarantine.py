"""Retrying set-aside orders: N orders (default 30,000) wait for stock, and each run tries them once more.

A loopback simulator holds N orders; a shop with no stock under ``negative_stock: quarantine`` sets every paid
one aside in the first run. Then one more run is measured twice from the same copy of the shop file, on equal
terms (same simulator, same client, same process): with the batched read of the set-aside forms (the listing
window that holds them, read only when that is cheaper) and, as the baseline, one GET per set-aside form (how
retries were read before). Printed: orders waiting, API calls, seconds, and the ratios.

    python bench/quarantine.py [--orders 30000] [--format json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugin.allegro.connect import open_client  # noqa: E402
from plugin.allegro.retry import FAST  # noqa: E402
from plugin.catalog_csv import Product  # noqa: E402
from plugin.simulator.seller_catalog import catalog_from  # noqa: E402
from plugin.simulator.server import start_simulator  # noqa: E402
from plugin.sync import phases  # noqa: E402
from plugin.sync.demo import build_demo  # noqa: E402
from plugin.sync.runner import run_sync  # noqa: E402


def one_get_each(source: Any, entries: list) -> dict:
    """The baseline: every set-aside form read on its own."""
    forms = {}
    for entry in entries:
        form = source.checkout_form(entry.checkout_form_id)
        if form is not None:
            forms[entry.checkout_form_id] = form
    return forms


def timed_run(manifest: Any, client: Any) -> dict[str, Any]:
    started = time.perf_counter()
    report = run_sync(manifest, source=client, send=False)
    return {
        "seconds": time.perf_counter() - started,
        "api_calls": report.api_calls,
        "waiting": report.quarantined_count,
    }


def measure(orders: int) -> dict[str, Any]:
    products = tuple(Product(p.code, p.name, 0, p.price) for p in catalog_from(None))
    with (
        start_simulator(products=list(catalog_from(None)), orders=orders, archived=0, seed=3) as sim,
        tempfile.TemporaryDirectory(prefix="bench-quarantine-") as folder,
    ):
        files, manifest = build_demo(Path(folder), sim.url, products)
        manifest = replace(manifest, sync=replace(manifest.sync, negative_stock="quarantine"), email=None)
        client = open_client(manifest, policy=FAST)
        first = timed_run(manifest, client)
        saved = Path(folder) / "shop-after-first-run.db"
        shutil.copyfile(files.shop, saved)
        batched = timed_run(manifest, client)
        shutil.copyfile(saved, files.shop)
        real = phases._retry_forms
        phases._retry_forms = one_get_each
        try:
            baseline = timed_run(manifest, client)
        finally:
            phases._retry_forms = real
    return {"orders": orders, "first": first, "batched": batched, "one_get_each": baseline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=30_000)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    result = measure(args.orders)
    if args.format == "json":
        print(json.dumps(result))
        return
    b, n = result["batched"], result["one_get_each"]
    print(f"{result['orders']:,} orders on Allegro, {result['first']['waiting']:,} set aside for lack of stock")
    print(f"  next run, batched retries: {b['api_calls']:,} API calls, {b['seconds']:.1f} s ({b['waiting']:,} waiting)")
    print(f"  next run, one GET each:    {n['api_calls']:,} API calls, {n['seconds']:.1f} s ({n['waiting']:,} waiting)")
    print(
        f"  ratio: {b['api_calls'] / max(n['api_calls'], 1):.3f} of the calls, "
        f"{b['seconds'] / max(n['seconds'], 1e-9):.2f} of the time"
    )


if __name__ == "__main__":
    main()
