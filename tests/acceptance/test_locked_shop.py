"""A shop.db another program holds open for writing (a database browser, a backup) is named as such."""

from __future__ import annotations

import sqlite3

import pytest

from plugin.exceptions import ShopError
from plugin.sync.demo import DemoFiles
from tests.sync.helpers import open_embedded


def test_a_write_lock_held_elsewhere_is_a_shop_error_naming_the_file(shop: DemoFiles) -> None:
    other = sqlite3.connect(shop.shop, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    ours = open_embedded(shop.shop)
    ours.conn.execute("PRAGMA busy_timeout = 50")  # the real one waits 30 s
    try:
        locked = pytest.raises(ShopError, match="another program keeps the shop database locked")
        with locked as caught, ours.transaction():
            pass
        assert str(shop.shop) in str(caught.value)
        other.execute("ROLLBACK")
        with ours.transaction():  # once the other program lets go, the shop works again
            ours.conn.execute("SELECT COUNT(*) FROM products").fetchone()
    finally:
        ours.close()
        other.close()


def test_plan_reads_a_shop_another_program_holds_for_writing(shop: DemoFiles, capsys) -> None:
    from tests.acceptance.helpers import run_cli

    other = sqlite3.connect(shop.shop, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run_cli(capsys, "plan", str(shop.manifest))
    finally:
        other.close()
    assert code == 0, err


def test_emails_send_while_another_program_locks_the_shop(shop: DemoFiles, capsys, monkeypatch) -> None:
    from plugin.store import sqlite_file
    from tests.acceptance.helpers import one_clean_line, run_cli

    assert run_cli(capsys, "run", str(shop.manifest))[0] == 0
    other = sqlite3.connect(shop.shop, isolation_level=None)
    assert other.execute("UPDATE outbox SET status = 'queued'").rowcount > 0  # delivery must write again
    other.execute("BEGIN EXCLUSIVE")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite_file.sqlite3, "connect", lambda path, **kw: connect(path, **{**kw, "timeout": 0.05}))
    try:
        code, out, err = run_cli(capsys, "emails", "send", str(shop.manifest))
    finally:
        other.close()
    line = one_clean_line(err)
    assert code == 4 and out == ""  # shop unavailable
    assert str(shop.shop) in line and "another program keeps the shop database locked" in line
