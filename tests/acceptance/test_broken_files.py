"""Files a shop owner breaks by hand: a damaged shop.db, a folder where a file belongs, a damaged token file.

Each must end in one line naming the file and the fix, with exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from plugin.cli.failures import EXIT_SHOP
from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import one_clean_line, run_cli


def _retarget(files: DemoFiles, old: str, new: str) -> Path:
    """A copy of the demo manifest with one setting changed (same folder, so relative paths still hold)."""
    text = files.manifest.read_text(encoding="utf-8")
    assert old in text
    changed = files.folder / "changed.yaml"
    changed.write_text(text.replace(old, new), encoding="utf-8")
    return changed


@pytest.mark.parametrize("command", [("emails", "send"), ("emails", "preview", "--order", "1")])
def test_emails_on_a_shop_db_of_random_bytes_is_one_line(shop: DemoFiles, capsys, command) -> None:
    shop.shop.write_bytes(os.urandom(4096))
    code, out, err = run_cli(capsys, *command, str(shop.manifest))
    line = one_clean_line(err)
    assert code == EXIT_SHOP and out == ""
    assert str(shop.shop) in line and "shop.backend.path" in line


def test_emails_send_on_a_shop_path_that_is_a_folder_is_one_line(shop: DemoFiles, capsys) -> None:
    manifest = _retarget(shop, "path: ./shop.db", "path: ./outbox-folder")
    (shop.folder / "outbox-folder").mkdir()
    code, _, err = run_cli(capsys, "emails", "send", str(manifest))
    assert code == EXIT_SHOP and "outbox-folder" in one_clean_line(err)


def test_shop_init_under_a_file_names_the_setting(shop: DemoFiles, capsys) -> None:
    manifest = _retarget(shop, "path: ./shop.db", "path: ./catalog.csv/shop.db")
    code, _, err = run_cli(capsys, "shop", "init", str(manifest))
    line = one_clean_line(err)
    assert code == EXIT_SHOP and "catalog.csv/shop.db" in line and "shop.backend.path" in line


@pytest.mark.parametrize("command", ["plan", "run", "connect"])
def test_a_token_file_under_a_file_names_the_setting(shop: DemoFiles, capsys, command) -> None:
    manifest = _retarget(shop, "token_file: ./tokens.json", "token_file: ./catalog.csv/tokens.json")
    code, out, err = run_cli(capsys, command, str(manifest))
    line = one_clean_line(err)
    assert code == 2 and "allegro.token_file" in line and "catalog.csv" in line
    assert "Open " not in out  # connect failed before asking the user to approve a code


def test_connect_refuses_a_damaged_token_file_before_the_device_flow(shop: DemoFiles, capsys) -> None:
    tokens = shop.folder / "tokens.json"
    tokens.write_text('{"access_token": "abc', encoding="utf-8")
    code, out, err = run_cli(capsys, "connect", str(shop.manifest))
    line = one_clean_line(err)
    assert code == 2 and "damaged" in line and "--replace-account" in line
    assert "confirm the code" not in out  # the user was not sent to approve a code that is then thrown away
    assert tokens.read_text(encoding="utf-8") == '{"access_token": "abc'


def test_connect_replace_account_overwrites_a_damaged_token_file(shop: DemoFiles, capsys) -> None:
    tokens = shop.folder / "tokens.json"
    tokens.write_text("[]", encoding="utf-8")
    code, out, _ = run_cli(capsys, "connect", str(shop.manifest), "--replace-account", "--format", "json")
    assert code == 0 and json.loads(out)["token_file"] == str(tokens)
    assert set(json.loads(tokens.read_text(encoding="utf-8"))) >= {"access_token", "refresh_token", "account_id"}
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600


def test_plan_against_the_simulator_replaces_a_damaged_token_file(shop: DemoFiles, capsys) -> None:
    """The simulator's tokens are disposable: a damaged file is reconnected, not a dead end."""
    tokens = shop.folder / "tokens.json"
    tokens.write_text("{", encoding="utf-8")
    code, out, err = run_cli(capsys, "plan", str(shop.manifest), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["orders_imported"] > 0
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600


def test_a_world_readable_token_file_is_made_private(shop: DemoFiles, capsys) -> None:
    assert run_cli(capsys, "plan", str(shop.manifest))[0] == 0
    tokens = shop.folder / "tokens.json"
    tokens.chmod(0o644)
    assert run_cli(capsys, "plan", str(shop.manifest))[0] == 0
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
