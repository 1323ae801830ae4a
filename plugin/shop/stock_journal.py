"""The embedded shop's change journal: every change of ``products.stock``, by anything that writes the file
(``shop init``, a correction by hand, the engine's stock moves, the storefront), appends the product's code.

SQLite triggers do the writing, so no writer can forget it. The engine reads the journal from a position it
saved (``stock_changes``) and, once the pass that read it is committed, forgets what it read
(``forget_stock_changes``): the table stays as small as the changes between two passes.

A shop without a journal (a REST shop) implements the same two calls by reading its stock in pages and
returning every product: the engine compares with what it last set on Allegro, so unchanged products cost no
Allegro call either way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

STOCK_JOURNAL_SQL = """
CREATE TABLE IF NOT EXISTS stock_journal (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    product_code TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS stock_journal_on_update AFTER UPDATE OF stock ON products
WHEN OLD.stock IS NOT NEW.stock
BEGIN
    INSERT INTO stock_journal(product_code) VALUES (NEW.code);
END;
CREATE TRIGGER IF NOT EXISTS stock_journal_on_insert AFTER INSERT ON products
BEGIN
    INSERT INTO stock_journal(product_code) VALUES (NEW.code);
END;
CREATE TRIGGER IF NOT EXISTS stock_journal_on_delete AFTER DELETE ON products
BEGIN
    INSERT INTO stock_journal(product_code) VALUES (OLD.code);
END;
"""


@dataclass(frozen=True)
class StockChanges:
    """Products whose stock changed after a position: code → stock now (None: the product is gone)."""

    stocks: dict[str, int | None]
    position: str  # where the next read starts, once this one is done


class SqliteStockJournal:
    """The journal on the shop's own connection (the sync store shares it with the embedded shop)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn  # the journal and its triggers are part of the shop's schema (STOCK_JOURNAL_SQL)

    def stock_changes(self, position: str | None) -> StockChanges:
        """Changes after ``position``; ``None`` (the first pass) gives every product."""
        head = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM stock_journal").fetchone()[0]
        if position is None:
            rows = self.conn.execute("SELECT code, stock FROM products")
            return StockChanges(dict(rows), str(head))
        rows = self.conn.execute(
            "SELECT j.product_code, p.stock FROM (SELECT DISTINCT product_code FROM stock_journal "
            "WHERE seq > ? AND seq <= ?) j LEFT JOIN products p ON p.code = j.product_code",
            (int(position), head),
        )
        return StockChanges(dict(rows), str(head))

    def product_stocks(self, codes: Iterable[str]) -> dict[str, int | None]:
        """Stock now of these products (None: no such product)."""
        wanted = list(dict.fromkeys(codes))
        found: dict[str, int | None] = dict.fromkeys(wanted)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(f"SELECT code, stock FROM products WHERE code IN ({marks})", chunk))
        return found

    def forget_stock_changes(self, position: str) -> None:
        """Drop what a committed pass has read (call inside the transaction that saves ``position``)."""
        self.conn.execute("DELETE FROM stock_journal WHERE seq <= ?", (int(position),))
