"""The simulated Allegro account in memory: offers, checkout forms, the event journal, OAuth and faults.

Tests drive it directly (``add_orders``, ``cancel``, ``combine``, ``modify``, ``store_form``, ``set_faults``,
``snapshot``); the HTTP layer only translates requests into these calls under ``lock``.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from plugin.exceptions import SimulatorError
from plugin.simulator.auth import OAuthServer
from plugin.simulator.faults import FaultInjector
from plugin.simulator.form_check import check_form
from plugin.simulator.journal import Journal
from plugin.simulator.lifecycle import apply_step, combine_forms, summary_of
from plugin.simulator.offers import OfferBook, build_offers
from plugin.simulator.orders import OrderFactory, Purchase, Step
from plugin.simulator.seller_catalog import Product
from plugin.simulator.store import OrderStore

CANCELLABLE = {"BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING"}
#: the events a checkout form posted "as given" implies, by its status
IMPLIED_EVENTS: dict[str, tuple[str, ...]] = {
    "BOUGHT": ("BOUGHT",),
    "FILLED_IN": ("BOUGHT", "FILLED_IN"),
    "READY_FOR_PROCESSING": ("BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING"),
    "CANCELLED": ("BOUGHT", "BUYER_CANCELLED"),
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class SimulatorState:
    """Everything the simulator knows; every public method is safe to call from any thread."""

    def __init__(
        self,
        catalog: tuple[Product, ...],
        *,
        seed: int = 0,
        token_ttl: int = 43200,
        client_id: str = "local-client",
        client_secret: str = "local-secret",  # noqa: S107 - the simulator's public default
        device_interval: int = 0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.lock = threading.RLock()
        self.rng = random.Random(seed)  # noqa: S311 - seeded test data, not secrets
        self.clock = clock
        self.seller = {
            "id": str(40_000_000 + self.rng.randint(0, 9_999_999)),
            "login": "SklepPrzykladowy",
            "firstName": "Amadeusz",
            "lastName": "Iksiński",
            "email": "sklep@example.pl",
            "baseMarketplace": {"id": "allegro-pl"},
        }
        self.offers = OfferBook(build_offers(catalog, self.rng))
        self.factory = OrderFactory(self.rng, self.offers.offers, self.seller["id"])
        self.store = OrderStore()
        self.journal = Journal()
        self.removed: set[str] = set()
        self.oauth = OAuthServer(client_id, client_secret, token_ttl, device_interval, account_id=self.seller["id"])
        self.faults = FaultInjector()
        self.recording: list[dict[str, Any]] | None = None  # tests switch it on to check every exchange

    # --- seeding and growth -------------------------------------------------------------------------
    def seed(self, orders: int, archived: int, progress: Callable[[int], None] | None = None) -> None:
        """``archived`` orders bought 20–300 days ago and ``orders`` in the last 72 h, oldest first."""
        now = self.clock()
        times = sorted(
            [now - timedelta(seconds=self.rng.uniform(20 * 86400, 300 * 86400)) for _ in range(archived)]
            + [now - timedelta(seconds=self.rng.uniform(60, 72 * 3600)) for _ in range(orders)]
        )
        self.factory.history = True
        try:
            self._grow(times, now, progress)
        finally:
            self.factory.history = False
        self.journal.prune(now)

    def add_orders(self, count: int) -> list[str]:
        """``count`` new purchases made in the last hours, their lifecycles played up to now."""
        if not 0 < count <= 1_000_000:
            raise SimulatorError("'count' must be between 1 and 1,000,000")
        with self.lock:
            now = self.clock()
            times = sorted(now - timedelta(seconds=self.rng.uniform(0, 3 * 3600)) for _ in range(count))
            return self._grow(times, now, None)

    def _grow(self, times: list[datetime], now: datetime, progress: Callable[[int], None] | None) -> list[str]:
        steps: list[tuple[datetime, int, Step, dict[str, Any]]] = []
        ids: list[str] = []
        for number, bought_at in enumerate(times):
            combined = self.rng.random() < 0.02
            try:
                purchase: Purchase = (
                    self.factory.combined(bought_at, now) if combined else self.factory.purchase(bought_at, now)
                )
            except SimulatorError:  # sold out: the purchases made so far keep their events
                if not ids:
                    raise
                break
            self.store.put(purchase.form)
            self.removed.update(purchase.removed_ids)
            ids.append(purchase.form["id"])
            steps.extend((s.at, len(steps), s, s.summary or purchase.summary) for s in purchase.steps)
            if progress and number % 10_000 == 9_999:
                progress(number + 1)
        steps.sort(key=lambda entry: (entry[0], entry[1]))
        for at, _, step, summary in steps:
            self.journal.append(step.type, at, step.form_id, step.revision, summary)
        return ids

    # --- lifecycle drivers for tests ---------------------------------------------------------------------
    def _form(self, form_id: str) -> dict[str, Any]:
        form = self.store.get(form_id)
        if form is None:
            raise SimulatorError(
                f"no checkout form {form_id!r}" + (" (combined away)" if form_id in self.removed else "")
            )
        return form

    def _open_form(self, form_id: str, action: str) -> dict[str, Any]:
        form = self._form(form_id)
        if form["status"] == "CANCELLED":
            raise SimulatorError(f"checkout form {form_id} is CANCELLED; it cannot be {action} any more")
        return form

    def _step(self, form: dict[str, Any], kind: str) -> str:
        now = self.clock()
        apply_step(form, kind, now, self.factory.revision())
        self.store.put(form)
        summary = summary_of(self.seller["id"], form["buyer"], form["lineItems"])
        return str(self.journal.append(kind, now, form["id"], form["revision"], summary).id)

    def cancel(self, form_id: str, kind: str = "BUYER_CANCELLED") -> str:
        """Cancels an order (BUYER_CANCELLED or AUTO_CANCELLED); returns the new event's id."""
        if kind not in ("BUYER_CANCELLED", "AUTO_CANCELLED"):
            raise SimulatorError("'type' must be BUYER_CANCELLED or AUTO_CANCELLED")
        with self.lock:
            form = self._form(form_id)
            if form["status"] not in CANCELLABLE:
                raise SimulatorError(f"checkout form {form_id} is {form['status']}; it cannot be cancelled again")
            return self._step(form, kind)

    def modify(self, form_id: str) -> str:
        """The buyer changes the delivery address: BUYER_MODIFIED and a new revision."""
        with self.lock:
            return self._step(self._open_form(form_id, "changed"), "BUYER_MODIFIED")

    def pay(self, form_id: str) -> str:
        """Moves a BOUGHT/FILLED_IN order to READY_FOR_PROCESSING (or repeats that event, as Allegro may)."""
        with self.lock:
            form = self._open_form(form_id, "paid")
            if form["status"] == "BOUGHT":
                self._step(form, "FILLED_IN")
            return self._step(form, "READY_FOR_PROCESSING")

    def combine(self, ids: list[str]) -> str:
        """Pays several purchases of one buyer at once: a new form replaces them (old ids → 404)."""
        with self.lock:
            forms = [self._form(i) for i in ids]
            if len(forms) < 2 or len({f["buyer"]["id"] for f in forms}) != 1:
                raise SimulatorError("'ids' must name at least two checkout forms of the same buyer")
            if any(f["status"] not in ("BOUGHT", "FILLED_IN") for f in forms):
                raise SimulatorError("only unpaid checkout forms (BOUGHT or FILLED_IN) can be paid together")
            form = combine_forms(forms, self.factory.uuid(), self.factory.uuid())
            for old in ids:
                self.store.remove(old)
                self.removed.add(old)
            self._step(form, "FILLED_IN")
            self._step(form, "READY_FOR_PROCESSING")
            return form["id"]

    def store_form(self, form: dict[str, Any]) -> str:
        """Stores a checkout form exactly as given and emits the events its status implies."""
        check_form(form, tuple(IMPLIED_EVENTS))
        with self.lock:
            now = self.clock()
            if self.store.get(form["id"]) is None:
                self._take_stock(form)
            self.store.put(form)
            summary = summary_of(self.seller["id"], form["buyer"], form["lineItems"])
            for kind in IMPLIED_EVENTS[form["status"]]:
                self.journal.append(kind, now, form["id"], form.get("revision"), summary)
            return form["id"]

    def restock(self, units: int) -> None:
        """The seller adds ``units`` to every own offer and resumes the ended ones (tests that keep buying)."""
        with self.lock:
            for offer in self.offers.offers:
                if not offer.foreign and offer.renewable:
                    offer.available += units
                    offer.status = "ACTIVE"

    def _take_stock(self, form: dict[str, Any]) -> None:
        """The purchase takes its units from the offers it names: all of them or, when one has too few, none."""
        wanted: dict[str, int] = {}
        for item in form["lineItems"]:
            offer_id = str((item.get("offer") or {}).get("id"))
            if offer_id in self.offers.by_id:
                wanted[offer_id] = wanted.get(offer_id, 0) + int(item.get("quantity") or 1)
        for offer_id, quantity in wanted.items():
            offer = self.offers.by_id[offer_id]
            if offer.foreign or offer.status != "ACTIVE" or offer.available < quantity:
                raise SimulatorError(
                    f"offer {offer_id} is {offer.status} with {offer.available} unit(s); a purchase of {quantity} "
                    "cannot take more than the offer has"
                )
        for offer_id, quantity in wanted.items():
            self.offers.by_id[offer_id].take(quantity)

    # --- faults and inspection ------------------------------------------------------------------------
    def set_faults(self, **changes: Any) -> dict[str, Any]:
        """Switches faults on or off; ``expire_tokens=True`` expires every access token now."""
        faults = self.faults.configure(**changes)
        if changes.get("expire_tokens"):
            self.oauth.expire_all()
        if changes.get("slow_down"):
            self.oauth.slow_down_next = True
        return dict(faults.__dict__)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            latest = self.journal.latest()
            return {
                "orders": self.store.counts(),
                "orders_total": len(self.store),
                "removed_checkout_forms": len(self.removed),
                "events": len(self.journal),
                "latest_event_id": str(latest.id) if latest else None,
                "offers": [
                    {
                        "id": o.id,
                        "external_id": o.external_id,
                        "available": o.available,
                        "sold": o.sold,
                        "status": o.status,
                    }
                    for o in self.offers.offers
                ],
                "faults_injected": dict(self.faults.injected),
            }
