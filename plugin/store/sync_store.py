"""The sync store: the engine's own data in a local SQLite file (state, ledger, quarantine, outbox, form steps).

Transactions are explicit (``BEGIN IMMEDIATE`` … ``COMMIT``; nested ones are savepoints), so the engine's
unit of work decides what commits together. The embedded shop writes on this same connection: its orders and
stock then commit in the same transaction as the ledger, the outbox and the cursor. A REST shop cannot join a
SQLite transaction; it records each write as a recovery point in ``form_steps``, made durable at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from plugin.emails.outbox import QueuedEmail, queue_email
from plugin.exceptions import ShopError
from plugin.store.form_steps import FormSteps
from plugin.store.sqlite_file import locked

#: Ledger marks (``sync_ledger.kind`` values no event has): an order given up on purpose, a form combined away.
DROPPED, REPLACED = "DROPPED", "REPLACED"


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class QuarantineEntry:
    checkout_form_id: str
    kind: str
    reason: str
    attempts: int
    last_failed_at: str
    form_updated_at: str | None = None  # ISO-8601; None for rows set aside before it was kept


class SyncStore:
    """The engine's data on one SQLite connection (``conn`` is the store's: only the store package and the
    embedded shop, which lives in the same file, write through it)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, label: str, *, migrated: Iterable[str] = ()) -> None:
        self.conn = conn
        self.path = path
        self.label = label  # "the shop database" or "the sync store", for messages
        self.migrated = tuple(migrated)  # steps applied when it was opened (an older file brought up to date)
        self.form_steps = FormSteps(conn, self.durable)
        self._depth = 0

    def close(self) -> None:
        self.conn.close()

    # transactions -------------------------------------------------------------------------------------------
    def _begin(self) -> None:
        """Takes the write lock; another program holding it past the busy timeout is the user's to close."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not locked(exc):
                raise
            raise ShopError(
                f"{self.path}: another program keeps {self.label} locked for writing ({exc}); close it "
                "(a database browser, a backup, a second shop tool) and run again; nothing was changed"
            ) from None

    def sync_fully(self) -> None:
        """Every commit reaches the disk before it returns (``synchronous=FULL``). The embedded shop commits in
        WAL mode with ``NORMAL``: a power cut may lose the last commits, which the next run applies again. The
        recovery points of a shop that writes at once must not be lost: the write they announce is not undone."""
        self.conn.execute("PRAGMA synchronous=FULL")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all (nested calls are savepoints)."""
        depth = self._depth
        if depth == 0:
            self._begin()
        else:
            self.conn.execute(f"SAVEPOINT sp{depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth = depth
            if depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO sp{depth}")
                self.conn.execute(f"RELEASE sp{depth}")
            raise
        self._depth = depth
        self.conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")

    def durable(self) -> None:
        """Make everything written so far durable, then go on in a new transaction (a REST shop's recovery
        point must be on disk before the write it announces). The unit of work of such a shop commits each
        form on its own, so this is the top level. Inside a batch (the embedded shop's savepoints) nothing is
        done: there the shop's writes roll back with the steps, and nothing needs to be on disk early."""
        if self._depth != 1:
            return  # 0: autocommit, already on disk; > 1: a batch of a shop that shares the transaction
        self.conn.execute("COMMIT")
        self._begin()

    # engine state ------------------------------------------------------------------------------------------------
    def load_state_json(self) -> str | None:
        row = self.conn.execute("SELECT state_json FROM sync_state WHERE id = 1").fetchone()
        return None if row is None else row[0]

    def save_state_json(self, state_json: str) -> None:
        self.conn.execute(
            "INSERT INTO sync_state (id, state_json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET"
            " state_json = excluded.state_json",
            (state_json,),
        )

    # ledger -------------------------------------------------------------------------------------------------------
    def ledger_contains(self, checkout_form_id: str, revision: str, kind: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sync_ledger WHERE checkout_form_id = ? AND revision = ? AND kind = ?",
            (checkout_form_id, revision, kind),
        ).fetchone()
        return row is not None

    def ledger_has(self, checkout_form_id: str) -> bool:
        """Whether any application of this form ever committed."""
        row = self.conn.execute("SELECT 1 FROM sync_ledger WHERE checkout_form_id = ? LIMIT 1", (checkout_form_id,))
        return row.fetchone() is not None

    def ledger_add(self, checkout_form_id: str, revision: str, kind: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO sync_ledger (checkout_form_id, revision, kind, applied_at) VALUES (?,?,?,?)",
            (checkout_form_id, revision, kind, _now()),
        )

    def ledger_marked(self, kind: str, checkout_form_ids: Iterable[str] | None = None) -> frozenset[str]:
        """Those of ``checkout_form_ids`` (None: all) the ledger marks with ``kind`` (DROPPED, REPLACED)."""
        if checkout_form_ids is None:
            rows = self.conn.execute("SELECT checkout_form_id FROM sync_ledger WHERE kind = ?", (kind,))
            return frozenset(row[0] for row in rows)
        ids, marked = list(dict.fromkeys(checkout_form_ids)), set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.conn.execute(
                f"SELECT checkout_form_id FROM sync_ledger WHERE kind = ? AND checkout_form_id IN"
                f" ({','.join('?' * len(chunk))})",
                (kind, *chunk),
            )
            marked.update(row[0] for row in rows)
        return frozenset(marked)

    # quarantine ---------------------------------------------------------------------------------------------------
    def quarantine(self, checkout_form_id: str, kind: str, reason: str, form_updated_at: str | None = None) -> int:
        now = _now()
        self.conn.execute(
            "INSERT INTO sync_quarantine (checkout_form_id, kind, reason, attempts, first_failed_at, last_failed_at)"
            " VALUES (?,?,?,1,?,?) ON CONFLICT(checkout_form_id) DO UPDATE SET kind = excluded.kind,"
            " reason = excluded.reason, attempts = attempts + 1, last_failed_at = excluded.last_failed_at",
            (checkout_form_id, kind, reason, now, now),
        )
        if form_updated_at:
            self.conn.execute(
                "INSERT OR REPLACE INTO sync_quarantine_forms (checkout_form_id, updated_at) VALUES (?, ?)",
                (checkout_form_id, form_updated_at),
            )
        row = self.conn.execute(
            "SELECT attempts FROM sync_quarantine WHERE checkout_form_id = ?", (checkout_form_id,)
        ).fetchone()
        return int(row[0])

    def release(self, checkout_form_id: str) -> None:
        self.conn.execute("DELETE FROM sync_quarantine WHERE checkout_form_id = ?", (checkout_form_id,))
        self.conn.execute("DELETE FROM sync_quarantine_forms WHERE checkout_form_id = ?", (checkout_form_id,))

    def quarantined(self) -> Iterator[QuarantineEntry]:
        """Orders set aside and waiting (not those an integrator dropped)."""
        rows = self.conn.execute(
            "SELECT q.checkout_form_id, kind, reason, attempts, last_failed_at, f.updated_at FROM sync_quarantine q"
            " LEFT JOIN sync_quarantine_forms f ON f.checkout_form_id = q.checkout_form_id"
            " WHERE NOT EXISTS (SELECT 1 FROM sync_ledger l WHERE l.checkout_form_id = q.checkout_form_id"
            " AND l.kind = 'DROPPED') ORDER BY first_failed_at, q.checkout_form_id"
        ).fetchall()
        return (QuarantineEntry(*row) for row in rows)

    # outbox -------------------------------------------------------------------------------------------------------
    def queue_email(self, email: QueuedEmail) -> bool:
        """Queue ``email`` in the caller's transaction; False when it was already queued (same Message-ID)."""
        return queue_email(self.conn, email)

    def archival_emails_queued(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM outbox WHERE archival = 1").fetchone()[0])
