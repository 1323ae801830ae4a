"""``allegro-sync simulator`` and ``allegro-sync connect`` as a user runs them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from plugin.cli import main
from plugin.simulator import RunningSimulator, start_simulator


def test_simulator_command_serves_seeded_orders_until_stopped(tmp_path: Path) -> None:
    catalog = tmp_path / "produkty.csv"
    catalog.write_text("code,name,stock,price\nSKU-1,Kubek „Łódź”,50,19.99\nSKU-2,Miód gryczany,40,32.00\n")
    command = [sys.executable, "-m", "plugin", "simulator", "--port", "0", "--format", "json"]
    process = subprocess.Popen(
        [*command, "--orders", "12", "--archived", "3", "--products", str(catalog)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        announced = json.loads(process.stdout.readline())
        state = requests.get(f"{announced['url']}/_simulator/state", timeout=5).json()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert state["orders_total"] == 15 == sum(announced["orders"].values())
    assert {o["external_id"] for o in state["offers"]} == {"SKU-1", "SKU-2"}


def test_simulator_command_reports_a_bad_catalog_with_its_line(tmp_path: Path, capsys) -> None:
    catalog = tmp_path / "zle.csv"
    catalog.write_text("code,name,stock,price\nSKU-1,Kubek,dużo,19.99\n")
    assert main(["simulator", "--products", str(catalog), "--port", "0"]) == 2
    assert "zle.csv:2: field 'stock'" in capsys.readouterr().err


@pytest.fixture
def running() -> RunningSimulator:
    with start_simulator(orders=3) as sim:
        yield sim


def _manifest(folder: Path, url: str) -> Path:
    path = folder / "allegro.yaml"
    path.write_text(
        "version: 1\n"
        "shop: {name: Sklep Testowy, url: https://sklep.example.pl}\n"
        f"allegro:\n  environment: local\n  api_url: {url}\n  client_id: local-client\n"
        "  client_secret: ${TEST_ALLEGRO_SECRET}\n  connected_since: 2026-11-01\n",
        encoding="utf-8",
    )
    return path


def test_connect_prints_the_code_and_stores_private_tokens(running, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TEST_ALLEGRO_SECRET", "local-secret")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["connect", str(_manifest(tmp_path, running.url)), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert "skojarz-aplikacje" in err and "confirm the code" in err
    assert result["account_id"] == running.state.seller["id"]
    assert stat.S_IMODE(os.stat(result["token_file"]).st_mode) == 0o600
    assert str(tmp_path) in result["token_file"]


def test_connect_with_a_wrong_secret_exits_2_without_a_traceback(running, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TEST_ALLEGRO_SECRET", "not-the-secret")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["connect", str(_manifest(tmp_path, running.url))]) == 2
    err = capsys.readouterr().err
    assert "client_secret" in err and "Traceback" not in err


def test_verbose_logs_never_show_tokens_or_codes(capsys) -> None:
    with start_simulator(verbose=True) as sim:
        requests.post(f"{sim.url}/auth/oauth/token?grant_type=refresh_token&refresh_token=SEKRET123", timeout=5)
        requests.post(f"{sim.url}/auth/oauth/token?device_code=KOD456&grant_type=x", timeout=5)
    err = capsys.readouterr().err
    assert "/auth/oauth/token" in err
    assert "SEKRET123" not in err and "KOD456" not in err
