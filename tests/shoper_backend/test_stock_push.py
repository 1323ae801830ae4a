"""Shoper stock → Allegro (``sync.push_stock``): Shoper keeps no change journal to read in bulk, so each pass
reads every product-stocks row; a change made in the Shoper panel reaches the Allegro offer, and plan pushes
nothing and writes nothing."""

from __future__ import annotations

from dataclasses import replace

import requests

from plugin.shoper_simulator.server import DEFAULT_TOKEN
from plugin.simulator.server import start_simulator
from plugin.sync.runner import plan_sync, run_sync
from plugin.validation import load_manifest
from tests.shoper_backend.shop_setup import PRODUCTS, shoper_folder
from tests.shoper_backend.test_plan import writes
from tests.sync.test_stock_push import _held


def _selling(simulator) -> dict[str, int]:
    return {
        o["external_id"]: (o["available"] if o["status"] == "ACTIVE" else 0)
        for o in simulator.state.snapshot()["offers"]
    }


def test_a_stock_change_in_shoper_reaches_the_allegro_offer(tmp_path, shoper):
    with start_simulator(products=list(PRODUCTS), orders=12, archived=0, seed=3) as allegro:
        files = shoper_folder(tmp_path, allegro.url, shoper.url)
        manifest = load_manifest(files.manifest)
        manifest = replace(manifest, sync=replace(manifest.sync, push_stock=True))
        report = run_sync(manifest)
        assert report.stock_push is not None and not report.stock_push.failed

        code = PRODUCTS[0].code
        stock_id = next(
            row["stock_id"]
            for row in requests.get(
                f"{shoper.api_url}/product-stocks",
                params={"limit": 50, "filters": f'{{"code":"{code}"}}'},
                headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"},
                timeout=5,
            ).json()["list"]
        )
        requests.put(
            f"{shoper.api_url}/product-stocks/{stock_id}",
            json={"stock": "57"},
            headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"},
            timeout=5,
        ).raise_for_status()

        shoper.clear_requests()
        planned = plan_sync(manifest)
        assert code in {c.product_code for c in planned.stock_push.changes}
        assert writes(shoper.requests()) == []
        assert _selling(allegro)[code] != 57 - _held(allegro).get(code, 0)

        again = run_sync(manifest)
        assert again.stock_push is not None and not again.stock_push.failed
        assert _selling(allegro)[code] == 57 - _held(allegro).get(code, 0)
