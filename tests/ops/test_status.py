"""`status`: what happened last night and what waits for a person, in one command; exit 0 healthy, 1 otherwise."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import requests

from plugin.simulator.server import RunningSimulator
from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import run_cli
from tests.sync.simulated import shop_without_stock


def _status(capsys, manifest: Path, *extra: str) -> tuple[int, dict]:
    code, out, _ = run_cli(capsys, "status", str(manifest), "--format", "json", *extra)
    return code, json.loads(out)


def test_a_healthy_shop_after_a_run(shop: DemoFiles, simulator: RunningSimulator, capsys) -> None:
    code, out, _ = run_cli(capsys, "run", str(shop.manifest), "--format", "json")
    imported = json.loads(out)["orders_imported"]
    assert code == 0 and imported > 0
    code, data = _status(capsys, shop.manifest)
    assert code == 0 and data["healthy"] and data["needs"] == []
    assert data["last_run"]["result"] == "ok" and data["last_run"]["counts"]["orders_imported"] == imported
    assert data["orders_imported"] == {"today": imported, "this_week": imported}
    assert data["allegro"]["up_to_date"] and data["allegro"]["behind_events"] == 0
    assert data["emails"]["sent"] > 0 and data["emails"]["failed"] == 0
    assert data["offers"]["known"] is False and "push_stock" in data["offers"]["note"]  # said, not invented

    requests.post(f"{simulator.url}/_simulator/orders", json={"count": 3}, timeout=5).raise_for_status()
    code, data = _status(capsys, shop.manifest)
    assert code == 0 and not data["allegro"]["up_to_date"] and data["allegro"]["behind_events"] > 0

    code, out, _ = run_cli(capsys, "status", str(shop.manifest))
    assert code == 0 and out.startswith("allegro-sync status: healthy") and "imported today" in out


def test_set_aside_orders_and_failed_emails_need_a_person(tmp_path: Path, simulator: RunningSimulator, capsys) -> None:
    files = shop_without_stock(tmp_path, simulator.url)
    capsys.readouterr()
    assert run_cli(capsys, "run", str(files.manifest))[0] == 1
    conn = sqlite3.connect(files.shop)
    with conn:
        conn.execute(
            "INSERT INTO outbox (message_id, template, recipient, language, context_json, status, created_at)"
            " VALUES ('<x@y>', 'order_confirmation', 'a@b.pl', 'pl', '{}', 'failed', '2026-01-01T00:00:00')"
        )
    conn.close()
    code, data = _status(capsys, files.manifest, "--offline")
    assert code == 1 and not data["healthy"] and data["allegro"] == {"asked": False}
    assert data["last_run"]["result"] == "partial" and data["quarantine"]["waiting"] > 0
    assert (
        data["quarantine"]["by_reason"][0]["orders"] >= 1 and "in stock" in data["quarantine"]["by_reason"][0]["reason"]
    )
    assert any("quarantine MANIFEST" in need for need in data["needs"])
    assert any("1 failed email" in need for need in data["needs"])
    code, out, _ = run_cli(capsys, "status", str(files.manifest), "--offline")
    assert code == 1 and "waits for a person:" in out and "in stock" in out


def test_a_failed_run_is_remembered(shop: DemoFiles, capsys, tmp_path: Path) -> None:
    assert run_cli(capsys, "run", str(shop.manifest))[0] == 0
    lines = shop.manifest.read_text(encoding="utf-8").splitlines()
    offline = shop.folder / "offline.yaml"  # same store, Allegro gone
    offline.write_text(
        "\n".join("  api_url: http://127.0.0.1:1" if line.startswith("  api_url:") else line for line in lines) + "\n",
        encoding="utf-8",
    )
    assert run_cli(capsys, "run", str(offline))[0] == 3
    code, data = _status(capsys, offline)
    assert code == 1 and data["last_run"]["result"] == "allegro" and data["last_run"]["exit_code"] == 3
    assert "no answer" in data["last_run"]["message"] and "no answer" in data["allegro"]["error"]
    assert any("the last run failed (allegro)" in need for need in data["needs"])


def test_status_of_a_missing_shop_is_shop_unavailable(shop: DemoFiles, capsys) -> None:
    shop.shop.unlink()
    code, out, _ = run_cli(capsys, "status", str(shop.manifest), "--format", "json")
    assert code == 4 and json.loads(out)["error"]["class"] == "shop"
