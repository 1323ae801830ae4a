"""Pulling orders from the loopback simulator: API calls per 1,000 orders and orders per second.

Baseline (measured in the same run): the journal, then one GET per checkout form. Compared with the journal
plus batched reads of the listing (``checkout_forms_by_id``). Also times seeding the simulator and a deep
listing page. The simulator runs as its own process (``allegro-sync simulator``), as in real use.

Usage: ``python bench/client.py [--orders 20000] [--baseline 3000] [--batch-pages 10] [--format json]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plugin.allegro import open_client
from plugin.allegro.retry import FAST
from tests.allegro.conftest import manifest_for


def read_journal(client) -> tuple[list, int, float]:
    started, calls = time.perf_counter(), client.calls
    pages, cursor = [], None
    while True:
        page = client.event_page(cursor, limit=1000)
        pages.append(page)
        if len(page) < 1000:
            return pages, client.calls - calls, time.perf_counter() - started
        cursor = page[-1].id


def batched(client, pages: list, per_batch: int) -> tuple[int, int, float]:
    """The forms of ``per_batch`` event pages in one batched read. Returns (orders, calls, seconds)."""
    start_calls, started = client.calls, time.perf_counter()
    seen: set[str] = set()
    for first in range(0, len(pages), per_batch):
        events = [e for page in pages[first : first + per_batch] for e in page]
        ids = {e.checkout_form_id for e in events if e.checkout_form_id} - seen
        if ids:
            since = min(e.occurred_at for e in events) - timedelta(seconds=1)
            seen |= set(client.checkout_forms_by_id(ids, updated_gte=since)) | ids
    return len(seen), client.calls - start_calls, time.perf_counter() - started


def naive(client, ids: list[str]) -> tuple[int, int, float]:
    """The baseline: one GET per checkout form."""
    start_calls, started = client.calls, time.perf_counter()
    for form_id in ids:
        client.checkout_form(form_id)
    return len(ids), client.calls - start_calls, time.perf_counter() - started


def measure(url: str, baseline: int, per_batch: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        client = open_client(manifest_for(url, Path(folder) / "tokens.json"), policy=FAST)
        pages, journal_calls, journal_seconds = read_journal(client)
        events = sum(map(len, pages))
        print(f"read {events:,} events; batched form reads…", file=sys.stderr)
        orders, calls_b, seconds_b = batched(client, pages, per_batch)
        ids = list(dict.fromkeys(e.checkout_form_id for p in pages for e in p if e.checkout_form_id))[:baseline]
        print(f"baseline: {len(ids):,} single GETs…", file=sys.stderr)
        orders_n, calls_n, seconds_n = naive(client, ids)
        started = time.perf_counter()
        for _ in range(20):
            client._forms_page([("limit", 100), ("offset", 9900), ("sort", "updatedAt")])
        deep_ms = (time.perf_counter() - started) / 20 * 1000
    share = orders_n / orders  # the baseline reads the same journal, pro rata
    per_k_batched = 1000 * (journal_calls + calls_b) / orders
    per_k_naive = 1000 * (calls_n + journal_calls * share) / orders_n
    rate_batched = orders / (journal_seconds + seconds_b)
    rate_naive = orders_n / (seconds_n + journal_seconds * share)
    return {
        "batch_pages": per_batch,
        "orders": orders,
        "events": events,
        "batched": {"calls_per_1000_orders": round(per_k_batched, 1), "orders_per_s": round(rate_batched)},
        "naive_baseline": {"calls_per_1000_orders": round(per_k_naive, 1), "orders_per_s": round(rate_naive)},
        "calls_ratio_naive_over_batched": round(per_k_naive / per_k_batched, 1),
        "speed_ratio_batched_over_naive": round(rate_batched / rate_naive, 1),
        "deep_listing_page_ms": round(deep_ms, 2),
    }


def report(result: dict, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(result))
        return
    b, n = result["batched"], result["naive_baseline"]
    print(
        f"orders pulled: {result['orders']:,} ({result['events']:,} events); "
        f"simulator seeded at {result['seed_orders_per_s']:,} orders/s"
    )
    print(f"batched : {b['calls_per_1000_orders']:8.1f} API calls / 1,000 orders  {b['orders_per_s']:8,} orders/s")
    print(
        f"baseline: {n['calls_per_1000_orders']:8.1f} API calls / 1,000 orders  {n['orders_per_s']:8,} orders/s"
        "  (one GET per form)"
    )
    print(
        f"ratio   : {result['calls_ratio_naive_over_batched']}x fewer calls, "
        f"{result['speed_ratio_batched_over_naive']}x the baseline's orders/s"
    )
    print(f"a listing page at offset 9,900: {result['deep_listing_page_ms']:.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--baseline", type=int, default=3_000, help="forms read one by one for the baseline")
    parser.add_argument("--batch-pages", type=int, default=10, help="event pages (1,000 each) per batched form read")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    print(f"seeding {args.orders:,} orders…", file=sys.stderr)
    command = [sys.executable, "-m", "plugin", "simulator", "--port", "0", "--format", "json", "--seed", "1"]
    started = time.perf_counter()
    sim = subprocess.Popen([*command, "--orders", str(args.orders)], stdout=subprocess.PIPE, text=True)
    try:
        url = json.loads(sim.stdout.readline())["url"]
        seed_seconds = time.perf_counter() - started
        result = measure(url, args.baseline, args.batch_pages)
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    result["seed_orders_per_s"] = round(args.orders / seed_seconds)
    report(result, args.format)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
