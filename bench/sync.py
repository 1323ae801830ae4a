"""Backfill benchmark: N orders from the loopback simulator into a fresh SQLite shop, end to end.

For each size (1k, 10k, 100k; ``--max`` caps it) a simulator is seeded in this process and a real
``allegro-sync run`` process backfills it. Printed per size: orders/s, API calls per order, the run's peak
memory (VmHWM of its own process), and two ratios against baselines measured in the same run:
``vs read`` = run time / time of a process that only reads the same listing (same filters) with the client
(what the engine and the shop add), and ``mem vs first`` = peak memory / the smallest size's peak (flat ≈ 1).

Then the events phase: 10 % more orders arrive (2 % of them combined payments, whose old forms Allegro
removes) and a second ``run`` follows the journal under a manifest that also reacts to BOUGHT and FILLED_IN
(so old forms have events the rules want). Printed: API calls per 1,000 followed orders, the single GETs
that answered 404, and ``vs 1 GET/form`` = follow calls / one GET per form the rules wanted (same run).

Then a busy account: 38,000 orders in the last 72 h are backfilled, and three follow-up runs each find 2,000
new purchases (bought over the last 3 h, their lifecycles played up to now) and 300 older orders the buyers
modified. Printed per follow-up: imported orders, API calls, calls per imported order (goal ≤ 0.1) and
``vs 1 GET/form`` = calls / one GET per checkout form the run applied (same run).

    python bench/sync.py [--max 10000] [--busy-only]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugin.simulator.seller_catalog import catalog_from  # noqa: E402
from plugin.simulator.server import start_simulator  # noqa: E402
from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET, build_demo  # noqa: E402

PRODUCTS = catalog_from(None)

SIZES = (1_000, 10_000, 100_000)
READ_ONLY = """
from datetime import UTC, datetime
from plugin.validation import load_manifest
from plugin.sync.apply import connected_since
from plugin.sync.runner import open_source
manifest = load_manifest(ARGS[0])
client = open_source(manifest)
forms = client.checkout_forms(bought_gte=connected_since(manifest), bought_lte=datetime.now(UTC))
count = sum(1 for _ in forms)
print(count, client.calls)
"""
FOLLOW_RULE = """
rules:
  - name: see purchases before payment
    events: [BOUGHT, FILLED_IN]
    handlers: [update_order]
