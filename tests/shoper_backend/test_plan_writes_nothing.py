"""``plan`` against the local Shoper (issue 8): the read-only view of the shop port lets reads through and keeps
writes in memory, so the request log shows no POST, PUT or DELETE (auth aside; a bulk request only of GETs), the
shop is as it was, no sync store is created, and the counts are what the next ``run`` does."""

from __future__ import annotations

import json

from plugin.cli import main
from tests.shoper_backend.shop_setup import shoper_folder, writes_in


def test_plan_sends_no_write_to_shoper_and_counts_the_run(tmp_path, allegro, shoper, capsys) -> None:
    files = shoper_folder(tmp_path, allegro.url, shoper.url, register=True)
    before = shoper.snapshot()
    shoper.clear_requests()
    assert main(["plan", str(files.manifest), "--format", "json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["orders_imported"] > 0 and planned["customers_registered"] > 0
    assert writes_in(shoper.requests()) == []
    after = shoper.snapshot()
    for volatile in ("requests", "bucket"):  # counters of the simulator itself, not the shop
        before.pop(volatile, None)
        after.pop(volatile, None)
    assert after == before
    assert not files.store.exists()  # plan creates no store either
    assert main(["run", str(files.manifest), "--once", "--format", "json"]) == 0
    ran = json.loads(capsys.readouterr().out)
    same = ("orders_imported", "orders_skipped", "stock_updates", "customers_registered", "emails_queued")
    assert {key: planned[key] for key in same} == {key: ran[key] for key in same}
    assert writes_in(shoper.requests())  # the run did write: the log would have shown it
