"""The outbox: emails queued in the shop database in the same transaction as the order that caused them.

Queueing is idempotent (the primary key is the deterministic Message-ID), so replaying an event never queues
a second email. Delivery reads ``queued`` rows after the transaction committed and marks each one ``sent``
only after its transport accepted it: at least once, and never again once marked sent.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

OUTBOX_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS outbox (
    message_id       TEXT PRIMARY KEY,          -- deterministic: <template.checkout_form_id@shop-domain>
    template         TEXT NOT NULL,             -- order_confirmation | customer_registration
    recipient        TEXT NOT NULL,
    recipient_name   TEXT,
    language         TEXT NOT NULL,             -- pl | en
    archival         INTEGER NOT NULL DEFAULT 0,
    checkout_form_id TEXT,
    context_json     TEXT NOT NULL,             -- the documented template context, JSON
    status           TEXT NOT NULL DEFAULT 'queued',  -- queued | sent | failed | held (archival, over the limit)
                                                -- | skipped (never sendable: no usable address; see last_error)
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    sent_at          TEXT
);
CREATE INDEX IF NOT EXISTS outbox_status ON outbox(status, created_at);
"""

TEMPLATES: tuple[str, ...] = ("order_confirmation", "customer_registration")


def message_id(template: str, key: str, shop_domain: str) -> str:
    """The Message-ID a receiver can drop duplicates by: same order and template, same id, every time."""
    return f"<{template}.{key}@{shop_domain}>"


@dataclass(frozen=True)
class QueuedEmail:
    message_id: str
    template: str
    recipient: str
    recipient_name: str | None
    language: str
    archival: bool
    checkout_form_id: str | None
    context: dict[str, Any]
    status: str = "queued"  # or "skipped", with ``last_error`` saying why it can never be sent
    attempts: int = 0
    last_error: str | None = None


def queue_email(conn: sqlite3.Connection, email: QueuedEmail) -> bool:
    """Queue ``email`` inside the caller's transaction; returns False when it was already queued."""
    if email.status not in ("queued", "skipped"):
        raise ValueError(f"an email is queued or skipped, not {email.status!r}")
    if email.template not in TEMPLATES:
        raise ValueError(f"unknown email template {email.template!r}; known: {', '.join(TEMPLATES)}")
    cursor = conn.execute(
        "INSERT OR IGNORE INTO outbox (message_id, template, recipient, recipient_name, language, archival,"
        " checkout_form_id, context_json, status, last_error, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            email.message_id,
            email.template,
            email.recipient,
            email.recipient_name,
            email.language,
            int(email.archival),
            email.checkout_form_id,
            json.dumps(email.context, ensure_ascii=False, sort_keys=True),
            email.status,
            email.last_error,
            datetime.now(UTC).isoformat(),
        ),
    )
    return cursor.rowcount == 1


def pending(conn: sqlite3.Connection, limit: int | None = None) -> list[QueuedEmail]:
    """Queued messages, oldest first."""
    sql = (
        "SELECT message_id, template, recipient, recipient_name, language, archival, checkout_form_id,"
        " context_json, status, attempts FROM outbox WHERE status = 'queued' ORDER BY created_at, message_id"
    )
    params: tuple[Any, ...] = ()
    if limit is not None:
        sql += " LIMIT ?"
        params = (limit,)
    return [_row(row) for row in conn.execute(sql, params)]


