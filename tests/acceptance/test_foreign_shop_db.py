"""A shop.db that is SQLite but not ours (an old export, another tool's file) is named as such, up front."""

from __future__ import annotations

import sqlite3

import pytest

from plugin.shop.schema_columns import expected_columns, missing_columns
from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import one_clean_line, run_cli


def _foreign(files: DemoFiles) -> None:
    files.shop.unlink()
    conn = sqlite3.connect(files.shop)
    conn.executescript("CREATE TABLE orders (id INTEGER PRIMARY KEY, total TEXT); CREATE TABLE products (sku TEXT);")
    conn.close()


@pytest.mark.parametrize("command", [("plan",), ("run",), ("shop", "init")])
def test_a_foreign_sqlite_file_is_one_line_naming_the_setting(shop: DemoFiles, capsys, command) -> None:
    _foreign(shop)
    code, out, err = run_cli(capsys, *command, str(shop.manifest))
    line = one_clean_line(err)
    assert code == 4 and out == ""  # shop unavailable
    assert "not an allegro-sync shop" in line and "table products lacks code" in line
    assert "shop.backend.path" in line


def test_our_own_schema_has_nothing_missing(shop: DemoFiles) -> None:
    conn = sqlite3.connect(shop.shop)
    try:
        assert missing_columns(conn) == {}
        conn.execute("CREATE TABLE scratch (x)")  # a table of the owner's own is no problem
        conn.execute("ALTER TABLE products ADD COLUMN note TEXT")  # nor an extra column
        assert missing_columns(conn) == {}
    finally:
        conn.close()
    assert {"products", "orders", "outbox"} <= set(expected_columns())
