"""Orders set aside for lack of stock are retried each run in a few batched reads, not one GET each, and are
imported once the stock is there."""

from __future__ import annotations

import json

from plugin.catalog_csv import Product, write_catalog
from plugin.cli import main
from plugin.simulator.server import start_simulator
from tests.sync.simulated import PRODUCTS, shop_without_stock


def _run(capsys, manifest) -> tuple[int, dict]:
    code = main(["run", str(manifest), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_set_aside_orders_are_retried_in_batched_reads_and_imported_when_stock_comes(tmp_path, capsys) -> None:
    with start_simulator(products=list(PRODUCTS), orders=300, archived=0, seed=23) as simulator:
        files = shop_without_stock(tmp_path, simulator.url)
        capsys.readouterr()
        code, first = _run(capsys, files.manifest)
        waiting = first["quarantined_count"]
        assert code == 1 and waiting >= 100

        recording: list = []
        simulator.state.recording = recording
        code, again = _run(capsys, files.manifest)
        simulator.state.recording = None
        assert code == 1 and again["quarantined_count"] == waiting  # still no stock: all wait, one more attempt
        single = [e for e in recording if e["path"].startswith("/order/checkout-forms/")]
        assert len(single) <= waiting // 20, len(single)  # one GET per order would be `waiting` calls
        assert again["api_calls"] <= waiting // 10

        stocked = tmp_path / "stocked.csv"
        write_catalog(stocked, [Product(p.code, p.name, 10_000, p.price) for p in PRODUCTS])
        main(["shop", "init", str(files.manifest), "--products", str(stocked), "--reset-stock"])
        capsys.readouterr()
        code, third = _run(capsys, files.manifest)
        assert code == 0 and third["quarantined_count"] == 0
        assert third["orders_imported"] >= waiting
