"""Reading past the listing's 10,000-result cap: page by 100, and when offset+limit would pass 10,000,
start a new window at the last time seen (skipping the ids already read at exactly that time).

Works on the raw JSON objects so that callers parse only the forms they keep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from plugin.allegro.models import parse_time
from plugin.exceptions import AllegroAPIError

PAGE = 100
MAX_RESULT = 10_000

Raw = dict[str, Any]
FetchPage = Callable[[datetime | None, int], list[Raw]]  # (window start, offset) → one page of raw forms


def bought_time(form: Raw) -> datetime | None:
    """The listing's ``lineItems.boughtAt`` order: the earliest purchase time of the form's items."""
    times = [parse_time(item.get("boughtAt")) for item in form.get("lineItems") or []]
    present = [t for t in times if t]
    return min(present) if present else None


def updated_time(form: Raw) -> datetime | None:
    return parse_time(form.get("updatedAt"))


def windowed(
    fetch: FetchPage,
    key: Callable[[Raw], datetime | None],
    start: datetime | None,
    *,
    page_size: int = PAGE,
    cap: int = MAX_RESULT,
) -> Iterator[list[Raw]]:
    """Every form of an ascending listing once, page by page, however long; ``key`` is a form's sort time."""
    window, offset = start, 0
    edge: datetime | None = None
    edge_ids: set[str] = set()
    while True:
        if offset + page_size > cap:
            if edge is None or edge == window:
                raise AllegroAPIError(
                    f"more than {cap} checkout forms share the time {edge}; the listing cannot be windowed"
                )
            window, offset = edge, 0
        page = fetch(window, offset)
        fresh = []
        for form in page:
            if form["id"] in edge_ids:
                continue
            moment = key(form)
            if moment is not None and (edge is None or moment > edge):
                edge, edge_ids = moment, set()
            edge_ids.add(form["id"])
            fresh.append(form)
        yield fresh
        if len(page) < page_size:
            return
        offset += page_size
