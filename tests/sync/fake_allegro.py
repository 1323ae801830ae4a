"""An in-memory ``OrderSource`` for fast engine tests: the same JSON as Allegro, no HTTP.

The integration tests run the same engine against the real simulator over HTTP.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from plugin.allegro.models import CheckoutForm, Offer, OrderEvent, format_time, parse_time
from plugin.testing.strategies import event_json


class FakeAllegro:
    def __init__(self, account_id: str = "42") -> None:
        self.account_id = account_id
        self.forms: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.next_id = 1_700_000_000_000_000
        self.calls = 0
        self.revisions = 0
        self.ended_offers: set[str] = set()  # offers no longer active (archival import leaves their purchases)

    # --- driving it ---------------------------------------------------------------------------------------
    def _event(self, kind: str, form: dict[str, Any]) -> str:
        self.next_id += 1
        self.events.append(event_json(self.next_id, kind, form, datetime.now(UTC)))
        return str(self.next_id)

    def _touch(self, form: dict[str, Any], status: str) -> None:
        self.revisions += 1
        form["status"] = status
        form["revision"] = f"r{self.revisions:07d}"
        form["updatedAt"] = format_time(datetime.now(UTC))

    def add(self, form: dict[str, Any], *, status: str = "READY_FOR_PROCESSING", events: bool = True) -> str:
        """Store a purchase; with ``events`` the journal gets BOUGHT (and READY_FOR_PROCESSING when paid)."""
        form = copy.deepcopy(form)
        self.forms[form["id"]] = form
        self._touch(form, "BOUGHT")
        if events:
            self._event("BOUGHT", form)
        if status != "BOUGHT":
            self._touch(form, status)
            if events and status == "READY_FOR_PROCESSING":
                self._event(status, form)
        return form["id"]

    def pay(self, form_id: str) -> str:
        form = self.forms[form_id]
        self._touch(form, "READY_FOR_PROCESSING")
        return self._event("READY_FOR_PROCESSING", form)

    def cancel(self, form_id: str, kind: str = "BUYER_CANCELLED") -> str:
        form = self.forms[form_id]
        self._touch(form, "CANCELLED")
        return self._event(kind, form)

    def modify(self, form_id: str) -> str:
        form = self.forms[form_id]
        form["delivery"]["address"]["street"] = "Nowa 7"
        self._touch(form, form["status"])
        return self._event("BUYER_MODIFIED", form)

    def duplicate_last(self, form_id: str) -> str | None:
        """Deliver the form's latest event again (a new event id, the same revision)."""
        mine = [e for e in self.events if e["order"]["checkoutForm"]["id"] == form_id]
        if not mine:
            return None
        self.next_id += 1
        self.events.append({**mine[-1], "id": str(self.next_id)})
        return str(self.next_id)

    def combine(self, ids: list[str], new_id: str) -> str:
        """Several purchases paid at once: a new form with the same line items replaces them (old → 404)."""
        old = [self.forms.pop(i) for i in ids]
        form = copy.deepcopy(old[0])
        form["id"] = new_id
        form["lineItems"] = [item for f in old for item in f["lineItems"]]
        self.forms[new_id] = form
        self._touch(form, "READY_FOR_PROCESSING")
        return self._event("READY_FOR_PROCESSING", form)

    def prune_before(self, when: datetime) -> None:
        self.events = [e for e in self.events if (parse_time(e["occurredAt"]) or when) >= when]

    # --- the OrderSource protocol -----------------------------------------------------------------------------
    def me(self) -> dict[str, Any]:
        self.calls += 1
        return {"id": self.account_id, "login": "Sklep"}

    def latest_event_id(self) -> str | None:
        self.calls += 1
        return self.events[-1]["id"] if self.events else None

    def event_page(self, from_id: str | None, *, limit: int = 1000, types: Any = None) -> list[OrderEvent]:
        self.calls += 1
        start = 0
        if from_id is not None:
            key = (len(from_id), from_id)
            start = next((n for n, e in enumerate(self.events) if (len(e["id"]), e["id"]) > key), len(self.events))
        return [OrderEvent.parse(e) for e in self.events[start : start + limit]]

    def checkout_forms(
        self,
        *,
        bought_gte: datetime | None = None,
        bought_lte: datetime | None = None,
        updated_gte: datetime | None = None,
        updated_lte: datetime | None = None,
        status: str | None = None,
    ) -> Iterator[CheckoutForm]:
        forms = [CheckoutForm.parse(copy.deepcopy(f)) for f in self.forms.values()]
        self.calls += max(1, -(-len(forms) // 100))
        for form in forms:
            bought, updated = form.bought_at, form.updated_at
            if (bought_gte and bought and bought < bought_gte) or (bought_lte and bought and bought > bought_lte):
                continue
            if (updated_gte and updated and updated < updated_gte) or (
                updated_lte and updated and updated > updated_lte
            ):
                continue
            if status is None or form.status == status:
                yield form

    def seller_offers(self, statuses: Any = ()) -> Iterator[Offer]:
        """Every offer named in a purchase: ACTIVE unless in ``ended_offers``."""
        self.calls += 1
        for offer_id in _offers_of(self.forms.values()):
            status = "ENDED" if offer_id in self.ended_offers else "ACTIVE"
            if not statuses or status in statuses:
                yield Offer(offer_id, "", None, 1, status)

    def checkout_form(self, form_id: str) -> CheckoutForm | None:
        self.calls += 1
        form = self.forms.get(form_id)
        return CheckoutForm.parse(copy.deepcopy(form)) if form else None

    def checkout_forms_by_id(self, ids: Iterable[str], *, updated_gte: datetime) -> dict[str, CheckoutForm]:
        wanted = list(ids)
        self.calls += max(1, -(-len(wanted) // 100))
        found = (self.forms.get(i) for i in wanted)
        return {f["id"]: CheckoutForm.parse(copy.deepcopy(f)) for f in found if f is not None}


def _offers_of(forms: Iterable[dict[str, Any]]) -> list[str]:
    return sorted({str((item.get("offer") or {}).get("id")) for form in forms for item in form.get("lineItems") or []})


def _within(value: datetime | None, low: datetime | None, high: datetime | None) -> bool:
    return value is None or ((low is None or value >= low) and (high is None or value <= high))
