"""``allegro-sync quarantine`` as users run it against the simulator, and ``plan`` leaving the shop untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from plugin.cli import main
from tests.sync.simulated import shop_folder, shop_without_stock, simulator_fixture

simulator = simulator_fixture(orders=30, seed=11)


def out_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def quarantined_shop(tmp_path, simulator, capsys) -> Path:
    """A shop with no stock under ``negative_stock: quarantine``: every paid order is set aside."""
    files = shop_without_stock(tmp_path, simulator.url)
    assert main(["run", str(files.manifest)]) == 1
    capsys.readouterr()
    return files.manifest


def test_list_drop_retry_and_the_next_run(quarantined_shop, capsys):
    manifest = str(quarantined_shop)
    code, listed = out_json(capsys, "quarantine", manifest, "--format", "json")
    orders = listed["orders"]
    assert code == 0 and len(orders) >= 2
    assert {o["state"] for o in orders} == {"retrying"} and {o["attempts"] for o in orders} == {1}
    assert all("negative_stock" in o["reason"] and o["first_attempt"] <= o["last_attempt"] for o in orders)
    gone, kept = orders[0]["checkout_form_id"], orders[1]["checkout_form_id"]

    code, dropped = out_json(capsys, "quarantine", manifest, "--drop", gone, "--format", "json")
    assert code == 0 and dropped == {"dropped": [gone]}
    code, retried = out_json(capsys, "quarantine", manifest, "--retry-all", "--format", "json")
    assert code == 0 and gone not in retried["retried"] and kept in retried["retried"]

    code, report = out_json(capsys, "run", manifest, "--format", "json")
    ids = {q["checkout_form_id"] for q in report["quarantined"]}
    assert code == 1 and kept in ids and gone not in ids
    assert report["quarantined_count"] == len(orders) - 1

    assert main(["quarantine", manifest]) == 0
    text = capsys.readouterr().out
    assert f"{gone}  dropped" in text and f"{kept}  retrying  attempts 1" in text


def test_unknown_ids_are_an_error_naming_them(quarantined_shop, capsys):
    manifest = str(quarantined_shop)
    _, before = out_json(capsys, "quarantine", manifest, "--format", "json")
    real = before["orders"][0]["checkout_form_id"]
    assert main(["quarantine", manifest, "--retry", real, "no-such-form"]) == 2
    err = capsys.readouterr().err
    assert "no-such-form" in err and real not in err and "Traceback" not in err
    assert main(["quarantine", manifest, "--drop", "other-missing"]) == 2
    assert "other-missing" in capsys.readouterr().err
    _, after = out_json(capsys, "quarantine", manifest, "--format", "json")
    assert after == before  # nothing changed


def test_configuration_errors_exit_2(tmp_path, capsys):
    broken = tmp_path / "allegro-sync.yaml"
    broken.write_text("version: 1\nsync:\n  import_orders: maybe\n")
    assert main(["quarantine", str(broken)]) == 2
    assert main(["quarantine", str(broken), "--drop", "x", "--retry-all"]) == 2  # one action at a time
    err = capsys.readouterr().err
    assert "allegro-sync.yaml" in err and "Traceback" not in err


def test_quarantine_without_a_shop_says_how_to_create_it(tmp_path, simulator, capsys):
    files, _ = shop_folder(tmp_path, simulator.url)
    files.shop.unlink()
    assert main(["quarantine", str(files.manifest)]) == 4  # shop unavailable
    assert "shop init" in capsys.readouterr().err


def _digest(shop: Path) -> dict[str, str | None]:
    """sha256 of the shop file and its write-ahead log (None when absent)."""
    result: dict[str, str | None] = {}
    for path in (shop, shop.with_name(shop.name + "-wal")):
        result[path.name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    return result


def test_plan_leaves_the_shop_byte_identical(tmp_path, simulator, capsys):
    files, _ = shop_folder(tmp_path, simulator.url)
    assert main(["run", str(files.manifest)]) == 0
    capsys.readouterr()
    simulator.state.add_orders(15)  # something for the plan to (not) import
    before = _digest(files.shop)
    code, planned = out_json(capsys, "plan", str(files.manifest), "--format", "json")
    assert code == 0 and planned["orders_imported"] > 0
    assert _digest(files.shop) == before
    code, done = out_json(capsys, "run", str(files.manifest), "--format", "json")
    assert done["orders_imported"] == planned["orders_imported"] and _digest(files.shop) != before
