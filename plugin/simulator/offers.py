"""The seller's offers: listing by ``external.id``, quantity-change commands, async stock edits (PATCH) and
offers created from a request body (``POST /sale/product-offers``), checked the way Allegro checks them."""

from __future__ import annotations

import random
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from plugin.allegro.client import PROVINCES
from plugin.allegro.models import format_time
from plugin.simulator.offer_commands import Command
from plugin.simulator.orders import OfferRecord
from plugin.simulator.seller_catalog import Product


def build_offers(catalog: tuple[Product, ...], rng: random.Random) -> list[OfferRecord]:
    """One offer per product, external.id = product code; sets ("Zestaw …") carry a product set."""
    offers = []
    for number, product in enumerate(catalog):
        product_set: tuple[tuple[str, int], ...] = ()
        if product.name.lower().startswith("zestaw") or number % 11 == 10:
            product_set = tuple((str(uuid.UUID(int=rng.getrandbits(128), version=4)), 1) for _ in range(3))
        offers.append(
            OfferRecord(
                id=str(17_000_000_000 + number * 7919 + rng.randint(0, 7000)),
                name=product.name[:75],
                external_id=product.code,
                price=product.price,
                available=product.stock,
                status="ACTIVE" if product.stock > 0 else "ENDED",
                product_set=product_set,
            )
        )
    return offers


@dataclass(frozen=True)
class Listed:
    """What an offer created through ``POST /sale/product-offers`` carries beyond ``OfferRecord``."""

    location: dict[str, str]
    language: str
    created_at: datetime


@dataclass
class OfferBook:
    offers: list[OfferRecord]
    commands: dict[str, Command] = field(default_factory=dict)  # quantity and publication commands by id
    operations: dict[str, tuple[str, int, int, bool]] = field(
        default_factory=dict
    )  # op → (offer, value, polls, activate)
    listed: dict[str, Listed] = field(default_factory=dict)  # offers created over the API → their extra data
    accept_later: bool = False  # tests switch it on: creations answer 202 and finish on the operation's poll
    command_seconds: float = 0.0  # how long a new batch command reports "in progress" (tests and benches set it)

    def __post_init__(self) -> None:
        self.by_id = {o.id: o for o in self.offers}

    def find(
        self, external_ids: list[str], offer_ids: list[str], offset: int, limit: int, statuses: list[str] | None = None
    ) -> tuple[list[dict], int]:
        chosen = [
            o
            for o in self.offers
            if not o.foreign
            and (not external_ids or o.external_id in external_ids)
            and (not offer_ids or o.id in offer_ids)
            and (not statuses or o.status in statuses)
        ]
        return [listing_json(o) for o in chosen[offset : offset + limit]], len(chosen)

    def run_command(self, command_id: str, tasks: list[dict[str, Any]], now: datetime) -> Command:
        command = Command(command_id, now, tasks, ready_at=time.monotonic() + self.command_seconds)
        self.commands[command_id] = command
        return command

    def add_foreign(self, offer_id: str, external_id: str) -> OfferRecord:
        """Another seller's offer: Allegro knows it, our seller's listing does not show it."""
        offer = OfferRecord(offer_id, "Oferta innego sprzedawcy", external_id, Decimal("10.00"), 5, foreign=True)
        self.offers.append(offer)
        self.by_id[offer_id] = offer
        return offer

    def create(self, body: dict[str, Any], now: datetime) -> OfferRecord:
        """A new offer from a body ``product_offer_problems`` accepted; ACTIVATING until polled when
        ``accept_later``. Like Allegro, nothing stops a second offer with the same ``external.id``."""
        active = (body.get("publication") or {}).get("status", "ACTIVE") == "ACTIVE"
        offer = OfferRecord(
            id=str(18_000_000_000 + len(self.offers)),
            name=body["name"],
            external_id=(body.get("external") or {}).get("id") or "",
            price=Decimal(body["sellingMode"]["price"]["amount"]),
            available=body["stock"]["available"],
            status=("ACTIVATING" if self.accept_later else "ACTIVE") if active else "INACTIVE",
        )
        self.offers.append(offer)
        self.by_id[offer.id] = offer
        self.listed[offer.id] = Listed(dict(body["location"]), str(body.get("language") or "pl-PL"), now)
        return offer

    def start_stock_edit(self, offer_id: str, available: int, activate: bool = False) -> str:
        operation_id = str(uuid.uuid4())
        self.operations[operation_id] = (offer_id, available, 0, activate)
        return operation_id

    def poll_operation(self, operation_id: str) -> bool:
        """True once the edit is applied: the first poll still reports it in progress."""
        offer_id, available, polls, activate = self.operations[operation_id]
        if polls >= 2:
            return True
        if polls == 0:
            self.operations[operation_id] = (offer_id, available, 1, activate)
            return False
        offer = self.by_id[offer_id]
        offer.available = available
        if available == 0:
            offer.status = "ENDED"  # stock 0 ends an active offer (#7280)
        elif activate or offer.status == "ACTIVATING":
            offer.status = "ACTIVE"
        self.operations[operation_id] = (offer_id, available, 2, activate)
        return True


