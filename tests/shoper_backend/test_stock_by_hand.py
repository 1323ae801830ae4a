"""`shop stock` on a Shoper shop: the stock changes in Shoper through its REST API, and the change is recorded in
the local sync store like on the embedded shop (ops)."""

from __future__ import annotations

import json
import sqlite3

from tests.acceptance.helpers import run_cli
from tests.shoper_backend.shop_setup import PRODUCTS, shoper_folder


def test_shop_stock_sets_stock_in_shoper_and_records_it(tmp_path, allegro, shoper, capsys) -> None:
    files = shoper_folder(tmp_path, allegro.url, shoper.url)
    code = PRODUCTS[0].code
    before = shoper.snapshot()["stock"]
    status, out, err = run_cli(capsys, "shop", "stock", str(files.manifest), code, "--add", "5", "--format", "json")
    assert status == 0, err
    change = json.loads(out)
    after = shoper.snapshot()["stock"]
    assert change["stock_after"] == change["stock_before"] + 5
    changed = {key: value for key, value in after.items() if before.get(key) != value}
    assert [int(float(v)) for v in changed.values()] == [change["stock_after"]]  # one product changed, in Shoper
    conn = sqlite3.connect(files.store)
    rows = conn.execute("SELECT product_code, delta, source FROM stock_corrections").fetchall()
    conn.close()
    assert rows == [(code, 5, "shop stock")]
    status, _, err = run_cli(capsys, "shop", "stock", str(files.manifest), "NIE-MA-TAKIEGO", "--set", "1")
    assert status == 2 and "no product 'NIE-MA-TAKIEGO'" in err
