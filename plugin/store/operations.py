"""What the integrator looks back at: each ``run`` pass (when, result, counts) and each stock change by hand.

Both live in the sync store (tables ``sync_runs`` and ``stock_corrections``, store step ``operations``), so
``status`` answers "what happened last night" from one file, and stock changes that are not Allegro sales add
up with ``stock_moves``: a product's stock = its corrections + its order moves (for products loaded since).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from plugin.store.sync_store import SyncStore

KEEP_RUNS = 10_000  # a --follow run every minute fills a week; older passes are forgotten


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class RunRecord:
    command: str
    started_at: str
    finished_at: str
    result: str
    exit_code: int
    counts: dict[str, Any]
    message: str | None

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def record_run(
    store: SyncStore,
    *,
    command: str,
    started_at: str,
    result: str,
    exit_code: int,
    counts: dict[str, Any] | None = None,
    message: str | None = None,
) -> None:
    """One pass, committed at once (a failed pass too: the next ``status`` must show it)."""
    with store.transaction():
        store.conn.execute(
            "INSERT INTO sync_runs (command, started_at, finished_at, result, exit_code, counts_json, message)"
            " VALUES (?,?,?,?,?,?,?)",
            (command, started_at, _now(), result, exit_code, json.dumps(counts or {}, sort_keys=True), message),
        )
        store.conn.execute("DELETE FROM sync_runs WHERE id <= (SELECT MAX(id) FROM sync_runs) - ?", (KEEP_RUNS,))


def last_runs(store: SyncStore, limit: int = 1, *, result: str | None = None) -> list[RunRecord]:
    """The newest passes first (only those with ``result`` when given)."""
    rows = store.conn.execute(
        "SELECT command, started_at, finished_at, result, exit_code, counts_json, message FROM sync_runs"
        " WHERE ? IS NULL OR result = ? ORDER BY id DESC LIMIT ?",
        (result, result, limit),
    )
    return [RunRecord(*row[:5], json.loads(row[5]), row[6]) for row in rows]


def imported_since(store: SyncStore, since: datetime) -> int:
    """Orders imported by the passes that finished since ``since``."""
    row = store.conn.execute(
        "SELECT COALESCE(SUM(json_extract(counts_json, '$.orders_imported')), 0) FROM sync_runs WHERE finished_at >= ?",
        (since.astimezone(UTC).isoformat(timespec="seconds"),),
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class StockCorrection:
    product_code: str
    stock_before: int | None
    stock_after: int
    delta: int
    reason: str
    source: str
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def record_correction(
    store: SyncStore, code: str, before: int | None, after: int, *, reason: str, source: str
) -> StockCorrection:
    """A stock change that is no sale: call inside the transaction that changes the stock."""
    correction = StockCorrection(code, before, after, after - (before or 0), reason, source, _now())
    store.conn.execute(
        "INSERT INTO stock_corrections (product_code, stock_before, stock_after, delta, reason, source, created_at)"
        " VALUES (?,?,?,?,?,?,?)",
        (code, before, after, correction.delta, reason, source, correction.created_at),
    )
    return correction


def corrections(store: SyncStore, code: str | None = None) -> list[StockCorrection]:
    rows = store.conn.execute(
        "SELECT product_code, stock_before, stock_after, delta, reason, source, created_at FROM stock_corrections"
        " WHERE ? IS NULL OR product_code = ? ORDER BY id",
        (code, code),
    )
    return [StockCorrection(*row) for row in rows]