def listing_json(offer: OfferRecord) -> dict[str, Any]:
    return {
        "id": offer.id,
        "name": offer.name,
        "sellingMode": {"format": "BUY_NOW", "price": {"amount": f"{offer.price:.2f}", "currency": "PLN"}},
        "stock": {"available": offer.available, "sold": offer.sold},
        "publication": {"status": offer.status},
        "external": {"id": offer.external_id},
    }


POST_CODE = re.compile(r"^[0-9]{2}-[0-9]{3}$")


def _price_problems(selling_mode: Any) -> list[tuple[str, str]]:
    price = selling_mode.get("price") if isinstance(selling_mode, dict) else None
    if not isinstance(price, dict):
        return [("sellingMode.price", "sellingMode.price is required for a BUY_NOW offer")]
    try:
        amount = Decimal(str(price.get("amount")))
    except InvalidOperation:
        amount = Decimal(0)
    problems = []
    if not isinstance(price.get("amount"), str) or not amount.is_finite() or amount <= 0:
        problems.append(("sellingMode.price.amount", "The price must be a positive amount written as a string"))
    if price.get("currency") != "PLN":
        problems.append(("sellingMode.price.currency", "The price on allegro-pl must be in PLN"))
    return problems


def _stock_problems(body: dict[str, Any]) -> list[tuple[str, str]]:
    stock = body.get("stock")
    if not isinstance(stock, dict) or "available" not in stock:
        return [("stock", "stock is required")]
    available = stock["available"]
    if not isinstance(available, int) or isinstance(available, bool) or available < 0:
        return [("stock.available", "stock.available must be a whole number ≥ 0")]
    if available == 0 and (body.get("publication") or {}).get("status", "ACTIVE") == "ACTIVE":
        return [("stock.available", "Offer can be activated only with stock being greater than 0")]
    return []


def _location_problems(location: Any) -> list[tuple[str, str]]:
    if not isinstance(location, dict):
        return [("location", "location is required: the city, postCode and province the parcel is sent from")]
    problems = []
    city = location.get("city")
    if not isinstance(city, str) or not 1 <= len(city) <= 50:
        problems.append(("location.city", "location.city must have 1 to 50 characters"))
    country = location.get("countryCode")
    if not isinstance(country, str) or len(country) != 2:
        problems.append(("location.countryCode", "location.countryCode must be a 2-letter ISO 3166 code"))
    if country == "PL" and not POST_CODE.match(str(location.get("postCode") or "")):
        problems.append(("location.postCode", "For countryCode PL the post code must be written XX-XXX"))
    if country == "PL" and location.get("province") not in PROVINCES:
        problems.append(("location.province", f"For countryCode PL the province must be one of {', '.join(PROVINCES)}"))
    return problems


def product_offer_problems(body: Any) -> list[tuple[str, str]]:
    """(path, message) of every field Allegro would refuse in a ``POST /sale/product-offers`` body."""
    if not isinstance(body, dict):
        return [("", "The request body must be a JSON object")]
    problems = []
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(("name", "name is required: the offer title"))
    elif not 12 <= len(name) <= 75:
        problems.append(("name", "The offer title must contain between 12 and 75 characters"))
    external = (body.get("external") or {}).get("id") if isinstance(body.get("external"), dict) else None
    if external is not None and (not isinstance(external, str) or len(external) > 100):
        problems.append(("external.id", "external.id must be text of at most 100 characters"))
    problems += _price_problems(body.get("sellingMode"))
    problems += _stock_problems(body)
    problems += _location_problems(body.get("location"))
    return problems


def product_offer_json(offer: OfferRecord, listed: Listed | None) -> dict[str, Any]:
    """The offer as ``SaleProductOfferResponseV1`` (what POST and GET /sale/product-offers answer)."""
    body: dict[str, Any] = {
        "id": offer.id,
        "name": offer.name,
        "external": {"id": offer.external_id},
        "sellingMode": {"format": "BUY_NOW", "price": {"amount": f"{offer.price:.2f}", "currency": "PLN"}},
        "stock": {"available": offer.available, "unit": "UNIT"},
        "publication": {"status": offer.status},
    }
    if listed is not None:
        body["location"] = dict(listed.location)
        body["language"] = listed.language
        body["createdAt"] = body["updatedAt"] = format_time(listed.created_at)
    return body