MAX_ATTEMPTS = 5  # transient failures before a message is marked failed for good
_COLUMNS = (
    "message_id, template, recipient, recipient_name, language, archival, checkout_form_id,"
    " context_json, status, attempts"
)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the outbox table when missing (the shop backend normally does this)."""
    conn.executescript(OUTBOX_SCHEMA_SQL)


def _row(row: tuple[Any, ...]) -> QueuedEmail:
    return QueuedEmail(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], json.loads(row[7]), row[8], row[9])


def held(conn: sqlite3.Connection, limit: int) -> list[QueuedEmail]:
    """Archival messages held back by the policy, oldest first (re-examined when the policy allows more)."""
    sql = f"SELECT {_COLUMNS} FROM outbox WHERE status = 'held' ORDER BY created_at, message_id LIMIT ?"
    return [_row(row) for row in conn.execute(sql, (limit,))]


def find(conn: sqlite3.Connection, key: str, template: str | None = None) -> QueuedEmail | None:
    """The message for a checkout-form id, shop order number or Message-ID (newest first when several)."""
    sql = (
        f"SELECT {_COLUMNS} FROM outbox WHERE (checkout_form_id = ? OR message_id = ?"
        " OR json_extract(context_json, '$.order.number') = ?) AND (? IS NULL OR template = ?)"
        " ORDER BY created_at DESC LIMIT 1"
    )
    row = conn.execute(sql, (key, key, key, template, template)).fetchone()
    return _row(row) if row else None


def status_of(conn: sqlite3.Connection, message_id: str) -> str | None:
    row = conn.execute("SELECT status FROM outbox WHERE message_id = ?", (message_id,)).fetchone()
    return row[0] if row else None


def sent_among(conn: sqlite3.Connection, message_ids: list[str]) -> set[str]:
    """Which of ``message_ids`` are already marked sent (one query for a whole group)."""
    found: set[str] = set()
    for start in range(0, len(message_ids), 500):  # SQLite's bound-parameter limit
        chunk = message_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT message_id FROM outbox WHERE status = 'sent' AND message_id IN ({marks})"
        found.update(row[0] for row in conn.execute(sql, chunk))
    return found


def mark_sent(conn: sqlite3.Connection, message_id: str) -> None:
    """Record delivery and commit at once: a crash after this line never sends the message again."""
    with conn:
        conn.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL"
            " WHERE message_id = ? AND status != 'sent'",
            (datetime.now(UTC).isoformat(), message_id),
        )


def mark_sent_many(conn: sqlite3.Connection, message_ids: list[str]) -> None:
    """Group commit: record a batch as sent in ONE transaction, once every message in it is durable."""
    if not message_ids:
        return
    now = datetime.now(UTC).isoformat()
    with conn:
        conn.executemany(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL"
            " WHERE message_id = ? AND status != 'sent'",
            [(now, message_id) for message_id in message_ids],
        )


def mark_failed(conn: sqlite3.Connection, message_id: str, error: str, *, permanent: bool) -> str:
    """Count a failed attempt; the message stays queued until ``MAX_ATTEMPTS`` or a permanent error."""
    with conn:
        conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
            " status = CASE WHEN ? OR attempts + 1 >= ? THEN 'failed' ELSE 'queued' END"
            " WHERE message_id = ? AND status != 'sent'",
            (error[:2000], int(permanent), MAX_ATTEMPTS, message_id),
        )
    return status_of(conn, message_id) or "failed"


def mark_held(conn: sqlite3.Connection, message_id: str, reason: str) -> None:
    with conn:
        conn.execute(
            "UPDATE outbox SET status = 'held', last_error = ? WHERE message_id = ? AND status != 'sent'",
            (reason, message_id),
        )


def count_by_status(conn: sqlite3.Connection, *, archival: bool | None = None) -> dict[str, int]:
    """``{status: count}``, optionally only archival (or only new) messages."""
    sql = "SELECT status, COUNT(*) FROM outbox WHERE (? IS NULL OR archival = ?) GROUP BY status"
    flag = None if archival is None else int(archival)
    return dict(conn.execute(sql, (flag, flag)).fetchall())


@dataclass(frozen=True)
class OutboxEntry:
    """One outbox row as ``emails list`` shows it: ``id`` is the row number ``emails retry --id`` takes."""

    id: int
    status: str
    template: str
    recipient: str
    checkout_form_id: str | None
    archival: bool
    attempts: int
    reason: str | None
    created_at: str
    sent_at: str | None

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def entries(conn: sqlite3.Connection, statuses: tuple[str, ...] = ()) -> list[OutboxEntry]:
    """Outbox rows, oldest first; only those in ``statuses`` when given."""
    marks = ",".join("?" * len(statuses))
    where = f"WHERE status IN ({marks})" if statuses else ""
    sql = (
        "SELECT rowid, status, template, recipient, checkout_form_id, archival, attempts, last_error, created_at,"
        f" sent_at FROM outbox {where} ORDER BY created_at, rowid"
    )
    return [OutboxEntry(*row[:5], bool(row[5]), *row[6:]) for row in conn.execute(sql, statuses)]


def requeue(conn: sqlite3.Connection, ids: list[int] | None) -> list[int]:
    """Queue failed messages again with fresh attempts (all failed ones when ``ids`` is None); returns their ids.

    An id that is not a failed message changes nothing and raises ``EmailError`` naming every such id."""
    from plugin.exceptions import EmailError

    with conn:
        if ids is None:
            chosen = [row[0] for row in conn.execute("SELECT rowid FROM outbox WHERE status = 'failed' ORDER BY rowid")]
        else:
            chosen = sorted(set(ids))
            found = (
                dict(
                    conn.execute(
                        f"SELECT rowid, status FROM outbox WHERE rowid IN ({','.join('?' * len(chosen))})", chosen
                    ).fetchall()
                )
                if chosen
                else {}
            )
            wrong = [f"{i} ({found.get(i, 'no such email')})" for i in chosen if found.get(i) != "failed"]
            if wrong:
                raise EmailError(
                    f"only failed emails can be retried; not failed: {', '.join(wrong)}. "
                    "`allegro-sync emails list MANIFEST --failed` shows their ids"
                )
        conn.executemany(
            "UPDATE outbox SET status = 'queued', attempts = 0 WHERE rowid = ? AND status = 'failed'",
            [(i,) for i in chosen],
        )
    return chosen
