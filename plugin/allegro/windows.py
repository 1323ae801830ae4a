"""Reading past the listing's 10,000-result cap: page by 100, and when offset+limit would pass 10,000,
start a new window at the last time seen (skipping the ids already read at exactly that time)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from plugin.allegro.models import CheckoutForm
from plugin.exceptions import AllegroAPIError

PAGE = 100
MAX_RESULT = 10_000

FetchPage = Callable[[datetime | None, int], list[CheckoutForm]]  # (window start, offset) → one page


def windowed(
    fetch: FetchPage,
    key: Callable[[CheckoutForm], datetime | None],
    start: datetime | None,
    *,
    page_size: int = PAGE,
    cap: int = MAX_RESULT,
) -> Iterator[CheckoutForm]:
    """Every form of an ascending listing once, however long; ``key`` is the sort time of a form."""
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
        for form in page:
            if form.id in edge_ids:
                continue
            moment = key(form)
            if moment is not None and (edge is None or moment > edge):
                edge, edge_ids = moment, set()
            edge_ids.add(form.id)
            yield form
        if len(page) < page_size:
            return
        offset += page_size
