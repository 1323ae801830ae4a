"""Bringing a store file up to the current ``STEPS``: each step once, in one transaction with its record."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from plugin.store.schema import STEPS, STEPS_TABLE_SQL


def pending_steps(conn: sqlite3.Connection) -> list[str]:
    """Names of the steps this file has not had yet (all of them for a new or a pre-split file)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    done = set() if "store_steps" not in tables else {row[0] for row in conn.execute("SELECT name FROM store_steps")}
    return [step.name for step in STEPS if step.name not in done]


def apply_steps(conn: sqlite3.Connection) -> list[str]:
    """Apply what is pending (the connection is in autocommit mode); returns the names applied."""
    todo = pending_steps(conn)
    if not todo:
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(STEPS_TABLE_SQL):
            conn.execute(statement)
        now = datetime.now(UTC).isoformat()
        for step in STEPS:
            if step.name in todo:
                for statement in _statements(step.sql):
                    conn.execute(statement)
                for table, column, declaration in step.adds:
                    if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
                        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
                conn.execute("INSERT OR IGNORE INTO store_steps (name, applied_at) VALUES (?, ?)", (step.name, now))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return todo


def _statements(sql: str) -> list[str]:
    """``sql`` split into complete statements (``executescript`` would commit the open transaction)."""
    out, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out
