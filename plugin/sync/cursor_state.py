"""Sync state as plain data changed by small pure functions (Singer style): the bookmark only moves forward.

Phases: ``new`` (never ran) → ``backfill`` (catching up orders bought since ``connected_since`` through the
listing, the journal head remembered) → ``events`` (following ``/order/events`` from ``cursor``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Literal

from plugin.exceptions import AccountMismatchError

Phase = Literal["new", "backfill", "events"]


@dataclass(frozen=True)
class SyncState:
    phase: Phase = "new"
    account_id: str | None = None
    cursor: str | None = None  # the last event applied (exclusive ``from`` of the next page)
    backfill_head: str | None = None  # the journal head when the backfill began
    backfill_until: str | None = None  # ISO time the backfill listing ends at (purchases after it are events)
    synced_at: str | None = None  # ISO time the journal was last read to its end
    archival_done: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> SyncState:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(**{key: value for key, value in data.items() if key in cls.__dataclass_fields__})


def event_order(event_id: str) -> tuple[int, str]:
    """Allegro's event ids are numeric strings; compare them as numbers (shorter is smaller)."""
    return (len(event_id), event_id)


def bind_account(state: SyncState, account_id: str) -> SyncState:
    """Remember the Allegro account on first use; refuse a different one later."""
    if state.account_id is None:
        return replace(state, account_id=account_id)
    if state.account_id != account_id:
        raise AccountMismatchError(
            f"The Allegro token belongs to account {account_id}, but this shop was synchronised with account "
            f"{state.account_id}. Run `allegro-sync connect MANIFEST` and log in as the shop's Allegro account, "
            "or point shop.backend.path at a new shop database for the other account."
        )
    return state


def begin_backfill(state: SyncState, head: str | None, until: datetime) -> SyncState:
    if state.phase != "new":
        return state
    return replace(state, phase="backfill", backfill_head=head, backfill_until=until.isoformat())


def finish_backfill(state: SyncState, at: datetime) -> SyncState:
    if state.phase != "backfill":
        return state
    return replace(state, phase="events", cursor=state.backfill_head, synced_at=at.isoformat())


def advance(state: SyncState, event_id: str) -> SyncState:
    """Move the cursor to ``event_id`` unless that would move it back."""
    if state.cursor is not None and event_order(event_id) <= event_order(state.cursor):
        return state
    return replace(state, cursor=event_id)


def caught_up(state: SyncState, at: datetime, head: str | None = None) -> SyncState:
    """The journal was read to its end at ``at`` (and, after a catch-up by listing, jump to ``head``)."""
    moved = advance(state, head) if head is not None else state
    return replace(moved, synced_at=at.isoformat())


def archival_done(state: SyncState) -> SyncState:
    return replace(state, archival_done=True)
