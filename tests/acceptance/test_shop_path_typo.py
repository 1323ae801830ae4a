"""A mistyped ``shop.backend.path`` (issue 10 item 13): ``shop init`` refuses a missing folder and names it,
instead of creating the folders and an empty shop somewhere nobody looks."""

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
