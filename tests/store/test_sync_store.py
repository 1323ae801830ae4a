"""The sync store: named schema steps applied once (an old shop.db is brought up to date), recovery points that
stay on disk whatever the form's transaction does, and plan's copy that never touches the file."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from plugin.exceptions import ShopError
from plugin.store import schema
from plugin.store.location import embedded_place
from plugin.store.open_store import copy_store_at, open_store_at
from plugin.store.schema import Step


@pytest.fixture
def path(tmp_path: Path) -> Path:
    store = open_store_at(embedded_place(tmp_path / "shop.db"), create=True)
    with store.transaction():
        store.ledger_add("f1", "r1", "READY_FOR_PROCESSING")
        store.save_state_json('{"cursor": "7"}')
    store.close()
    return tmp_path / "shop.db"


def test_a_new_store_has_every_step_and_announces_none(path: Path) -> None:
    store = open_store_at(embedded_place(path))
    try:
        assert store.migrated == ()
        done = {row[0] for row in store.conn.execute("SELECT name FROM store_steps")}
        assert done == {step.name for step in schema.STEPS}
    finally:
        store.close()


def test_a_shop_db_from_before_the_split_is_brought_up_to_date_keeping_its_data(path: Path) -> None:
    conn = sqlite3.connect(path)  # what a shop.db written before the store existed holds
    conn.executescript("DROP TABLE store_steps; DROP TABLE sync_form_steps;")
    conn.close()
    store = open_store_at(embedded_place(path))
    try:
        assert "form-steps" in store.migrated
        assert store.ledger_contains("f1", "r1", "READY_FOR_PROCESSING")
        assert store.load_state_json() == '{"cursor": "7"}'
        store.form_steps.intent("f1", "order")
        assert store.form_steps.get("f1", "order") is not None
    finally:
        store.close()
    again = open_store_at(embedded_place(path))
    assert again.migrated == ()  # once
    again.close()


def test_a_step_added_later_is_applied_once(path: Path, monkeypatch) -> None:
    extra = Step(
        "later-example", "CREATE TABLE IF NOT EXISTS sync_later_example (id INTEGER PRIMARY KEY, summary TEXT);"
    )
    monkeypatch.setattr(schema, "STEPS", (*schema.STEPS, extra))
    from plugin.store import migrate

    monkeypatch.setattr(migrate, "STEPS", schema.STEPS)
    store = open_store_at(embedded_place(path))
    try:
        assert store.migrated == ("later-example",)
        store.conn.execute("INSERT INTO sync_later_example (summary) VALUES ('ok')")
    finally:
        store.close()
    assert open_store_at(embedded_place(path)).migrated == ()


def test_a_recovery_point_survives_the_rollback_of_its_form(path: Path) -> None:
    store = open_store_at(embedded_place(path))
    try:
        with pytest.raises(RuntimeError), store.transaction():
            store.ledger_add("f2", "r1", "READY_FOR_PROCESSING")
            store.form_steps.intent("f2", "order")  # durable: the request may reach the shop after this
            store.form_steps.done("f2", "order", 417)
            store.form_steps.intent("f2", "line:li-1")
            store.ledger_add("f2", "r2", "READY_FOR_PROCESSING")
            raise RuntimeError("the line's POST failed")
        assert store.form_steps.shop_order("f2") == "417"
        assert [s.step for s in store.form_steps.unfinished()] == ["line:li-1"]
        assert not store.ledger_contains("f2", "r2", "READY_FOR_PROCESSING")
    finally:
        store.close()
    reopened = open_store_at(embedded_place(path))  # a new process sees them
    try:
        assert set(reopened.form_steps.of_form("f2")) == {"order", "line:li-1"}
    finally:
        reopened.close()


def test_inside_a_batch_steps_roll_back_with_it(path: Path) -> None:
    """The embedded shop's batches: its writes and the steps share the transaction, so both roll back."""
    store = open_store_at(embedded_place(path))
    try:
        with pytest.raises(RuntimeError), store.transaction(), store.transaction():
            store.form_steps.intent("f3", "order")
            raise RuntimeError("the batch failed")
        assert store.form_steps.of_form("f3") == {}
    finally:
        store.close()


def test_plans_copy_writes_nothing_to_the_file(path: Path) -> None:
    def digest() -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.parent.glob("shop.db*"))}

    before = digest()
    copy = copy_store_at(embedded_place(path))
    try:
        with copy.transaction():
            copy.ledger_add("f9", "r1", "READY_FOR_PROCESSING")
            copy.form_steps.intent("f9", "order")
        assert copy.ledger_contains("f9", "r1", "READY_FOR_PROCESSING")
    finally:
        copy.close()
    assert digest() == before


def test_a_missing_folder_is_named_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "dir" / "shop.db"
    with pytest.raises(ShopError, match=r"the folder .*typo/dir does not exist.*shop\.backend\.path"):
        open_store_at(embedded_place(target), create=True)
    assert not (tmp_path / "typo").exists()
