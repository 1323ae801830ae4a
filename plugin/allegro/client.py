"""The Allegro REST endpoints allegro-sync uses, as typed methods; pagination is hidden behind iterators."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from typing import Any

from plugin.allegro.models import CheckoutForm, OrderEvent, format_time
from plugin.allegro.offer_calls import OfferCalls
from plugin.allegro.transport import Transport
from plugin.allegro.windows import PAGE, bought_time, updated_time, windowed
from plugin.exceptions import AllegroAPIError

#: Allegro's ``location.province`` values for ``countryCode: PL`` (the spec's ``Location`` lists them).
PROVINCES: tuple[str, ...] = (
    "DOLNOSLASKIE",
    "KUJAWSKO_POMORSKIE",
    "LUBELSKIE",
    "LUBUSKIE",
    "LODZKIE",
    "MALOPOLSKIE",
    "MAZOWIECKIE",
    "OPOLSKIE",
    "PODKARPACKIE",
    "PODLASKIE",
    "POMORSKIE",
    "SLASKIE",
    "SWIETOKRZYSKIE",
    "WARMINSKO_MAZURSKIE",
    "WIELKOPOLSKIE",
    "ZACHODNIOPOMORSKIE",
)
MIN_HITS = 10  # a listing page (100 forms) costs about as much time as ten single GETs
WANTED_PER_PAGE = 2  # read a whole updatedAt window when it costs ≤ 1 call per 2 wanted forms (calls are limited)


def _time_params(**values: datetime | None) -> list[tuple[str, str]]:
    names = {
        "bought_gte": "lineItems.boughtAt.gte",
        "bought_lte": "lineItems.boughtAt.lte",
        "updated_gte": "updatedAt.gte",
        "updated_lte": "updatedAt.lte",
    }
    return [(names[k], format_time(v)) for k, v in values.items() if v is not None]


class AllegroClient(OfferCalls):
    """One connected Allegro account. ``calls`` counts HTTP requests to the API (retries included)."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.account: dict[str, Any] | None = None

    @property
    def calls(self) -> int:
        return self.transport.calls

    # --- account and events -----------------------------------------------------------------------------
    def me(self) -> dict:
        self.account = self._get("/me")
        return self.account

    def latest_event_id(self) -> str | None:
        """The head of the order journal: start here to see only new events."""
        latest = (self._get("/order/event-stats") or {}).get("latestEvent") or {}
        return latest.get("id")

    def event_page(
        self, from_id: str | None, *, limit: int = 1000, types: Sequence[str] | None = None
    ) -> list[OrderEvent]:
        if not 1 <= limit <= 1000:
            raise AllegroAPIError(f"events are read 1 to 1000 at a time, not {limit}")
        params: list[tuple[str, Any]] = [("limit", limit)]
        if from_id:
            params.append(("from", from_id))
        params += [("type", t) for t in types or ()]
        body = self._get("/order/events", params) or {}
        return [OrderEvent.parse(e) for e in body.get("events") or []]

    def events(
        self, from_id: str | None, *, limit: int = 1000, types: Sequence[str] | None = None
    ) -> Iterator[OrderEvent]:
        """Every event after ``from_id`` up to the journal's head, oldest first, each once."""
        cursor = from_id
        while True:
            page = self.event_page(cursor, limit=limit, types=types)
            yield from page
            if len(page) < limit:
                return
            cursor = page[-1].id

    # --- checkout forms ------------------------------------------------------------------------------------
    def _forms_page(self, params: list[tuple[str, Any]]) -> list[dict[str, Any]]:
        body = self._get("/order/checkout-forms", params) or {}
        return [f for f in body.get("checkoutForms") or [] if isinstance(f, dict) and f.get("id")]

    def checkout_forms(
        self,
        *,
        bought_gte: datetime | None = None,
        bought_lte: datetime | None = None,
        updated_gte: datetime | None = None,
        updated_lte: datetime | None = None,
        status: str | None = None,
    ) -> Iterator[CheckoutForm]:
        """Every matching form, oldest purchase first, windowed on purchase time past the 10,000 cap."""
        fixed = _time_params(bought_lte=bought_lte, updated_gte=updated_gte, updated_lte=updated_lte)
        if status:
            fixed.append(("status", status))

        def fetch(window: datetime | None, offset: int) -> list[dict[str, Any]]:
            params = [*fixed, ("sort", "lineItems.boughtAt"), ("limit", PAGE), ("offset", offset)]
            return self._forms_page(params + _time_params(bought_gte=window))

        for page in windowed(fetch, bought_time, bought_gte):
            yield from (CheckoutForm.parse(form) for form in page)

    def checkout_form(self, form_id: str) -> CheckoutForm | None:
        """One form, or ``None`` when Allegro no longer has it (combined into another, or older than 12 months)."""
        answer = self.transport.call("GET", f"/order/checkout-forms/{form_id}", expect=(200, 404))
        return CheckoutForm.parse(answer.body) if answer.status == 200 else None

    def checkout_forms_by_id(self, ids: Collection[str], *, updated_gte: datetime) -> dict[str, CheckoutForm]:
        """Many forms for few calls: the listing by ``updatedAt`` from ``updated_gte``, then single GETs.

        The first page says how many forms the window holds (``totalCount``). When reading all of it costs at
        most one call per ``WANTED_PER_PAGE`` wanted forms, it is read to the end (or until every form is found):
        on a busy account the wanted forms are spread thinly among others, and stopping at a sparse page turned
        a follow-up run into one GET per order. Otherwise the listing is read while it pays: past the first
        dense page (``MIN_HITS`` wanted forms or more) a sparse page ends it, and before it pages without hits
        are read only while they cost at most 5 % more calls than single GETs would (at most
        ``len(ids) * 1.05 + 2`` calls).
        """
        wanted = set(ids)
        found: dict[str, CheckoutForm] = {}
        slack = max(1, len(wanted) // 20)
        pages, dense, window_pages = 0, False, None

        def fetch(window: datetime | None, offset: int) -> list[dict[str, Any]]:
            nonlocal window_pages
            params = [("sort", "updatedAt"), ("limit", PAGE), ("offset", offset)]
            body = self._get("/order/checkout-forms", params + _time_params(updated_gte=window)) or {}
            if window_pages is None:
                window_pages = -(-int(body.get("totalCount") or 0) // PAGE)
            return [f for f in body.get("checkoutForms") or [] if isinstance(f, dict) and f.get("id")]

        if len(wanted) > 1:
            for page in windowed(fetch, updated_time, updated_gte):
                pages += 1
                hits = [form for form in page if form["id"] in wanted and form["id"] not in found]
                found.update((form["id"], CheckoutForm.parse(form)) for form in hits)
                if len(found) == len(wanted):
                    break
                if (window_pages or 0) * WANTED_PER_PAGE <= len(wanted):
                    continue  # the whole window is cheaper than single GETs for what is missing
                if len(hits) >= MIN_HITS:
                    dense = True
                elif dense or pages - len(found) > slack:
                    break
        for form_id in sorted(wanted - found.keys()):
            form = self.checkout_form(form_id)
            if form is not None:
                found[form_id] = form
        return found
