"""``plan`` on a Shoper shop writes nothing: the local Shoper's request log shows no POST, PUT or DELETE but the
login and bulk calls made only of GETs, while the plan still counts what a run would do."""

from __future__ import annotations

import json

import requests

from plugin.cli import main
from plugin.simulator.server import start_simulator
from tests.shoper_backend.shop_setup import PRODUCTS, shoper_folder


def writes(log: list[dict]) -> list[dict]:
    def reads_only(entry: dict) -> bool:
        if entry["method"] == "GET":
            return True
        if entry["method"] == "POST" and entry["path"] == "/webapi/rest/auth":
            return True  # the WebAPI user's login: Shoper stores nothing
        operations = entry.get("operations") or entry.get("body") or []
        return entry["path"] == "/webapi/rest/bulk" and all(op["method"] == "GET" for op in operations)

    return [entry for entry in log if not reads_only(entry)]


def test_plan_on_shoper_writes_nothing_and_counts_what_run_would_do(tmp_path, shoper, capsys):
    with start_simulator(products=list(PRODUCTS), orders=6, archived=0, seed=31) as allegro:
        files = shoper_folder(tmp_path, allegro.url, shoper.url, register=True)
        assert main(["run", str(files.manifest), "--format", "json"]) == 0
        imported = shoper.snapshot()
        form = imported["orders"][0]["notes_priv"].removeprefix("allegro-sync checkout form ")
        assert requests.post(f"{allegro.url}/_simulator/orders/{form}/cancel", json={}, timeout=5).ok
        assert requests.post(f"{allegro.url}/_simulator/orders", json={"count": 4}, timeout=5).ok
        capsys.readouterr()
        shoper.clear_requests()

        assert main(["plan", str(files.manifest), "--format", "json"]) == 0
        plan = json.loads(capsys.readouterr().out)
        log = shoper.requests()
        assert log, "plan read the shop"
        assert writes(log) == []
        after = shoper.snapshot()
        for key in ("orders", "order_products", "users", "auction_orders", "stock"):
            assert after[key] == imported[key]
        assert plan["orders_cancelled"] == 1 and plan["orders_imported"] >= 1

        assert main(["run", str(files.manifest), "--format", "json"]) == 0
        done = json.loads(capsys.readouterr().out)
        assert (done["orders_imported"], done["orders_cancelled"]) == (
            plan["orders_imported"],
            plan["orders_cancelled"],
        )
        assert writes(shoper.requests()), "the run that follows does write"
