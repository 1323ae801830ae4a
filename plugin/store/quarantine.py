"""Managing orders the engine set aside: list them, retry them, or give one up on purpose.

The quarantine is part of the sync store. An order stays in ``sync_quarantine`` with its reason and attempts.
Retrying resets its attempts, so the next ``run`` fetches and applies it again. Dropping keeps the row and adds
a ``DROPPED`` mark to ``sync_ledger``: the store remembers the decision, ``run`` passes the order over (events
and listings alike), and only an explicit retry takes it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from plugin.exceptions import QuarantineError
from plugin.store.sync_store import DROPPED, SyncStore

MAX_ATTEMPTS = 5  # the engine retries an order this many times, then waits for a decision (see sync.phases)
State = Literal["retrying", "given up", "dropped"]

_LIST_SQL = """
SELECT q.checkout_form_id, q.kind, q.reason, q.attempts, q.first_failed_at, q.last_failed_at, l.applied_at
FROM sync_quarantine q
LEFT JOIN sync_ledger l ON l.checkout_form_id = q.checkout_form_id AND l.revision = '-' AND l.kind = 'DROPPED'
ORDER BY q.first_failed_at, q.checkout_form_id
"""


@dataclass(frozen=True)
class SetAside:
    """One set-aside order as the ``quarantine`` command shows it."""

    checkout_form_id: str
    kind: str  # the event type it failed on
    reason: str
    attempts: int
    first_attempt: str  # ISO-8601 UTC
    last_attempt: str
    dropped_at: str | None

    @property
    def state(self) -> State:
        if self.dropped_at is not None:
            return "dropped"
        return "given up" if self.attempts >= MAX_ATTEMPTS else "retrying"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "state": self.state}


def set_aside(store: SyncStore) -> list[SetAside]:
    """Every order in quarantine, oldest failure first, dropped ones included."""
    return [SetAside(*row) for row in store.conn.execute(_LIST_SQL)]


def _known(store: SyncStore, ids: Iterable[str]) -> dict[str, SetAside]:
    """The entries for ``ids``; any id not in quarantine is an error naming every such id."""
    wanted = list(dict.fromkeys(ids))
    entries = {entry.checkout_form_id: entry for entry in set_aside(store)}
    unknown = [form_id for form_id in wanted if form_id not in entries]
    if unknown:
        raise QuarantineError(
            f"no set-aside order with checkout form id {', '.join(unknown)} in {store.path}; "
            "`allegro-sync quarantine MANIFEST` lists the ids you can retry or drop."
        )
    return {form_id: entries[form_id] for form_id in wanted}


def retry(store: SyncStore, ids: Iterable[str] | None = None) -> list[str]:
    """Reset the attempts of ``ids`` (all not dropped when None; a dropped one only when named) so the next
    ``run`` tries them again. Nothing changes if any id is unknown."""
    if ids is None:
        chosen = [e.checkout_form_id for e in set_aside(store) if e.state != "dropped"]
    else:
        chosen = list(_known(store, ids))
    with store.transaction():
        for form_id in chosen:
            store.conn.execute("UPDATE sync_quarantine SET attempts = 0 WHERE checkout_form_id = ?", (form_id,))
            store.conn.execute(
                "DELETE FROM sync_ledger WHERE checkout_form_id = ? AND revision = '-' AND kind = ?",
                (form_id, DROPPED),
            )
    return chosen


def drop(store: SyncStore, ids: Iterable[str]) -> list[str]:
    """Give ``ids`` up: the ledger records when, and ``run`` never imports them unless they are retried.
    Dropping an order already dropped keeps its first date. Nothing changes if any id is unknown."""
    chosen = list(_known(store, ids))
    now = datetime.now(UTC).isoformat()
    with store.transaction():
        store.conn.executemany(
            "INSERT OR IGNORE INTO sync_ledger (checkout_form_id, revision, kind, applied_at) VALUES (?, '-', ?, ?)",
            [(form_id, DROPPED, now) for form_id in chosen],
        )
    return chosen
