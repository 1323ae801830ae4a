"""Backfill benchmark: N orders from the loopback simulator into a fresh SQLite shop, end to end.

For each size (1k, 10k, 100k; ``--max`` caps it) a simulator is seeded in this process and a real
``allegro-sync run`` process backfills it. Printed per size: orders/s, API calls per order, the run's peak
memory (VmHWM of its own process), and two ratios against baselines measured in the same run:
``vs read`` = run time / time of a process that only reads the same listing (same filters) with the client
(what the engine and the shop add), and ``mem vs first`` = peak memory / the smallest size's peak (flat ≈ 1).

    python bench/sync.py [--max 10000]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugin.simulator.catalog import catalog_from  # noqa: E402
from plugin.simulator.server import start_simulator  # noqa: E402
from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET, build_demo  # noqa: E402

PRODUCTS = catalog_from(None)

SIZES = (1_000, 10_000, 100_000)
READ_ONLY = """
from datetime import UTC, datetime
from plugin.manifest import load_manifest
from plugin.sync.apply import connected_since
from plugin.sync.runner import open_source
manifest = load_manifest(ARGS[0])
client = open_source(manifest)
forms = client.checkout_forms(bought_gte=connected_since(manifest), bought_lte=datetime.now(UTC))
count = sum(1 for _ in forms)
print(count, client.calls)
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
    report = json.loads(run_out)
    imported = report["orders_imported"]
    return {
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
    args = parser.parse_args()
    sizes = [s for s in SIZES if s <= args.max] or [args.max]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        for size in sizes:
            rows.append(measure(size, Path(tmp) / str(size)))
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