"""
RUN = """
from plugin.cli import main
CODE = main(["run", ARGS[0], "--format", "json"])
"""
#: The child reports its own peak RSS (VmHWM, reset by exec; wait4's ru_maxrss would include the pages the
#: child shared with this parent, which holds the seeded simulator, before its exec).
WRAPPER = """
import sys
ARGS, CODE = sys.argv[2:], 0
exec(compile(sys.argv[1], "bench", "exec"))
with open("/proc/self/status") as status:
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
print(peak_kib, file=sys.stderr)
sys.exit(CODE)
"""


def measure(size: int, folder: Path) -> dict[str, float]:
    print(f"seeding the simulator with {size:,} orders …", file=sys.stderr, flush=True)
    with start_simulator(products=list(PRODUCTS), orders=size, archived=0, seed=size) as simulator:
        files, _ = build_demo(folder, simulator.url, PRODUCTS)
        text = files.manifest.read_text()
        text = text.replace("send_confirmation_email: true", "send_confirmation_email: false")
        files.manifest.write_text(text.replace("register_customers: true", "register_customers: false"))
        read_s, read_mb, read_out = run_child(READ_ONLY, str(files.manifest))
        run_s, run_mb, run_out = run_child(RUN, str(files.manifest))
        follow = measure_follow(simulator, files.manifest, max(size // 10, 100))
    report = json.loads(run_out)
    imported = report["orders_imported"]
    return {
        **follow,
        "size": size,
        "imported": imported,
        "orders_per_s": imported / run_s,
        "calls_per_order": report["api_calls"] / max(imported, 1),
        "peak_mb": run_mb,
        "read_s": read_s,
        "run_s": run_s,
        "read_mb": read_mb,
        "forms_read": int(read_out.split()[0]),
    }


def measure_follow(simulator: Any, manifest: Path, count: int) -> dict[str, float]:
    """New orders after the backfill, followed through the journal by a second run."""
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(FOLLOW_RULE)
    state = simulator.state
    head = len(state.journal)
    removed_before = set(state.removed)
    state.add_orders(count)
    new_forms = {entry.form_id for entry in state.journal.entries[head:]}
    follow_s, _, out = run_child(RUN, str(manifest))
    report = json.loads(out)
    return {
        "follow_orders": count,
        "follow_forms": len(new_forms),
        "follow_removed": len(new_forms & (set(state.removed) - removed_before)),
        "follow_calls": report["api_calls"],
        "follow_s": follow_s,
    }


BUSY_ORDERS, BUSY_NEW, BUSY_MODIFIED, BUSY_ROUNDS = 38_000, 2_000, 300, 3


def measure_busy(folder: Path) -> list[dict[str, float]]:
    """Follow-up runs on a busy account: wanted forms spread thinly in the listing by ``updatedAt``."""
    import random

    print(f"seeding the simulator with {BUSY_ORDERS:,} orders in the last 72 h …", file=sys.stderr, flush=True)
    rows = []
    with start_simulator(products=list(PRODUCTS), orders=BUSY_ORDERS, archived=0, seed=38) as simulator:
        files, _ = build_demo(folder, simulator.url, PRODUCTS)
        text = files.manifest.read_text().replace("send_confirmation_email: true", "send_confirmation_email: false")
        files.manifest.write_text(text.replace("register_customers: true", "register_customers: false"))
        run_child(RUN, str(files.manifest))  # the backfill
        rng, state = random.Random(38), simulator.state
        for _ in range(BUSY_ROUNDS):
            state.add_orders(BUSY_NEW)
            paid = [form_id for form_id, form in state.store.forms.items() if form["status"] == "READY_FOR_PROCESSING"]
            for form_id in rng.sample(sorted(paid), BUSY_MODIFIED):
                state.modify(form_id)
            seconds, _, out = run_child(RUN, str(files.manifest))
            report = json.loads(out)
            rows.append({**report, "seconds": seconds})
    return rows


def run_child(code: str, *args: str) -> tuple[float, int, str]:
    """Wall seconds, the child's own peak RSS in MiB and its stdout."""
    env = {**os.environ, SECRET_ENV: SIMULATOR_SECRET, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", WRAPPER, code, *args], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 1):
        raise SystemExit(f"benchmark child failed ({child.returncode}):\n{child.stderr[-3000:]}")
    return seconds, int(child.stderr.split()[-1]) // 1024, child.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest size to run (default: %(default)s)")
    parser.add_argument("--busy-only", action="store_true", help="only the busy-account follow-up runs")
    args = parser.parse_args()
    sizes = [s for s in SIZES if s <= args.max] or [args.max]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        busy = measure_busy(Path(tmp) / "busy")
        for size in [] if args.busy_only else sizes:
            rows.append(measure(size, Path(tmp) / str(size)))
    print(f"busy account ({BUSY_ORDERS:,} orders in 72 h): follow-up runs")
    print(
        f"{'run':>4} {'imported':>9} {'updated':>8} {'applied':>8} {'API calls':>10} {'calls/order':>12}"
        f" {'vs 1 GET/form':>14}"
    )
    for n, row in enumerate(busy, start=1):
        applied = row["forms_applied"] or 1
        print(
            f"{n:>4} {row['orders_imported']:>9,} {row['orders_updated']:>8,} {row['forms_applied']:>8,}"
            f" {row['api_calls']:>10,} {row['api_calls'] / max(row['orders_imported'], 1):>12.3f}"
            f" {row['api_calls'] / applied:>13.3f}x"
        )
    print("calls/order = API calls / orders imported (goal ≤ 0.1); vs 1 GET/form = calls / forms applied\n")
    if not rows:
        return 0
    first = rows[0]["peak_mb"] or 1
    print(
        f"{'orders':>8} {'imported':>9} {'orders/s':>9} {'calls/order':>12} {'peak MiB':>9} {'mem vs first':>13} "
        f"{'vs read':>8}"
    )
    for row in rows:
        print(
            f"{row['size']:>8,} {row['imported']:>9,} {row['orders_per_s']:>9,.0f} {row['calls_per_order']:>12.4f} "
            f"{row['peak_mb']:>9} {row['peak_mb'] / first:>12.2f}x {row['run_s'] / row['read_s']:>7.2f}x"
        )
    print("vs read = run time / a read-only pass over the same listing (client only, same machine, same run)")
    print(
        f"\n{'follow':>8} {'forms':>7} {'combined away':>14} {'API calls':>10} {'calls/1k orders':>16} "
        f"{'vs 1 GET/form':>14} {'seconds':>8}"
    )
    for row in rows:
        print(
            f"{row['follow_orders']:>8,} {row['follow_forms']:>7,} {row['follow_removed']:>14,} "
            f"{row['follow_calls']:>10,} {1000 * row['follow_calls'] / row['follow_orders']:>16.1f} "
            f"{row['follow_calls'] / max(row['follow_forms'], 1):>13.3f}x {row['follow_s']:>8.2f}"
        )
    print("follow = a second run over the journal after new orders arrived; its rules also react to BOUGHT and")
    print("FILLED_IN; vs 1 GET/form = its API calls / one GET per checkout form in the new events (same run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
