"""The order event journal (``/order/events``): ascending numeric ids, 60-day retention, cursor reads."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from plugin.allegro.models import format_time
from plugin.simulator.store import micros

RETENTION = timedelta(days=60)


@dataclass(frozen=True)
class JournalEntry:
    """An event kept compactly: the order summary is shared by all events of one purchase."""

    id: int
    type: str
    occurred_at: datetime
    form_id: str
    revision: str | None
    summary: dict[str, Any]

    @cached_property
    def encoded(self) -> bytes:
        """The event as JSON bytes, made once: events never change, and pages of 1,000 are read often."""
        return json.dumps(self.to_json(), ensure_ascii=False).encode("utf-8")

    def to_json(self) -> dict[str, Any]:
        checkout_form: dict[str, Any] = {"id": self.form_id}
        if self.revision:
            checkout_form["revision"] = self.revision
        return {
            "id": str(self.id),
            "order": {**self.summary, "checkoutForm": checkout_form},
            "type": self.type,
            "occurredAt": format_time(self.occurred_at),
        }


class Journal:
    """Events in id order; ids are microsecond timestamps made strictly increasing, as Allegro's look."""

    def __init__(self) -> None:
        self.entries: list[JournalEntry] = []
        self.ids: list[int] = []

    def __len__(self) -> int:
        return len(self.entries)

    def append(
        self, kind: str, at: datetime, form_id: str, revision: str | None, summary: dict[str, Any]
    ) -> JournalEntry:
        event_id = max(micros(at), (self.ids[-1] + 1) if self.ids else 0)
        entry = JournalEntry(event_id, kind, at, form_id, revision, summary)
        self.entries.append(entry)
        self.ids.append(event_id)
        return entry

    def prune(self, now: datetime) -> int:
        """Drops events older than the 60-day retention; returns how many went."""
        cutoff = micros(now - RETENTION)
        drop = bisect.bisect_left(self.ids, cutoff)
        if drop:
            del self.entries[:drop]
            del self.ids[:drop]
        return drop

    def page(self, from_id: int | None, limit: int, types: frozenset[str] | None) -> list[JournalEntry]:
        """Events after ``from_id`` (exclusive), oldest first; without it, the oldest retained."""
        start = 0 if from_id is None else bisect.bisect_right(self.ids, from_id)
        if not types:
            return self.entries[start : start + limit]
        found: list[JournalEntry] = []
        for at in range(start, len(self.entries)):
            entry = self.entries[at]
            if entry.type in types:
                found.append(entry)
                if len(found) == limit:
                    break
        return found

    def latest(self) -> JournalEntry | None:
        return self.entries[-1] if self.entries else None
