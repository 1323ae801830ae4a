"""The seller's offers: listing by ``external.id``, quantity-change commands and async stock edits (PATCH)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from plugin.allegro.models import format_time
from plugin.simulator.catalog import Product
from plugin.simulator.orders import OfferRecord


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


@dataclass
class Command:
    id: str
    created_at: datetime
    tasks: list[dict[str, Any]]
    polled: bool = False


@dataclass
class OfferBook:
    offers: list[OfferRecord]
    commands: dict[str, Command] = field(default_factory=dict)
    operations: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # op id → (offer id, value, polls)

    def __post_init__(self) -> None:
        self.by_id = {o.id: o for o in self.offers}

    def find(self, external_ids: list[str], offer_ids: list[str], offset: int, limit: int) -> tuple[list[dict], int]:
        chosen = [
            o
            for o in self.offers
            if (not external_ids or o.external_id in external_ids) and (not offer_ids or o.id in offer_ids)
        ]
        return [listing_json(o) for o in chosen[offset : offset + limit]], len(chosen)

    def run_command(
        self, command_id: str, change_type: str, value: int, offer_ids: list[str], now: datetime
    ) -> Command:
        """Applies a quantity command at once (Allegro does it asynchronously; the report says when it is done)."""
        tasks = []
        for offer_id in offer_ids:
            offer = self.by_id.get(offer_id)
            target = None if offer is None else (value if change_type == "FIXED" else offer.available + value)
            if offer is None:
                tasks.append(_task(offer_id, "FAIL", "Offer not found", "NOT_FOUND"))
            elif target is None or target < 1:
                tasks.append(
                    _task(offer_id, "FAIL", "The quantity can not be changed to less than 1.", "INVALID_OFFER_QUANTITY")
                )
            else:
                offer.available = target
                offer.status = "ACTIVE"
                tasks.append(_task(offer_id, "SUCCESS", "", None))
        command = Command(command_id, now, tasks)
        self.commands[command_id] = command
        return command

    def start_stock_edit(self, offer_id: str, available: int) -> str:
        operation_id = str(uuid.uuid4())
        self.operations[operation_id] = (offer_id, available, 0)
        return operation_id

    def poll_operation(self, operation_id: str) -> bool:
        """True once the edit is applied: the first poll still reports it in progress."""
        offer_id, available, polls = self.operations[operation_id]
        if polls >= 2:
            return True
        if polls == 0:
            self.operations[operation_id] = (offer_id, available, 1)
            return False
        offer = self.by_id[offer_id]
        offer.available = available
        offer.status = "ENDED" if available == 0 else "ACTIVE"
        self.operations[operation_id] = (offer_id, available, 2)
        return True


def _task(offer_id: str, status: str, message: str, code: str | None) -> dict[str, Any]:
    errors = [{"code": code, "message": message, "details": None, "path": "modification.value", "userMessage": message}]
    return {
        "offer": {"id": offer_id},
        "status": status,
        "message": message,
        "field": "",
        "errors": errors if code else [],
    }


def report_json(command: Command, done: bool) -> dict[str, Any]:
    success = sum(1 for t in command.tasks if t["status"] == "SUCCESS")
    return {
        "id": command.id,
        "createdAt": format_time(command.created_at),
        "completedAt": format_time(command.created_at) if done else None,
        "taskCount": {
            "total": len(command.tasks),
            "success": success if done else 0,
            "failed": (len(command.tasks) - success) if done else 0,
        },
    }


def listing_json(offer: OfferRecord) -> dict[str, Any]:
    return {
        "id": offer.id,
        "name": offer.name,
        "sellingMode": {"format": "BUY_NOW", "price": {"amount": f"{offer.price:.2f}", "currency": "PLN"}},
        "stock": {"available": offer.available, "sold": offer.sold},
        "publication": {"status": offer.status},
        "external": {"id": offer.external_id},
    }
