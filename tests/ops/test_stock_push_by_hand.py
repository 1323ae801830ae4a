"""A stock change by hand reaches Allegro: `shop stock` writes through the shop port, the shop's change journal
sees it, and the next `run` with sync.push_stock sets the offer's quantity; `status` then counts the offer links."""

from __future__ import annotations

import json

from plugin.simulator.server import RunningSimulator
from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import run_cli
from tests.ops.conftest import variant


def _held(simulator: RunningSimulator, code: str) -> int:
    """Units in unpaid purchases: taken on Allegro, not yet in the shop's stock."""
    return sum(
        item["quantity"]
        for form in simulator.state.store.forms.values()
        if form["status"] in ("BOUGHT", "FILLED_IN")
        for item in form["lineItems"]
        if item["offer"]["external"]["id"] == code
    )


def test_a_stock_change_by_hand_is_pushed_to_allegro(shop: DemoFiles, simulator: RunningSimulator, capsys) -> None:
    manifest = variant(shop, "push.yaml", ("  update_stock: true", "  update_stock: true\n  push_stock: true"))
    assert run_cli(capsys, "run", str(manifest))[0] == 0
    code = next(o.external_id for o in simulator.state.offers.offers if not o.foreign)
    assert run_cli(capsys, "shop", "stock", str(manifest), code, "--set", "77", "--reason", "dostawa")[0] == 0
    assert run_cli(capsys, "run", str(manifest))[0] == 0
    offer = next(o for o in simulator.state.offers.offers if o.external_id == code)
    assert (offer.status, offer.available) == ("ACTIVE", 77 - _held(simulator, code))
    status, out, _ = run_cli(capsys, "status", str(manifest), "--offline", "--format", "json")
    offers = json.loads(out)["offers"]
    assert status == 0 and offers["known"] and offers["linked"] > 0 and offers["push_failed"] == 0


def test_stock_push_is_recorded_and_an_outage_is_exit_3(
    shop: DemoFiles, offline_shop: DemoFiles, simulator: RunningSimulator, capsys
) -> None:
    manifest = variant(shop, "push.yaml", ("  update_stock: true", "  update_stock: true\n  push_stock: true"))
    code, out, err = run_cli(capsys, "stock", "push", str(manifest), "--format", "json")
    assert code == 0, err
    assert "stock_changes" in json.loads(out)
    _, out, _ = run_cli(capsys, "status", str(manifest), "--offline", "--format", "json")
    assert json.loads(out)["last_run"]["command"] == "stock push"
    offline = variant(offline_shop, "push.yaml", ("  update_stock: true", "  update_stock: true\n  push_stock: true"))
    code, out, err = run_cli(capsys, "stock", "push", str(offline), "--format", "json")
    assert code == 3 and json.loads(out)["error"]["class"] == "allegro" and "Allegro error" in err
