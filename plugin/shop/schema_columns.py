"""Is this SQLite file an allegro-sync shop? ``CREATE TABLE IF NOT EXISTS`` keeps a foreign ``orders`` or
``products`` table as it is, and the first insert would then fail deep inside a run; we check the columns
once, when the shop is opened, and name what is missing."""

from __future__ import annotations

import sqlite3
from functools import cache

from plugin.shop.schema import SCHEMA_SQL


@cache
def expected_columns() -> dict[str, frozenset[str]]:
    """Every table of our schema and its columns, read from the schema itself (so it never drifts)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMA_SQL)
        return _columns(conn)
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {table: frozenset(row[1] for row in conn.execute(f"PRAGMA table_info({table!r})")) for table in tables}


def missing_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """``{table: [missing columns]}`` for the tables of ours whose columns this database lacks."""
    actual = _columns(conn)
    missing = {table: sorted(columns - actual.get(table, frozenset())) for table, columns in expected_columns().items()}
    return {table: columns for table, columns in missing.items() if columns}


def describe_mismatch(path: object, missing: dict[str, list[str]]) -> str:
    shown = "; ".join(
        f"table {table} lacks {', '.join(columns[:4])}{' …' if len(columns) > 4 else ''}"
        for table, columns in sorted(missing.items())[:3]
    )
    return (
        f"{path}: this SQLite file is not an allegro-sync shop, or one from another version ({shown}); "
        "point shop.backend.path at a new file and run `allegro-sync shop init MANIFEST --products catalog.csv`"
    )
