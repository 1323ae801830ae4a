"""``allegro-sync validate`` against ``check-jsonschema`` on the same manifest and schema, on equal terms.

Each tool runs from its own clean virtualenv, as pre-commit would install it: check-jsonschema's holds only
check-jsonschema and its dependencies, ours only allegro-sync's runtime dependencies (``install_requires`` in
setup.cfg) with this checkout's ``plugin`` on the path. The benchmark builds both once under ``bench/.venv-*``
(git-ignored; needs the package registry) or takes them by path. Both run as fresh subprocesses (start-up is most
of what a pre-commit hook or CI step pays), several times each, interleaved so machine noise hits both alike; the
figure is the ratio of medians (target ≤ 0.6). Ours does more: schema, semantic checks and rendering every enabled
email template in every language. Ours keeps compiled templates in the user's cache folder, as Python keeps
.pyc files; "warm" runs find them there (a pre-commit hook from its second run), "cold" runs start from an empty
cache folder each time (a fresh CI container), and both are reported. The bundled templates also ship compiled
(``plugin/emails/precompiled/``), so a cold run compiles only an integrator's own templates. Our checkout is
byte-compiled first, as pip compiles an installed package such as check-jsonschema.

    python bench/validate.py [--runs N] [--manifest FILE] [--format text|json]
                             [--check-jsonschema PATH] [--python PATH]
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "manifest.schema.json"
ENV = {
    **os.environ,
    "ALLEGRO_CLIENT_ID": "bench-client",
    "ALLEGRO_CLIENT_SECRET": "bench-secret",
    "SMTP_PASSWORD": "bench-password",
    "PYTHONPATH": str(ROOT),
}
ENV.pop("PYTHONSTARTUP", None)


def venv(name: str, packages: list[str]) -> Path:
    """``bench/.venv-<name>`` with ``packages`` installed (built once); its bin folder."""
    folder = ROOT / "bench" / f".venv-{name}"
    ready = folder / "installed.txt"
    want = "\n".join(packages)
    if not ready.exists() or ready.read_text(encoding="utf-8") != want:
        print(f"building {folder.relative_to(ROOT)} (once): {' '.join(packages)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
        pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, *packages], check=True)
        ready.write_text(want, encoding="utf-8")
    return folder / "bin"


def runtime_requirements() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return [line.strip() for line in config["options"]["install_requires"].splitlines() if line.strip()]


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each run, by tool: less noisy than wall time


def timed(command: list[str], cache: str | None = None, tool: str = "") -> float:
    env = ENV if cache is None else {**ENV, "XDG_CACHE_HOME": cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        sys.exit(f"{command[0]} failed ({run.returncode}): {run.stdout.decode()} {run.stderr.decode()}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU.setdefault(tool, []).append(cpu)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--manifest", type=Path, default=ROOT / "examples" / "full.yaml")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--check-jsonschema", type=Path, help="a check-jsonschema executable in its own install")
    parser.add_argument("--python", type=Path, help="a Python with allegro-sync's dependencies (a clean venv)")
    args = parser.parse_args()
    checker = args.check_jsonschema or venv("check-jsonschema", ["check-jsonschema"]) / "check-jsonschema"
    python = args.python or venv("allegro-sync", runtime_requirements()) / "python"
    manifest = str(args.manifest.resolve())
    ours_cmd = [str(python), "-m", "plugin", "validate", manifest]
    theirs_cmd = [str(checker), "--schemafile", str(SCHEMA), manifest]
    # pip byte-compiles an installed package (check-jsonschema's venv has its .pyc files); our checkout is on the
    # path instead, so compile it the same way, or a PYTHONDONTWRITEBYTECODE=1 machine recompiles it every run
    subprocess.run([str(python), "-m", "compileall", "-q", str(ROOT / "plugin")], check=True, env=ENV)
    warm = tempfile.mkdtemp(prefix="bench-validate-cache-")
    timed(ours_cmd, warm), timed(theirs_cmd)  # warm the file cache for both (and ours' compiled templates)
    ours, cold, theirs = [], [], []
    for run in range(args.runs):
        if sys.stderr.isatty():
            print(f"run {run + 1}/{args.runs}", file=sys.stderr)
        ours.append(timed(ours_cmd, warm, "ours"))
        with tempfile.TemporaryDirectory(prefix="bench-validate-cold-") as empty:
            cold.append(timed(ours_cmd, empty, "cold"))
        theirs.append(timed(theirs_cmd, tool="theirs"))
    figures = {
        "manifest": str(args.manifest.relative_to(ROOT) if args.manifest.is_relative_to(ROOT) else args.manifest),
        "runs": args.runs,
        "allegro_sync_median_s": round(statistics.median(ours), 3),
        "allegro_sync_cold_median_s": round(statistics.median(cold), 3),
        "check_jsonschema_median_s": round(statistics.median(theirs), 3),
        "allegro_sync_best_s": round(min(ours), 3),
        "allegro_sync_cold_best_s": round(min(cold), 3),
        "check_jsonschema_best_s": round(min(theirs), 3),
        "ratio": round(statistics.median(ours) / statistics.median(theirs), 3),
        "ratio_cold": round(statistics.median(cold) / statistics.median(theirs), 3),
        "cpu_allegro_sync_median_s": round(statistics.median(CPU["ours"]), 3),
        "cpu_allegro_sync_cold_median_s": round(statistics.median(CPU["cold"]), 3),
        "cpu_check_jsonschema_median_s": round(statistics.median(CPU["theirs"]), 3),
        "cpu_ratio": round(statistics.median(CPU["ours"]) / statistics.median(CPU["theirs"]), 3),
        "cpu_ratio_cold": round(statistics.median(CPU["cold"]) / statistics.median(CPU["theirs"]), 3),
    }
    if args.format == "json":
        print(json.dumps(figures))
    else:
        print(
            f"validate {figures['manifest']} ({args.runs} runs each, fresh processes, each tool in its own venv)\n"
            f"  allegro-sync validate       : {figures['allegro_sync_median_s']:.3f} s median, "
            f"{figures['allegro_sync_best_s']:.3f} s best (templates compiled by an earlier run)\n"
            f"  allegro-sync validate, cold : {figures['allegro_sync_cold_median_s']:.3f} s median, "
            f"{figures['allegro_sync_cold_best_s']:.3f} s best (empty cache folder)\n"
            f"  check-jsonschema            : {figures['check_jsonschema_median_s']:.3f} s median, "
            f"{figures['check_jsonschema_best_s']:.3f} s best (baseline, same run)\n"
            f"  ratio                       : {figures['ratio']:.2f} x the baseline warm, "
            f"{figures['ratio_cold']:.2f} x cold (target <= 0.6; lower is faster)\n"
            f"  CPU time (user + system)    : {figures['cpu_allegro_sync_median_s']:.3f} s warm, "
            f"{figures['cpu_allegro_sync_cold_median_s']:.3f} s cold "
            f"vs {figures['cpu_check_jsonschema_median_s']:.3f} s: "
            f"{figures['cpu_ratio']:.2f} x warm, {figures['cpu_ratio_cold']:.2f} x cold"
        )
    shutil.rmtree(warm, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
