"""The commands as users run them: ``plan``, ``run``, ``demo``, with their JSON output and exit codes."""

from __future__ import annotations

import json

from plugin.cli import main
from tests.sync.simulated import shop_folder, shop_without_stock, simulator_fixture

REQUIRED = {
    "orders_imported",
    "orders_skipped",
    "stock_updates",
    "customers_registered",
    "emails_queued",
    "emails_sent",
    "archival_orders",
    "errors",
}


simulator = simulator_fixture(orders=60, seed=5, archived=10)


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_plan_then_run_json(tmp_path, simulator, capsys):
    files, _ = shop_folder(tmp_path, simulator.url)
    code, planned = run_json(capsys, "plan", str(files.manifest), "--format", "json")
    assert code == 0 and set(planned) >= REQUIRED
    assert planned["emails_sent"] == 0 and planned["orders_imported"] > 0
    code, done = run_json(capsys, "run", str(files.manifest), "--once", "--format", "json", "--log-format", "json")
    assert code == 0
    assert {k: done[k] for k in REQUIRED - {"emails_sent"}} == {k: planned[k] for k in REQUIRED - {"emails_sent"}}
    assert done["emails_sent"] == done["emails_queued"]
    code, again = run_json(capsys, "plan", str(files.manifest), "--format", "json")
    assert again["orders_imported"] == 0 and again["emails_queued"] == 0


def test_run_text_output_and_missing_shop(tmp_path, simulator, capsys):
    files, _ = shop_folder(tmp_path, simulator.url)
    files.shop.unlink()
    assert main(["run", str(files.manifest)]) == 4  # shop unavailable
    err = capsys.readouterr().err
    assert "shop init" in err and "Traceback" not in err


def test_a_broken_manifest_is_a_configuration_error(tmp_path, capsys):
    manifest = tmp_path / "allegro-sync.yaml"
    manifest.write_text("version: 1\nsync:\n  import_orders: maybe\n")
    assert main(["run", str(manifest)]) == 2
    assert main(["plan", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert "allegro-sync.yaml" in err and "Traceback" not in err


def test_shop_init_loads_the_catalog_and_reports_bad_rows(tmp_path, simulator, capsys):
    files, _ = shop_folder(tmp_path, simulator.url)
    catalog = tmp_path / "more.csv"
    catalog.write_text("code,name,stock,price\nNEW-1,Nowy produkt,7,12.50\n", encoding="utf-8")
    code, result = run_json(capsys, "shop", "init", str(files.manifest), "--products", str(catalog), "--format", "json")
    assert code == 0 and result["products_loaded"] == 1
    catalog.write_text("code,name,stock,price\nNEW-2,Zły,siedem,1\n", encoding="utf-8")
    assert main(["shop", "init", str(files.manifest), "--products", str(catalog)]) == 2
    assert "more.csv:2: field 'stock'" in capsys.readouterr().err


def test_demo_builds_a_folder_with_shop_manifest_and_outbox(tmp_path, capsys):
    target = tmp_path / "demo"
    code, report = run_json(
        capsys, "demo", "--orders", "40", "--archived", "5", "--dir", str(target), "--format", "json"
    )
    assert code == 0
    assert report["orders_imported"] > 0 and report["archival_orders"] == 0
    assert (target / "allegro-sync.yaml").exists() and (target / "shop.db").exists()
    assert len(list((target / "outbox").glob("*.eml"))) == report["emails_sent"] > 0
    assert main(["demo", "--dir", str(target)]) == 2  # never overwrites an existing demo
    capsys.readouterr()
    assert main(["status", str(target / "allegro-sync.yaml"), "--offline", "--format", "json"]) == 0
    last = json.loads(capsys.readouterr().out)["last_run"]  # status on the demo folder shows the demo's pass
    assert last["command"] == "demo" and last["counts"]["orders_imported"] == report["orders_imported"]


def test_a_second_run_on_the_same_shop_is_refused(tmp_path, simulator, capsys):
    from plugin.sync.runner import exclusive

    files, _ = shop_folder(tmp_path, simulator.url)
    with exclusive(files.shop):
        assert main(["run", str(files.manifest)]) == 4  # the shop is busy: shop unavailable
    assert "another `allegro-sync run`" in capsys.readouterr().err
    assert main(["run", str(files.manifest), "--format", "json"]) == 0


def test_run_exits_1_when_orders_are_quarantined(tmp_path, simulator, capsys):
    files = shop_without_stock(tmp_path, simulator.url)
    capsys.readouterr()
    code, report = run_json(capsys, "run", str(files.manifest), "--format", "json")
    assert code == 1
    assert report["quarantined_count"] > 0 and report["quarantined"][0]["attempts"] == 1
    assert "negative_stock" in report["quarantined"][0]["reason"]
