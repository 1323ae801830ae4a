"""``status``: what happened last night and what waits for a person, from the sync store (and Allegro's journal
head, when asked). Read from an in-memory copy of the store: status never writes, and works on a read-only file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from plugin.emails.outbox import count_by_status
from plugin.exceptions import AllegroSyncError
from plugin.manifest.model import Manifest
from plugin.store import quarantine
from plugin.store.open_store import copy_store
from plugin.store.operations import imported_since, last_runs
from plugin.store.sync_store import SyncStore
from plugin.sync.cursor_state import SyncState
from plugin.sync.text_report import plural

WARSAW = ZoneInfo("Europe/Warsaw")  # "today" and "this week" are the shop's, not UTC's
TOP_REASONS = 5

HeadReader = Callable[[Manifest], str | None]


def allegro_head(manifest: Manifest) -> str | None:
    """The newest event id in Allegro's order journal."""
    from plugin.sync.runner import open_source

    return open_source(manifest).latest_event_id()  # type: ignore[attr-defined]


def shop_status(manifest: Manifest, *, head: HeadReader | None = allegro_head, now: datetime | None = None) -> dict:
    """The whole picture as one JSON-ready dict; ``needs`` lists what waits for a person (empty: healthy)."""
    now = now or datetime.now(UTC)
    store = copy_store(manifest)
    try:
        data = _local(store, now)
    finally:
        store.close()
    data["allegro"] = _allegro(manifest, data["cursor"]["cursor"], head)
    data["needs"] = _needs(data)
    data["healthy"] = not data["needs"]
    return data


def _local(store: SyncStore, now: datetime) -> dict[str, Any]:
    state = SyncState.from_json(store.load_state_json())
    runs = last_runs(store, 1)
    failures = [r for r in last_runs(store, 20) if r.result not in ("ok", "partial")]
    local = now.astimezone(WARSAW)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    entries = quarantine.set_aside(store)
    waiting = [e for e in entries if e.state != "dropped"]
    reasons = Counter(e.reason for e in waiting)
    return {
        "store": str(store.path),
        "last_run": runs[0].to_json() if runs else None,
        "last_failure": failures[0].to_json() if failures else None,
        "cursor": {"cursor": state.cursor, "phase": state.phase, "journal_read_at": state.synced_at},
        "orders_imported": {
            "today": imported_since(store, midnight),
            "this_week": imported_since(store, midnight - timedelta(days=local.weekday())),
        },
        "quarantine": {
            "waiting": len(waiting),
            "by_state": dict(Counter(e.state for e in entries)),
            "by_reason": [{"reason": r, "orders": n} for r, n in reasons.most_common(TOP_REASONS)],
            "other_reasons": max(len(reasons) - TOP_REASONS, 0),
        },
        "emails": {
            status: count_by_status(store.conn).get(status, 0) for status in ("queued", "failed", "sent", "held")
        },
        "offers": _offers(store),
    }


def _offers(store: SyncStore) -> dict[str, Any]:
    """Offer ↔ product links as the stock push keeps them (``sync_offer_links``), when it has run."""
    found = store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_offer_links'").fetchone()
    if not found:
        return {"known": False, "note": "no offer links recorded yet: sync.push_stock (stock push) records them"}
    linked, unlinked, failed = store.conn.execute(
        "SELECT COUNT(product_code), COUNT(*) - COUNT(product_code), COUNT(failure) FROM sync_offer_links"
    ).fetchone()
    if linked + unlinked == 0:
        return {"known": False, "note": "no offer links recorded yet: sync.push_stock (stock push) records them"}
    return {"known": True, "linked": linked, "unlinked": unlinked, "push_failed": failed}


def _allegro(manifest: Manifest, cursor: str | None, head: HeadReader | None) -> dict[str, Any]:
    if head is None:
        return {"asked": False}
    try:
        latest = head(manifest)
    except AllegroSyncError as exc:
        return {"asked": True, "error": str(exc)}
    behind = None
    if latest and cursor and latest.isdigit() and cursor.isdigit():
        behind = max(int(latest) - int(cursor), 0)  # Allegro's ids grow; the gap bounds the events not read
    return {"asked": True, "head": latest, "up_to_date": latest is None or latest == cursor, "behind_events": behind}


def _needs(data: dict[str, Any]) -> list[str]:
    """What waits for a person, each with the command that deals with it."""
    needs = []
    waiting = data["quarantine"]["waiting"]
    if waiting:
        needs.append(
            f"{plural(waiting, 'set-aside order')}: `allegro-sync quarantine MANIFEST` (--retry ID… / --drop ID…)"
        )
    failed = data["emails"]["failed"]
    if failed:
        needs.append(
            f"{plural(failed, 'failed email')}: `allegro-sync emails list MANIFEST --failed`, then `emails retry`"
        )
    last = data["last_run"]
    if last and last["result"] not in ("ok", "partial"):
        needs.append(f"the last run failed ({last['result']}): {last['message']}")
    return needs
