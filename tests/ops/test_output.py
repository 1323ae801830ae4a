"""Output fit for logs and terminals: progress only on a terminal, timestamped --follow lines, one short line for a
quiet pass, JSON log lines, plain English; preview files private; bad arguments refused clearly."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET, DemoFiles
from tests.acceptance.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ")


def _cli(*argv: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, SECRET_ENV: SIMULATOR_SECRET, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "plugin", *argv], cwd=ROOT, env=env, text=True, **kwargs)


def test_validate_of_several_files_writes_no_progress_into_a_log(tmp_path: Path) -> None:
    err = tmp_path / "err"
    with err.open("w") as stream:
        done = _cli("validate", "examples/minimal.yaml", "examples/full.yaml", stdout=subprocess.PIPE, stderr=stream)
        done.communicate(timeout=120)
    assert "[1/2]" not in err.read_text() and re.search(r"^2 files (valid|invalid): ", err.read_text(), re.MULTILINE)


def test_follow_lines_carry_timestamps_and_a_quiet_pass_is_one_line(shop: DemoFiles) -> None:
    process = _cli(
        "run",
        str(shop.manifest),
        "--follow",
        "--interval",
        "0.2",
        "--log-format",
        "json",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    lines: list[str] = []
    try:
        while not any("nothing new" in line for line in lines):
            line = process.stdout.readline()
            assert line, "the run ended before a quiet pass"
            lines.append(line.rstrip("\n"))
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    lines += rest.splitlines()
    assert all(STAMP.match(line) for line in lines), lines
    first = [line for line in lines if "allegro-sync run: imported" in line]
    assert first and re.search(r"imported \d+ orders \(\d+ archival\)", first[0])  # not "did import 12 order(s)"
    quiet = next(line for line in lines if "nothing new" in line)
    assert re.fullmatch(STAMP.pattern + r"allegro-sync run: nothing new \(cursor .+, \d+ Allegro API calls?\)", quiet)
    records = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert records and all({"ts", "level", "event"} <= record.keys() for record in records)
    done = [record for record in records if record["event"] == "done"]
    assert len(done) >= 2 and done[0]["orders_imported"] > 0 and done[0]["level"] == "info"


def test_run_once_text_summary_reads_as_english(shop: DemoFiles, capsys) -> None:
    code, out, _ = run_cli(capsys, "run", str(shop.manifest))
    assert code == 0 and "order(s)" not in out and re.match(r"allegro-sync run: imported \d+ orders", out)
    code, out, _ = run_cli(capsys, "run", str(shop.manifest))
    assert code == 0 and len(out.strip().splitlines()) == 1 and "nothing new" in out


def test_preview_files_are_private(shop: DemoFiles, capsys, tmp_path: Path) -> None:
    out_dir = tmp_path / "preview"
    code, out, _ = run_cli(capsys, "emails", "preview", str(shop.manifest), "--out", str(out_dir), "--format", "json")
    assert code == 0
    assert stat.S_IMODE(out_dir.stat().st_mode) == 0o700
    for key in ("html", "text", "eml"):
        assert stat.S_IMODE(Path(json.loads(out)[key]).stat().st_mode) == 0o600


def test_an_older_preview_is_made_private_when_written_again(shop: DemoFiles, capsys, tmp_path: Path) -> None:
    out_dir = tmp_path / "preview"
    out_dir.mkdir()
    old = out_dir / "order_confirmation.pl.html"
    old.write_text("old")
    old.chmod(0o644)
    assert run_cli(capsys, "emails", "preview", str(shop.manifest), "--out", str(out_dir))[0] == 0
    assert stat.S_IMODE(old.stat().st_mode) == 0o600 and old.read_text() != "old"


def test_preview_of_an_empty_order_id_is_refused(shop: DemoFiles, capsys, tmp_path: Path) -> None:
    code, out, err = run_cli(
        capsys, "emails", "preview", str(shop.manifest), "--order", "", "--out", str(tmp_path / "p")
    )
    assert code == 2 and out == "" and "--order needs a checkout-form id" in err
    assert not (tmp_path / "p").exists()
