"""``allegro-sync demo --shop shoper``: both simulators, the orders in a local Shoper, its state left in the folder."""

from __future__ import annotations

import json

from plugin.cli import main


def test_the_shoper_demo_fills_a_local_shoper_and_leaves_its_state(tmp_path, capsys):
    target = tmp_path / "demo"
    assert (
        main(
            ["demo", "--shop", "shoper", "--orders", "15", "--archived", "2", "--dir", str(target), "--format", "json"]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    state = json.loads((target / "shoper-state.json").read_text(encoding="utf-8"))
    assert report["orders_imported"] == len(state["orders"]) > 0 and not report["errors"]
    assert all(str(order["origin"]) == "3" for order in state["orders"])
    assert len(state["auction_orders"]) == len(state["orders"])
    assert len(list((target / "outbox").glob("*.eml"))) == report["emails_sent"] > 0
    assert "type: shoper" in (target / "allegro-sync.yaml").read_text(encoding="utf-8")
    assert (target / "shoper-state.json").stat().st_mode & 0o077 == 0  # buyers' names and addresses: owner only
    capsys.readouterr()
    assert main(["status", str(target / "allegro-sync.yaml"), "--offline", "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["last_run"]["command"] == "demo"  # the demo's pass is in the run history, as for sqlite
    assert status["orders_imported"]["today"] == report["orders_imported"]
    assert main(["demo", "--shop", "shoper", "--dir", str(target)]) == 2  # never overwrites a demo
