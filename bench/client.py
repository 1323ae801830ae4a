"""Pulling orders from the loopback simulator: API calls per 1,000 orders and orders per second.

Baseline (measured in the same run): the journal, then one GET per checkout form. Compared with the
journal plus batched reads of the listing (``checkout_forms_by_id``). Also times seeding the simulator and
a deep listing page. Usage: ``python bench/client.py [--orders 20000] [--baseline 3000] [--format json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plugin.allegro import open_client
from plugin.allegro.retry import FAST
from plugin.simulator import start_simulator
from tests.allegro.conftest import manifest_for


def batched(client, pages: list) -> tuple[int, int, float]:
    """Events page by page; each page's forms in one batched read. Returns (orders, calls, seconds)."""
    start_calls, started = client.calls, time.perf_counter()
    seen: set[str] = set()
    for page in pages:
        ids = {e.checkout_form_id for e in page if e.checkout_form_id} - seen
        if ids:
            since = min(e.occurred_at for e in page) - timedelta(seconds=1)
            seen |= set(client.checkout_forms_by_id(ids, updated_gte=since)) | ids
    return len(seen), client.calls - start_calls, time.perf_counter() - started


def naive(client, ids: list[str]) -> tuple[int, int, float]:
    start_calls, started = client.calls, time.perf_counter()
    found = sum(client.checkout_form(i) is not None for i in ids)
    return found, client.calls - start_calls, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--baseline", type=int, default=3_000, help="forms read one by one for the baseline")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()

    print(f"seeding {args.orders:,} orders…", file=sys.stderr)
    started = time.perf_counter()
    sim = start_simulator(orders=args.orders, seed=1)
    seed_seconds = time.perf_counter() - started
    with sim, tempfile.TemporaryDirectory() as folder:
        client = open_client(manifest_for(sim.url, Path(folder) / "tokens.json"), policy=FAST)
        started, calls = time.perf_counter(), client.calls
        pages, cursor = [], None
        while True:
            page = client.event_page(cursor, limit=1000)
            pages.append(page)
            if len(page) < 1000:
                break
            cursor = page[-1].id
        events = sum(map(len, pages))
        journal = (client.calls - calls, time.perf_counter() - started)
        print(f"read {events:,} events; batched form reads…", file=sys.stderr)
        orders_b, calls_b, seconds_b = batched(client, pages)
        ids = list(dict.fromkeys(e.checkout_form_id for p in pages for e in p if e.checkout_form_id))
        print(f"baseline: {min(args.baseline, len(ids)):,} single GETs…", file=sys.stderr)
        orders_n, calls_n, seconds_n = naive(client, ids[: args.baseline])
        deep = time.perf_counter()
        for _ in range(20):
            list(client._forms_page([("limit", 100), ("offset", 9900), ("sort", "updatedAt")]))
        deep_ms = (time.perf_counter() - deep) / 20 * 1000

    per_k_batched = 1000 * (journal[0] + calls_b) / orders_b
    per_k_naive = (
        1000 * (calls_n + journal[0] * len(ids[: args.baseline]) / max(1, len(ids))) / max(1, len(ids[: args.baseline]))
    )
    rate_batched = orders_b / (journal[1] + seconds_b)
    rate_naive = orders_n / (seconds_n + journal[1] * orders_n / max(1, len(ids)))
    result = {
        "orders": orders_b,
        "events": events,
        "seed_orders_per_s": round(args.orders / seed_seconds),
        "batched": {"calls_per_1000_orders": round(per_k_batched, 1), "orders_per_s": round(rate_batched)},
        "naive_baseline": {"calls_per_1000_orders": round(per_k_naive, 1), "orders_per_s": round(rate_naive)},
        "calls_ratio_naive_over_batched": round(per_k_naive / per_k_batched, 1),
        "speed_ratio_batched_over_naive": round(rate_batched / rate_naive, 1),
        "deep_listing_page_ms": round(deep_ms, 2),
    }
    if args.format == "json":
        print(json.dumps(result))
    else:
        print(
            f"orders pulled: {orders_b:,} ({events:,} events); "
            f"simulator seeded at {result['seed_orders_per_s']:,} orders/s"
        )
        print(f"batched : {per_k_batched:8.1f} API calls / 1,000 orders   {rate_batched:8.0f} orders/s")
        print(f"baseline: {per_k_naive:8.1f} API calls / 1,000 orders   {rate_naive:8.0f} orders/s  (one GET per form)")
        print(
            f"ratio   : {result['calls_ratio_naive_over_batched']}x fewer calls, "
            f"{result['speed_ratio_batched_over_naive']}x faster than the baseline"
        )
        print(f"a listing page at offset 9,900: {deep_ms:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
