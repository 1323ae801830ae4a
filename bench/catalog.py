"""Catalogue benchmark: ``shop init --products`` for 5k / 20k / 200k rows, end to end through the CLI.

Per size: the seconds (wall, and CPU since the machine may be shared) `allegro-sync shop init` takes in a real
process (reading and checking the CSV, writing the products into a fresh shop.db), and ``vs raw`` = its CPU time /
that of a process doing only the floor of the job on the same file: ``csv.reader`` over it and one
``executemany`` of the rows into a SQLite table of the same shape (no checks, no messages).
Goal: 200k rows in under 5 s (it was quadratic: 6 min 21 s).

    python bench/catalog.py [--max 20000]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (5_000, 20_000, 200_000)
MANIFEST = """\
version: 1
shop:
  name: Sklep Bench
  url: https://sklep-bench.example.pl
  backend: {type: sqlite, path: ./shop.db}
allegro:
  environment: local
  api_url: http://127.0.0.1:9
  client_id: local-client
  client_secret: ${ALLEGRO_DEMO_SECRET}
  connected_since: 2026-11-01
sync: {import_orders: true}
"""
RAW = """
import csv, sqlite3, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]
conn = sqlite3.connect(sys.argv[2])
conn.execute("CREATE TABLE products (code TEXT PRIMARY KEY, name TEXT NOT NULL, stock INTEGER, price TEXT)")
with conn:
    conn.executemany("INSERT INTO products VALUES (?,?,?,?)", rows)
"""


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("code,name,stock,price\n")
        for n in range(rows):
            out.write(f"SKU-{n:07d},Produkt testowy nr {n} „Zażółć”,{n % 500},{(n % 9000) / 100 + 1:.2f}\n")


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ALLEGRO_DEMO_SECRET": "local-secret"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=3600, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest size to run")
    args = parser.parse_args()
    print(f"{'rows':>8} {'shop init s':>12} {'cpu s':>7} {'raw s':>7} {'raw cpu':>8} {'vs raw (cpu)':>13}")
    for size in (s for s in SIZES if s <= args.max):
        with tempfile.TemporaryDirectory() as folder:
            place = Path(folder)
            csv_path = place / "catalog.csv"
            write_csv(csv_path, size)
            (place / "allegro-sync.yaml").write_text(MANIFEST, encoding="utf-8")
            ours, ours_cpu = timed([sys.executable, "-m", "plugin", "shop", "init", "allegro-sync.yaml", "--products",
                          str(csv_path)], place)  # fmt: skip
            raw, raw_cpu = timed([sys.executable, "-c", RAW, str(csv_path), str(place / "raw.db")], place)
            print(f"{size:>8,} {ours:>12.2f} {ours_cpu:>7.2f} {raw:>7.2f} {raw_cpu:>8.2f} {ours_cpu / raw_cpu:>12.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
