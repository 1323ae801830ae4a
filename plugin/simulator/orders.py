"""Builds Allegro purchases as the spec's JSON: a checkout form plus the lifecycle of events that led to it.

Pure and seeded: the same RNG state gives the same orders, so a simulator run is reproducible for a seed.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from plugin.allegro.models import format_time
from plugin.exceptions import SimulatorError
from plugin.simulator import people
from plugin.simulator.lifecycle import MARKETPLACE, apply_step, combine_forms, summary_of

_NS = uuid.UUID("6f1c0d1e-6a55-4c1b-9a7e-3f0a9b2c1d00")

# (name, cost, uses a pickup point, cash on delivery)
DELIVERY_METHODS: tuple[tuple[str, str, bool, bool], ...] = (
    ("Allegro Paczkomaty InPost", "8.99", True, False),
    ("Allegro Paczkomaty InPost", "8.99", True, False),
    ("Allegro One Box, DPD", "7.99", True, False),
    ("Allegro Kurier DPD", "12.99", False, False),
    ("Allegro Kurier DPD pobranie", "16.99", False, True),
    ("Allegro Odbiór w Punkcie Orlen Paczka", "6.99", True, False),
    ("Allegro Paczkomaty InPost pobranie", "13.99", True, True),
)


def method_id(name: str) -> str:
    return str(uuid.uuid5(_NS, name))


@dataclass
class OfferRecord:
    """The simulator's offer: what ``/sale/offers`` lists and purchases decrement."""

    id: str
    name: str
    external_id: str
    price: Decimal
    available: int
    sold: int = 0
    status: str = "ACTIVE"
    product_set: tuple[tuple[str, int], ...] = ()
    foreign: bool = False  # another seller's offer: not listed, commands on it fail
    renewable: bool = True  # False: Allegro refuses to activate it again (e.g. ended by Allegro's staff)

    def take(self, quantity: int) -> None:
        """A purchase: never more than the offer has; at 0 the offer ends, as on Allegro."""
        if self.status != "ACTIVE" or quantity > self.available:
            raise SimulatorError(
                f"offer {self.id} is {self.status} with {self.available} unit(s); a purchase of {quantity} "
                "cannot take more than the offer has"
            )
        self.available -= quantity
        self.sold += quantity
        if self.available == 0:
            self.status = "ENDED"


@dataclass
class Step:
    type: str
    at: datetime
    revision: str
    form_id: str
    summary: dict[str, Any] | None = None  # the order data of this event when it differs from the purchase's


@dataclass
class Purchase:
    """A purchase: its checkout form (final state), the event summary and the lifecycle steps."""

    form: dict[str, Any]
    summary: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
    removed_ids: tuple[str, ...] = ()  # checkout forms combined away (their events stay in the journal)


@dataclass
class Buyer:
    id: str
    login: str
    guest: bool
    who: people.Person
    company: tuple[str, str] | None  # (name, NIP)


