"""Checkout forms in memory with sorted indexes, so a listing page costs a bisection, not a sort.

Two indexes (by purchase time and by ``updatedAt``), each kept per status and for all statuses, hold
``(time in µs, id)`` pairs in ascending order. A page is a slice: O(log n + page).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from plugin.allegro.models import parse_time

ALL = "*"
STATUSES = ("BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "CANCELLED")


def micros(value: datetime) -> int:
    return int(value.timestamp() * 1_000_000)


def bought_key(form: dict[str, Any]) -> int:
    times = [parse_time(i.get("boughtAt")) for i in form.get("lineItems") or []]
    present = [t for t in times if t]
    return micros(min(present)) if present else updated_key(form)


def updated_key(form: dict[str, Any]) -> int:
    value = parse_time(form.get("updatedAt"))
    return micros(value) if value else 0


class SortedIndex:
    """Ascending ``(key, id)`` pairs per status; insertion and removal by bisection."""

    def __init__(self) -> None:
        self.lists: dict[str, list[tuple[int, str]]] = {s: [] for s in (ALL, *STATUSES)}

    def add(self, key: int, form_id: str, status: str) -> None:
        for name in (ALL, status):
            entries = self.lists.setdefault(name, [])
            if not entries or entries[-1] < (key, form_id):
                entries.append((key, form_id))  # the common case while seeding: appended in time order
            else:
                bisect.insort(entries, (key, form_id))

    def remove(self, key: int, form_id: str, status: str) -> None:
        for name in (ALL, status):
            entries = self.lists[name]
            at = bisect.bisect_left(entries, (key, form_id))
            if at < len(entries) and entries[at] == (key, form_id):
                del entries[at]

    def window(self, status: str | None, gte: int | None, lte: int | None) -> tuple[list[tuple[int, str]], int, int]:
        """The list and the ``[start, stop)`` range of entries whose key lies in ``[gte, lte]``."""
        entries = self.lists.get(status or ALL, [])
        start = 0 if gte is None else bisect.bisect_left(entries, (gte, ""))
        stop = len(entries) if lte is None else bisect.bisect_right(entries, (lte, "\uffff"))
        return entries, start, max(start, stop)


class OrderStore:
    """The seller's checkout forms by id, indexed for ``GET /order/checkout-forms``."""

    def __init__(self) -> None:
        self.forms: dict[str, dict[str, Any]] = {}
        self._keys: dict[str, tuple[int, int, str]] = {}  # id → (bought key, updated key, status)
        self.by_bought = SortedIndex()
        self.by_updated = SortedIndex()

    def __len__(self) -> int:
        return len(self.forms)

    def get(self, form_id: str) -> dict[str, Any] | None:
        return self.forms.get(form_id)

    def put(self, form: dict[str, Any]) -> None:
        """Insert or replace a form (after a lifecycle step) and move it in the indexes."""
        form_id = form["id"]
        self.remove(form_id)
        bought, updated, status = bought_key(form), updated_key(form), form["status"]
        self.forms[form_id] = form
        self._keys[form_id] = (bought, updated, status)
        self.by_bought.add(bought, form_id, status)
        self.by_updated.add(updated, form_id, status)

    def remove(self, form_id: str) -> dict[str, Any] | None:
        form = self.forms.pop(form_id, None)
        if form is not None:
            bought, updated, status = self._keys.pop(form_id)
            self.by_bought.remove(bought, form_id, status)
            self.by_updated.remove(updated, form_id, status)
        return form

    def page(
        self,
        *,
        sort: str,
        status: str | None,
        bought: tuple[int | None, int | None],
        updated: tuple[int | None, int | None],
        offset: int,
        limit: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the listing and the total count; one time filter is served by the index."""
        by_updated = sort.lstrip("-") == "updatedAt"
        index, own, other = (self.by_updated, updated, bought) if by_updated else (self.by_bought, bought, updated)
        entries, start, stop = index.window(status, *own)
        descending = sort.startswith("-")
        if other == (None, None):
            total = stop - start
            if descending:
                chosen = entries[max(start, stop - offset - limit) : max(start, stop - offset)][::-1]
            else:
                chosen = entries[start + offset : min(stop, start + offset + limit)]
            return [self.forms[i] for _, i in chosen], total
        matches = list(
            self._filtered(entries, start=start, stop=stop, descending=descending, other=other, by_updated=by_updated)
        )
        return [self.forms[i] for i in matches[offset : offset + limit]], len(matches)

    def _filtered(
        self, entries: list, *, start: int, stop: int, descending: bool, other: tuple, by_updated: bool
    ) -> Iterator[str]:
        gte, lte = other
        span = range(stop - 1, start - 1, -1) if descending else range(start, stop)
        for at in span:
            form_id = entries[at][1]
            key = self._keys[form_id][0 if by_updated else 1]
            if (gte is None or key >= gte) and (lte is None or key <= lte):
                yield form_id

    def counts(self) -> dict[str, int]:
        return {s: len(self.by_bought.lists.get(s, [])) for s in STATUSES}
