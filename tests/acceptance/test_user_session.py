"""A shop owner's session end to end: JSON on stdout only, no secret in any output, Ctrl-C stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from plugin.simulator.server import RunningSimulator
from plugin.sync.demo import SIMULATOR_SECRET, DemoFiles
from tests.acceptance.helpers import run_cli

JSON_COMMANDS = [
    ("plan", "{manifest}", "--format", "json"),
    ("run", "{manifest}", "--once", "--format", "json", "--log-format", "json"),
    ("emails", "send", "{manifest}", "--format", "json"),
    ("emails", "preview", "{manifest}", "--out", "{folder}/preview", "--format", "json"),
    ("connect", "{manifest}", "--format", "json"),
    ("validate", "{manifest}", "--format", "json"),
    ("shop", "init", "{manifest}", "--format", "json"),
]


def test_json_output_is_only_json_and_carries_no_secret(shop: DemoFiles, capsys) -> None:
    seen = []
    for template in JSON_COMMANDS:
        argv = [part.format(manifest=shop.manifest, folder=shop.folder) for part in template]
        code, out, err = run_cli(capsys, *argv)
        assert code == 0, (argv, err)
        json.loads(out)  # one document, nothing else on stdout
        seen.append(out + err)
    tokens = json.loads((shop.folder / "tokens.json").read_text(encoding="utf-8"))
    for text in seen:
        assert SIMULATOR_SECRET not in text
        assert tokens["access_token"] not in text and tokens["refresh_token"] not in text


def test_ctrl_c_between_passes_stops_a_follow_run_cleanly(shop: DemoFiles, simulator: RunningSimulator) -> None:
    env = {**os.environ, "ALLEGRO_DEMO_SECRET": SIMULATOR_SECRET}
    command = [sys.executable, "-m", "plugin", "run", str(shop.manifest), "--follow", "--interval", "30"]
    process = subprocess.Popen(
        [*command, "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        first = json.loads(process.stdout.readline())  # one pass done; now it sleeps until the next
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert first["orders_imported"] > 0 and rest == ""
    assert process.returncode == 0  # Ctrl-C between passes is how --follow is meant to stop
    last = err.strip().splitlines()[-1]
    assert "Traceback" not in err and "allegro-sync: info: stopped: between passes" in last