class OrderFactory:
    """Makes purchases from a seeded RNG; ``offers`` is shared with the state (stock decrements here)."""

    def __init__(self, rng: random.Random, offers: list[OfferRecord], seller_id: str) -> None:
        self.rng = rng
        self.offers = offers
        self.seller_id = seller_id
        self.history = False  # True while seeding the past: a sold-out offer then had more at the start
        self.buyers: list[Buyer] = []
        self.buyers_by_id: dict[str, Buyer] = {}

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def revision(self) -> str:
        return f"{self.rng.getrandbits(32):08x}"

    def buyer(self) -> Buyer:
        rng = self.rng
        if self.buyers and rng.random() < 0.3:
            return rng.choice(self.buyers)  # a returning buyer: same id, a new masked email per order
        who = people.person(rng)
        company = (people.company_name(rng), people.nip(rng)) if rng.random() < 0.12 else None
        guest = rng.random() < 0.1
        buyer = Buyer(
            id=str(rng.randint(10_000_000, 99_999_999)),
            login=f"gosc-{rng.getrandbits(24):06x}" if guest else people.login(rng, who),
            guest=guest,
            who=who,
            company=company,
        )
        self.buyers.append(buyer)
        self.buyers_by_id[buyer.id] = buyer
        return buyer

    def _pick_offer(self, quantity: int) -> tuple[OfferRecord, int]:
        """An active offer with the units, and how many the buyer takes (fewer when little is left)."""

        def open_(o: OfferRecord) -> bool:
            return not o.foreign and o.status == "ACTIVE" and o.available > 0

        sample = self.rng.sample(self.offers, min(len(self.offers), 6))
        candidates = [o for o in sample if open_(o) and o.available >= quantity]
        if candidates:
            return self.rng.choice(candidates), quantity
        sellable = [o for o in self.offers if open_(o)]
        candidates = [o for o in sellable if o.available >= quantity]
        if candidates:
            return self.rng.choice(candidates), quantity
        if sellable:
            offer = self.rng.choice(sellable)
            return offer, offer.available
        if not self.history:
            raise SimulatorError(
                "every offer is sold out: a purchase cannot take more than an offer has; raise the stock "
                "(a quantity command, or a catalog with more stock) or ask for fewer orders"
            )
        # seeding the past: the seller had more at the start of the history (nothing is added to the present)
        for offer in self.offers:
            if not offer.foreign and offer.renewable:
                offer.available += 100
                offer.status = "ACTIVE"
        return self._pick_offer(quantity)

    def line_item(self, bought_at: datetime) -> dict[str, Any]:
        quantity = 1 if self.rng.random() < 0.8 else self.rng.randint(2, 4)
        offer, quantity = self._pick_offer(quantity)
        offer.take(quantity)
        price = offer.price
        discounted = (price * Decimal("0.9")).quantize(Decimal("0.01")) if self.rng.random() < 0.1 else price
        reference: dict[str, Any] = {"id": offer.id, "name": offer.name, "external": {"id": offer.external_id}}
        if offer.product_set:
            reference["productSet"] = {"products": [{"id": pid, "quantity": q} for pid, q in offer.product_set]}
        return {
            "id": self.uuid(),
            "offer": reference,
            "quantity": quantity,
            "originalPrice": {"amount": f"{price:.2f}", "currency": "PLN"},
            "price": {"amount": f"{discounted:.2f}", "currency": "PLN"},
            "boughtAt": format_time(bought_at),
        }

    def purchase(self, bought_at: datetime, now: datetime, buyer: Buyer | None = None) -> Purchase:
        """A new purchase at ``bought_at`` whose lifecycle is played up to ``now``."""
        rng = self.rng
        buyer = buyer or self.buyer()
        items: list[dict[str, Any]] = []
        for _ in range(1 if rng.random() < 0.75 else rng.randint(2, 4)):
            try:
                items.append(self.line_item(bought_at))
            except SimulatorError:  # sold out after some items: the buyer takes what there was
                if not items:
                    raise
                break
        name, cost, uses_point, cod = rng.choice(DELIVERY_METHODS)
        form = self._form(self.uuid(), buyer, items, method=name, cost=Decimal(cost), point=uses_point, cod=cod)
        purchase = Purchase(form=form, summary=summary_of(self.seller_id, form["buyer"], items))
        self._play(purchase, bought_at, now, cod)
        return purchase

    def combined(self, bought_at: datetime, now: datetime) -> Purchase:
        """Two purchases of one buyer paid together: Allegro replaces both forms by a new one."""
        first = self.purchase(bought_at, bought_at)
        buyer = self.buyers_by_id[first.form["buyer"]["id"]]
        try:
            second = self.purchase(bought_at + timedelta(minutes=2), bought_at + timedelta(minutes=2), buyer)
        except SimulatorError:  # nothing left for a second purchase: the first stays on its own, unpaid
            return first
        when = bought_at + timedelta(minutes=self.rng.randint(3, 30))
        form = combine_forms([first.form, second.form], self.uuid(), self.uuid())
        merged = Purchase(form=form, summary=summary_of(self.seller_id, form["buyer"], form["lineItems"]))
        merged.removed_ids = (first.form["id"], second.form["id"])
        for part in (first, second):
            merged.steps += [Step(s.type, s.at, s.revision, s.form_id, part.summary) for s in part.steps]
        for kind, at in (("FILLED_IN", when), ("READY_FOR_PROCESSING", when + timedelta(seconds=30))):
            if at <= now:
                apply_step(form, kind, at, self.revision())
                merged.steps.append(Step(kind, at, form["revision"], form["id"]))
        return merged

    def _form(
        self, form_id: str, buyer: Buyer, items: list[dict], *, method: str, cost: Decimal, point: bool, cod: bool
    ) -> dict[str, Any]:
        who, rng = buyer.who, self.rng
        total = sum((Decimal(i["price"]["amount"]) * i["quantity"] for i in items), cost)
        buyer_json: dict[str, Any] = {
            "id": buyer.id,
            "email": people.masked_email(rng),
            "login": buyer.login,
            "firstName": who.first_name,
            "lastName": who.last_name,
            "guest": buyer.guest,
            "phoneNumber": who.phone,
            "preferences": {"language": "pl-PL"},
            "address": {"street": who.street, "city": who.city, "postCode": who.zip_code, "countryCode": "PL"},
        }
        if buyer.company:
            buyer_json["companyName"] = buyer.company[0]
        delivery: dict[str, Any] = {
            "address": {
                "firstName": who.first_name,
                "lastName": who.last_name,
                "street": who.street,
                "city": who.city,
                "zipCode": who.zip_code,
                "countryCode": "PL",
                "phoneNumber": who.phone,
            },
            "method": {"id": method_id(method), "name": method},
            "cost": {"amount": f"{cost:.2f}", "currency": "PLN"},
            "smart": rng.random() < 0.4,
            "calculatedNumberOfPackages": 1,
        }
        if point:
            delivery["pickupPoint"] = people.locker(rng, who.city, who.zip_code)
        invoice: dict[str, Any] = {"required": False}
        if buyer.company:
            name, tax_id = buyer.company
            invoice = {
                "required": True,
                "address": {
                    "street": who.street,
                    "city": who.city,
                    "zipCode": who.zip_code,
                    "countryCode": "PL",
                    "company": {
                        "name": name,
                        "ids": [{"type": "PL_NIP", "value": tax_id}],
                        "vatPayerStatus": "ACTIVE",
                        "taxId": f"PL{tax_id}",
                    },
                },
            }
        return {
            "id": form_id,
            "messageToSeller": rng.choice(people.MESSAGES),
            "buyer": buyer_json,
            "payment": {
                "id": self.uuid(),
                "type": "CASH_ON_DELIVERY" if cod else "ONLINE",
                "provider": "OFFLINE" if cod else rng.choice(("PAYU", "P24")),
            },
            "status": "BOUGHT",
            "fulfillment": {
                "status": "NEW",
                "shipmentSummary": {"lineItemsSent": "NONE"},
                "provider": {"id": "SELLER"},
            },
            "delivery": delivery,
            "invoice": invoice,
            "lineItems": items,
            "surcharges": [],
            "note": {"text": ""},
            "marketplace": dict(MARKETPLACE),
            "summary": {"totalToPay": {"amount": f"{total:.2f}", "currency": "PLN"}},
        }

    def _play(self, purchase: Purchase, bought_at: datetime, now: datetime, cod: bool) -> None:
        """Plays Allegro's lifecycle forward; steps that would lie in the future have not happened yet."""
        rng, form = self.rng, purchase.form
        plan: list[tuple[str, timedelta]] = [("BOUGHT", timedelta(0))]
        at = timedelta(0)
        if rng.random() < 0.93:
            at += timedelta(minutes=rng.randint(1, 20))
            plan.append(("FILLED_IN", at))
            if cod or rng.random() < 0.9:
                at += timedelta(seconds=rng.randint(5, 40 if cod else 3600))
                plan.append(("READY_FOR_PROCESSING", at))
                if rng.random() < 0.04:  # Allegro sometimes repeats the event under a new id
                    plan.append(("READY_FOR_PROCESSING", at + timedelta(minutes=rng.randint(1, 30))))
                modified = at + timedelta(hours=rng.randint(1, 20))
                if rng.random() < 0.02:
                    plan.append(("BUYER_MODIFIED", modified))
                if rng.random() < 0.03:  # after any address change: a cancelled order is not modified
                    plan.append(("BUYER_CANCELLED", modified + timedelta(hours=rng.randint(1, 28))))
            elif rng.random() < 0.5:
                plan.append(("AUTO_CANCELLED", at + timedelta(days=7)))
        for kind, offset in sorted(plan, key=lambda p: p[1]):
            when = bought_at + offset
            if when > now:
                break
            apply_step(form, kind, when, self.revision())
            purchase.steps.append(Step(kind, when, form["revision"], form["id"]))
