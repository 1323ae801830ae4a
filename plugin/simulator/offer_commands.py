"""Batch offer commands as Allegro runs them: quantity changes (``offer-quantity-change-commands``) and
publication changes (``offer-publication-commands``), each with one task per offer.

The change is applied when the command is registered (a purchase after it sees the new quantity); the report
says "in progress" (``completedAt: null``, tasks ``NEW``) until ``seconds`` have passed since, as Allegro's
asynchronous processing does, so a client must poll.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plugin.allegro.models import format_time
from plugin.simulator.orders import OfferRecord

NOT_FOUND = ("NOT_FOUND", "The offer does not exist.")
FOREIGN = ("ACCESS_DENIED", "You cannot change an offer of another seller.")
NOT_ACTIVE = ("OFFER_NOT_ACTIVE", "The quantity of an offer that is not active cannot be changed.")
TOO_LOW = ("INVALID_OFFER_QUANTITY", "The quantity can not be changed to less than 1.")
NO_STOCK = ("OFFER_ACTIVATION_ERROR", "Offer can be activated only with stock being greater than 0")
NOT_RENEWABLE = ("OFFER_ACTIVATION_ERROR", "This offer cannot be activated again; list the product anew.")


@dataclass
class Command:
    id: str
    created_at: datetime
    tasks: list[dict[str, Any]]
    ready_at: float = 0.0  # time.monotonic() from which the report says completed


def _task(offer_id: str, problem: tuple[str, str] | None, path: str) -> dict[str, Any]:
    if problem is None:
        return {"offer": {"id": offer_id}, "status": "SUCCESS", "message": "", "field": path, "errors": []}
    code, message = problem
    error = {"code": code, "message": message, "details": None, "path": path, "userMessage": message}
    return {"offer": {"id": offer_id}, "status": "FAIL", "message": message, "field": path, "errors": [error]}


def _owned(by_id: Mapping[str, OfferRecord], offer_id: str) -> tuple[OfferRecord | None, tuple[str, str] | None]:
    offer = by_id.get(offer_id)
    if offer is None:
        return None, NOT_FOUND
    if offer.foreign:
        return None, FOREIGN
    return offer, None


def quantity_tasks(
    by_id: Mapping[str, OfferRecord], change_type: str, value: int, offer_ids: list[str]
) -> list[dict[str, Any]]:
    """Applies FIXED/GAIN to each offer; ended, missing and foreign offers fail with Allegro's reason."""
    tasks = []
    for offer_id in offer_ids:
        offer, problem = _owned(by_id, offer_id)
        if offer is not None:
            target = value if change_type == "FIXED" else offer.available + value
            if offer.status != "ACTIVE":
                problem = NOT_ACTIVE
            elif target < 1:
                problem = TOO_LOW
            else:
                offer.available = target
        tasks.append(_task(offer_id, problem, "stock.available"))
    return tasks


def publication_tasks(by_id: Mapping[str, OfferRecord], action: str, offer_ids: list[str]) -> list[dict[str, Any]]:
    """END stops selling (the stock stays as it was); ACTIVATE resumes an offer that has stock, if renewable."""
    tasks = []
    for offer_id in offer_ids:
        offer, problem = _owned(by_id, offer_id)
        if offer is not None and action == "END":
            offer.status = "ENDED"
        elif offer is not None and not offer.renewable:
            problem = NOT_RENEWABLE
        elif offer is not None and offer.available < 1:
            problem = NO_STOCK
        elif offer is not None:
            offer.status = "ACTIVE"
        tasks.append(_task(offer_id, problem, "publication.status"))
    return tasks


def report_json(command: Command, done: bool) -> dict[str, Any]:
    success = sum(1 for t in command.tasks if t["status"] == "SUCCESS")
    return {
        "id": command.id.removeprefix("publication:"),
        "createdAt": format_time(command.created_at),
        "completedAt": format_time(command.created_at) if done else None,
        "taskCount": {
            "total": len(command.tasks),
            "success": success if done else 0,
            "failed": (len(command.tasks) - success) if done else 0,
        },
    }


def tasks_json(command: Command, done: bool, offset: int, limit: int) -> list[dict[str, Any]]:
    chosen = command.tasks[offset : offset + limit]
    if done:
        return chosen
    return [{"offer": t["offer"], "status": "NEW", "message": "", "field": t["field"], "errors": []} for t in chosen]


def is_done(command: Command) -> bool:
    return time.monotonic() >= command.ready_at
