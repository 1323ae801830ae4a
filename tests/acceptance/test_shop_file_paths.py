"""Shop files a user gets wrong or brings from before: a mistyped ``shop.backend.path`` (issue 10 item 13) is
refused with the missing folder named (never folders and an empty shop somewhere nobody looks); a shop.db from
before the sync store split is brought up to date with one line."""

from __future__ import annotations

from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import one_clean_line, run_cli


def test_shop_init_refuses_a_missing_folder_and_names_it(shop: DemoFiles, capsys) -> None:
    missing = shop.folder / "nonexistent" / "dir"
    text = shop.manifest.read_text(encoding="utf-8")
    manifest = shop.folder / "typo.yaml"
    manifest.write_text(text.replace("path: ./shop.db", f"path: {missing / 'shop.db'}"), encoding="utf-8")
    code, out, err = run_cli(capsys, "shop", "init", str(manifest), "--products", str(shop.catalog))
    line = one_clean_line(err)
    assert code != 0 and out == ""
    assert f"the folder {missing} does not exist" in line and "shop.backend.path" in line
    assert not (shop.folder / "nonexistent").exists()  # nothing was created


def test_a_shop_db_from_before_the_store_split_is_upgraded_with_one_line(shop: DemoFiles, capsys) -> None:
    import sqlite3

    conn = sqlite3.connect(shop.shop)
    conn.executescript("DROP TABLE store_steps; DROP TABLE sync_form_steps;")  # as a shop.db before the split
    conn.close()
    code, _, err = run_cli(capsys, "run", str(shop.manifest))
    upgraded = [line for line in err.splitlines() if "store-upgraded" in line]
    assert code == 0 and len(upgraded) == 1 and str(shop.shop) in upgraded[0]
    code, _, err = run_cli(capsys, "run", str(shop.manifest))
    assert code == 0 and "store-upgraded" not in err  # once
