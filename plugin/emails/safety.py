"""The archival-orders guard: the old integration once mailed every buyer of every still-running offer,
years back. Here an email for an archival order goes out only with ``email.archived_orders: {send: true,
max: N}``, and never more than N in total, counted from the outbox's sent rows at delivery time (the engine
checks the same policy when queueing; this is the second, independent check)."""

from __future__ import annotations

import sqlite3

from plugin.emails.outbox import count_by_status
from plugin.manifest.model import ArchivedOrdersEmailPolicy, Manifest


def policy_of(manifest: Manifest) -> ArchivedOrdersEmailPolicy:
    return manifest.email.archived_orders if manifest.email else ArchivedOrdersEmailPolicy()


def archival_limit(policy: ArchivedOrdersEmailPolicy) -> int:
    """How many archival emails may ever be sent: 0 unless ``send`` is true and ``max`` is given."""
    if not policy.send or policy.max is None:
        return 0
    return max(policy.max, 0)


def archival_sent(conn: sqlite3.Connection) -> int:
    return count_by_status(conn, archival=True).get("sent", 0)


def archival_budget(conn: sqlite3.Connection, policy: ArchivedOrdersEmailPolicy) -> int:
    """Archival emails still allowed, after those already sent."""
    return max(archival_limit(policy) - archival_sent(conn), 0)


def hold_reason(policy: ArchivedOrdersEmailPolicy, budget: int) -> str | None:
    """Why an archival email must wait (None: it may go). Every reason names the manifest key to change."""
    if not policy.send:
        return "archival order: held because email.archived_orders.send is false (set send: true and max: N to mail it)"
    if policy.max is None:
        return "archival order: held because email.archived_orders.max is missing (name a limit, e.g. max: 50)"
    if budget <= 0:
        return (
            f"archival order: held because email.archived_orders.max ({policy.max}) archival emails were already sent"
        )
    return None


def effective_cap(manifest: Manifest, limit: int | None) -> int | None:
    """The per-run cap: the smaller of ``--limit`` and ``email.max_per_run``."""
    caps = [c for c in (limit, manifest.email.max_per_run if manifest.email else None) if c is not None]
    return min(caps) if caps else None
