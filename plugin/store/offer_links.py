"""Offers ↔ shop products, kept in the sync store: which offer sells which product, and what Allegro had on it.

An offer belongs to the product whose code is its ``external.id`` (as ``offers publish`` sets it), or the one
``mapping.products.offers`` names. The links are refreshed from Allegro's offer listing (1000 offers a call);
between refreshes each push records what it set, and a failed push marks the offer to be read again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

OFFER_LINKS_SQL = """
CREATE TABLE IF NOT EXISTS sync_offer_links (
    offer_id     TEXT PRIMARY KEY,
    product_code TEXT,                  -- NULL: no shop product has this offer's external.id (reported, untouched)
    external_id  TEXT,
    status       TEXT NOT NULL,         -- Allegro's publication status as last listed or set
    quantity     INTEGER,               -- stock.available as last listed or set
    failure      TEXT,                  -- Allegro's reason when the last push failed: read again and retried
    updated_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sync_offer_links_product ON sync_offer_links(product_code);
CREATE TABLE IF NOT EXISTS sync_stock_holds (
    product_code TEXT PRIMARY KEY,      -- units of it in Allegro purchases not paid yet (not in the shop's stock)
    units        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sync_stock_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    position    TEXT,                   -- the shop's change journal, read up to here
    listed_at   TEXT,                   -- when the links were last refreshed from Allegro's listing
    order_cursor TEXT                   -- Allegro's order journal, looked through for moved offers up to here
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class OfferLink:
    offer_id: str
    product_code: str | None
    external_id: str | None
    status: str
    quantity: int | None
    failure: str | None


class OfferLinks:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn  # its tables are part of the store's schema (OFFER_LINKS_SQL)

    # state -----------------------------------------------------------------------------------------------
    def state(self) -> tuple[str | None, str | None]:
        row = self.conn.execute("SELECT position, listed_at FROM sync_stock_state WHERE id = 1").fetchone()
        return (row[0], row[1]) if row else (None, None)

    def order_cursor(self) -> str | None:
        row = self.conn.execute("SELECT order_cursor FROM sync_stock_state WHERE id = 1").fetchone()
        return row[0] if row else None

    def save_state(
        self, *, position: str | None = None, listed_at: str | None = None, order_cursor: str | None = None
    ) -> None:
        old_position, old_listed = self.state()
        self.conn.execute(
            "INSERT OR REPLACE INTO sync_stock_state(id, position, listed_at, order_cursor) VALUES (1, ?, ?, ?)",
            (position or old_position, listed_at or old_listed, order_cursor or self.order_cursor()),
        )

    # units held by unpaid Allegro purchases -------------------------------------------------------------
    def holds(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT product_code, units FROM sync_stock_holds"))

    def save_holds(self, holds: dict[str, int]) -> None:
        self.conn.execute("DELETE FROM sync_stock_holds")
        self.conn.executemany("INSERT INTO sync_stock_holds VALUES (?, ?)", sorted(holds.items()))

    # links -----------------------------------------------------------------------------------------------
    def replace_all(self, links: Iterable[OfferLink]) -> None:
        """The listing's view replaces ours (offers gone from the listing are forgotten)."""
        self.conn.execute("DELETE FROM sync_offer_links")
        self.add(links)

    def add(self, links: Iterable[OfferLink]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO sync_offer_links VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (link.offer_id, link.product_code, link.external_id, link.status, link.quantity, link.failure, _now())
                for link in links
            ),
        )

    def refresh(self, links: Iterable[OfferLink]) -> None:
        """Fresh data for some offers (re-read after a failure); their failure mark is kept until a push works."""
        self.conn.executemany(
            "UPDATE sync_offer_links SET status = ?, quantity = ?, updated_at = ? WHERE offer_id = ?",
            ((link.status, link.quantity, _now(), link.offer_id) for link in links),
        )

    def of_products(self, codes: Iterable[str]) -> Iterator[OfferLink]:
        wanted = list(dict.fromkeys(codes))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT * FROM sync_offer_links WHERE product_code IN ({marks}) ORDER BY offer_id",
                chunk,
            )
            yield from (_link(row) for row in rows)

    def products_of(self, offer_ids: Iterable[str]) -> dict[str, str]:
        """Offer id → product code, for the linked ones among ``offer_ids``."""
        wanted = list(dict.fromkeys(offer_ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                self.conn.execute(
                    f"SELECT offer_id, product_code FROM sync_offer_links WHERE product_code IS NOT NULL "
                    f"AND offer_id IN ({marks})",
                    chunk,
                )
            )
        return found

    def of_offers(self, offer_ids: Iterable[str]) -> list[OfferLink]:
        wanted = list(dict.fromkeys(offer_ids))
        found: list[OfferLink] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT * FROM sync_offer_links WHERE offer_id IN ({marks})", chunk)
            found += [_link(row) for row in rows]
        return found

    def linked(self) -> Iterator[OfferLink]:
        rows = self.conn.execute("SELECT * FROM sync_offer_links WHERE product_code IS NOT NULL ORDER BY offer_id")
        yield from (_link(row) for row in rows)

    def to_read_again(self) -> list[OfferLink]:
        """Offers whose last push failed, and linked offers selling an unknown quantity (a relative change sent
        when the process died, or read back showing something else): Allegro's view is read at the next pass."""
        rows = self.conn.execute(
            "SELECT * FROM sync_offer_links WHERE failure IS NOT NULL OR (quantity IS NULL AND product_code IS NOT "
            "NULL AND status IN ('ACTIVE', 'ACTIVATING')) ORDER BY offer_id"
        )
        return [_link(row) for row in rows]

    def unlinked(self) -> list[OfferLink]:
        rows = self.conn.execute("SELECT * FROM sync_offer_links WHERE product_code IS NULL ORDER BY offer_id")
        return [_link(row) for row in rows]

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM sync_offer_links").fetchone()[0]

    def record_pushed(self, offer_ids: Iterable[str], *, status: str, quantity: int | None) -> None:
        """What Allegro confirmed: the offer now has this status (and quantity, when it was set)."""
        self.conn.executemany(
            "UPDATE sync_offer_links SET status = ?, quantity = COALESCE(?, quantity), failure = NULL, "
            "updated_at = ? WHERE offer_id = ?",
            ((status, quantity, _now(), offer_id) for offer_id in offer_ids),
        )

    def forget_quantities(self, offer_ids: Iterable[str]) -> None:
        """Before a relative (GAIN) change is sent: until Allegro confirms it, what the offer sells is unknown."""
        self.conn.executemany(
            "UPDATE sync_offer_links SET quantity = NULL, updated_at = ? WHERE offer_id = ?",
            ((_now(), offer_id) for offer_id in offer_ids),
        )

    def record_quantities(self, quantities: dict[str, int | None]) -> None:
        """What Allegro confirmed for active offers (None: it showed something else; read again next pass)."""
        self.conn.executemany(
            "UPDATE sync_offer_links SET status = 'ACTIVE', quantity = ?, failure = NULL, updated_at = ? "
            "WHERE offer_id = ?",
            ((quantity, _now(), offer_id) for offer_id, quantity in quantities.items()),
        )

    def record_failed(self, failures: dict[str, str]) -> None:
        self.conn.executemany(
            "UPDATE sync_offer_links SET failure = ?, updated_at = ? WHERE offer_id = ?",
            ((reason, _now(), offer_id) for offer_id, reason in failures.items()),
        )


def _link(row: tuple) -> OfferLink:
    return OfferLink(row[0], row[1], row[2], row[3], row[4], row[5])
