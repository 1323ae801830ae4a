"""``allegro-sync validate`` against ``check-jsonschema`` on the same manifest and schema.

Both run as fresh subprocesses (start-up is most of what a pre-commit hook or CI step pays), several times
each, interleaved so machine noise hits both alike; the figure is the ratio of medians (target ≤ 1).

    python bench/validate.py [--runs N] [--manifest FILE] [--format text|json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "manifest.schema.json"
ENV = {**os.environ, "ALLEGRO_CLIENT_ID": "bench-client", "ALLEGRO_CLIENT_SECRET": "bench-secret"}


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, env=ENV, check=False)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"{command[0]} failed ({run.returncode}): {run.stdout.decode()} {run.stderr.decode()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--manifest", type=Path, default=ROOT / "examples" / "full.yaml")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    checker = shutil.which("check-jsonschema")
    if checker is None:
        sys.exit("check-jsonschema is not installed: pip install -e '.[bench]'")
    ours_cmd = [sys.executable, "-m", "plugin", "validate", str(args.manifest)]
    theirs_cmd = [checker, "--schemafile", str(SCHEMA), str(args.manifest)]
    timed(ours_cmd), timed(theirs_cmd)  # warm the file cache for both
    ours, theirs = [], []
    for run in range(args.runs):
        print(f"run {run + 1}/{args.runs}", file=sys.stderr)
        ours.append(timed(ours_cmd))
        theirs.append(timed(theirs_cmd))
    figures = {
        "manifest": str(args.manifest.relative_to(ROOT) if args.manifest.is_relative_to(ROOT) else args.manifest),
        "runs": args.runs,
        "allegro_sync_median_s": round(statistics.median(ours), 3),
        "check_jsonschema_median_s": round(statistics.median(theirs), 3),
        "ratio": round(statistics.median(ours) / statistics.median(theirs), 3),
    }
    if args.format == "json":
        print(json.dumps(figures))
    else:
        print(
            f"validate {figures['manifest']} ({args.runs} runs, median wall time, fresh processes)\n"
            f"  allegro-sync validate : {figures['allegro_sync_median_s']:.3f} s\n"
            f"  check-jsonschema      : {figures['check_jsonschema_median_s']:.3f} s (baseline, same run)\n"
            f"  ratio                 : {figures['ratio']:.2f} x the baseline (target <= 1; lower is faster)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
