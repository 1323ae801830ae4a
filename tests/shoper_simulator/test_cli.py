"""``allegro-sync shoper-simulator`` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests

from plugin.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_the_command_serves_the_catalog_with_the_chosen_bucket(tmp_path: Path) -> None:
    catalog = tmp_path / "produkty.csv"
    catalog.write_text("code,name,stock,price\nSKU-1,Kubek „Łódź”,50,19.99\nSKU-2,Miód gryczany,40,32.00\n")
    command = [sys.executable, "-m", "plugin", "shoper-simulator", "--port", "0", "--format", "json"]
    process = subprocess.Popen(
        [*command, "--products", str(catalog), "--bucket-size", "4", "--drain", "2", "--seed", "3", "--customers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    try:
        announced = json.loads(process.stdout.readline())
        headers = {"Authorization": "Bearer local-token-api"}
        answer = requests.get(f"{announced['api_url']}/product-stocks", headers=headers, timeout=5)
        state = requests.get(f"{announced['url']}/_simulator/state", timeout=5).json()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert announced["products"] == 2 and announced["port"] > 0 and announced["customers"] == 2
    assert len(state["users"]) == 2 and all(u["origin"] == "0" for u in state["users"])
    assert [row["code"] for row in answer.json()["list"]] == ["SKU-1", "SKU-2"]
    assert answer.headers["X-Shop-Api-Limit"] == "4" and answer.headers["X-Shop-Api-Bandwidth"] == "2"
    assert state["stock"] == {"SKU-1": "50", "SKU-2": "40"}


def test_a_bad_catalog_exits_2_naming_the_line(tmp_path: Path, capsys) -> None:
    catalog = tmp_path / "zle.csv"
    catalog.write_text("code,name,stock,price\nSKU-1,Kubek,dużo,19.99\n")
    assert main(["shoper-simulator", "--products", str(catalog), "--port", "0"]) == 2
    assert "zle.csv:2: field 'stock'" in capsys.readouterr().err


def test_bad_bucket_options_are_usage_errors(capsys) -> None:
    assert main(["shoper-simulator", "--bucket-size", "0"]) == 2
    assert main(["shoper-simulator", "--drain", "zero"]) == 2
    assert "--drain" in capsys.readouterr().err
