"""The seller's offers on Allegro: reading them, batch quantity and publication commands, one offer's stock, and
publishing a product. A part of ``AllegroClient`` (it brings ``_get`` and ``transport``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from plugin.allegro.models import Offer
from plugin.allegro.transport import Answer, Transport
from plugin.exceptions import AllegroAPIError

CHANGE_TYPES = ("FIXED", "GAIN")
_COMMANDS_NS = uuid.UUID("0c7b7f2e-3f7e-4f8e-9a47-7c1d2a4e5b60")


def command_id_for(*parts: str) -> str:
    """A deterministic quantity-command id (UUID v5) for one logical change, so a retry is recognised (409)."""
    return str(uuid.uuid5(_COMMANDS_NS, "\x1f".join(parts)))


QUANTITY = "/sale/offer-quantity-change-commands"
PUBLICATION = "/sale/offer-publication-commands"


def _check_offers(offer_ids: Sequence[str]) -> None:
    if not 1 <= len(offer_ids) <= 1000:
        raise AllegroAPIError(f"a batch command takes 1 to 1000 offers, not {len(offer_ids)}")


def _criteria(offer_ids: Sequence[str]) -> list[dict[str, Any]]:
    return [{"type": "CONTAINS_OFFERS", "offers": [{"id": o} for o in offer_ids]}]


def task_failures(tasks: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Offer id → Allegro's reason, for every task that failed (the error code and message)."""
    failed = {}
    for task in tasks:
        if task.get("status") == "FAIL":
            errors = task.get("errors") or []
            first = errors[0] if errors and isinstance(errors[0], dict) else {}
            reason = first.get("userMessage") or first.get("message") or task.get("message") or "no reason given"
            code = first.get("code")
            failed[str((task.get("offer") or {}).get("id"))] = f"{code}: {reason}" if code else str(reason)
    return failed


class OfferCalls:
    """The offer endpoints, on the client's transport (``_get`` is every read's, the client's too)."""

    transport: Transport

    def _get(self, path: str, params: Any = None, expect: tuple[int, ...] = (200,)) -> Any:
        return self.transport.call("GET", path, params=params, expect=expect).body

    def offers_by_external_id(self, external_ids: Sequence[str]) -> list[Offer]:
        """The seller's offers whose ``external.id`` is one of these, asking 100 ids at a time."""
        offers: list[Offer] = []
        unique = list(dict.fromkeys(external_ids))
        for start in range(0, len(unique), 100):
            chunk = unique[start : start + 100]
            offset = 0
            while True:
                params = [("external.id", e) for e in chunk] + [("limit", 1000), ("offset", offset)]
                body = self._get("/sale/offers", params) or {}
                page = body.get("offers") or []
                offers += [Offer.parse(o) for o in page]
                offset += len(page)
                if not page or offset >= int(body.get("totalCount") or 0):
                    break
        return offers

    def change_quantity(self, command_id: str, offer_ids: Sequence[str], *, change_type: str, value: int) -> dict:
        """Registers a quantity command (safe to repeat: a 409 on this id means it was already applied),
        waits for it to complete and returns its report with the per-offer ``tasks``."""
        if change_type not in CHANGE_TYPES:
            raise AllegroAPIError(f"change_type must be FIXED or GAIN, not {change_type!r}")
        repeated = self.start_quantity_command(command_id, offer_ids, change_type=change_type, value=value)
        return {**self.await_command(QUANTITY, command_id), "already_applied": repeated}

    def start_quantity_command(
        self, command_id: str, offer_ids: Sequence[str], *, change_type: str = "FIXED", value: int
    ) -> bool:
        """Registers a quantity command without waiting; True when this id was already used (applied before)."""
        _check_offers(offer_ids)
        body = {"modification": {"changeType": change_type, "value": value}, "offerCriteria": _criteria(offer_ids)}
        answer = self.transport.call("PUT", f"{QUANTITY}/{command_id}", json=body, idempotent=True, expect=(201, 409))
        return answer.status == 409

    def start_publication_command(self, command_id: str, offer_ids: Sequence[str], *, action: str) -> bool:
        """Registers an ``END`` or ``ACTIVATE`` command for these offers; True when the id was already used."""
        if action not in ("END", "ACTIVATE"):
            raise AllegroAPIError(f"a publication action is END or ACTIVATE, not {action!r}")
        _check_offers(offer_ids)
        body = {"publication": {"action": action}, "offerCriteria": _criteria(offer_ids)}
        answer = self.transport.call(
            "PUT", f"{PUBLICATION}/{command_id}", json=body, idempotent=True, expect=(201, 409)
        )
        return answer.status == 409

    def command_tasks(self, kind: str, command_id: str) -> list[dict[str, Any]] | None:
        """The per-offer results of a command, or None while Allegro still processes it (a task is ``NEW``).

        One read answers both "is it done?" and "which offers failed, and why?" (a command holds ≤ 1000 offers,
        one page)."""
        body = self._get(f"{kind}/{command_id}/tasks", [("limit", 1000), ("offset", 0)]) or {}
        tasks = body.get("tasks") or []
        if not tasks or any(t.get("status") not in ("SUCCESS", "FAIL") for t in tasks):
            return None
        return tasks

    def await_command(self, kind: str, command_id: str) -> dict[str, Any]:
        """Polls a registered command until it completes; its report with ``tasks``."""
        path = f"{kind}/{command_id}"
        policy = self.transport.policy
        report = self._get(path)
        for _ in range(policy.max_polls):
            if report.get("completedAt"):
                break
            policy.sleep(policy.poll_pause)
            report = self._get(path)
        tasks = (self._get(path + "/tasks", [("limit", 1000), ("offset", 0)]) or {}).get("tasks") or []
        return {**report, "tasks": tasks}

    def seller_offers(self, statuses: Sequence[str] = ()) -> Iterator[Offer]:
        """Every offer of the seller (1000 a page), optionally only those in these publication statuses."""
        offset = 0
        while True:
            params = [("publication.status", s) for s in statuses] + [("limit", 1000), ("offset", offset)]
            body = self._get("/sale/offers", params) or {}
            page = body.get("offers") or []
            yield from (Offer.parse(o) for o in page)
            offset += len(page)
            if not page or offset >= int(body.get("totalCount") or 0):
                return

    def offers_by_ids(self, offer_ids: Sequence[str]) -> list[Offer]:
        """The seller's offers with these ids (100 ids a call), whatever their status."""
        offers: list[Offer] = []
        unique = list(dict.fromkeys(offer_ids))
        for start in range(0, len(unique), 100):
            chunk = unique[start : start + 100]
            params = [("offer.id", o) for o in chunk] + [("limit", 1000)]
            offers += [Offer.parse(o) for o in (self._get("/sale/offers", params) or {}).get("offers") or []]
        return offers

    def set_offer_stock(self, offer_id: str, available: int, *, activate: bool = False) -> None:
        """Sets ``stock.available`` of one offer (``activate``: and resumes it, in the same edit) and waits until
        Allegro has applied it (202 → operation → 303)."""
        if available < 0:
            raise AllegroAPIError(f"stock cannot be negative ({available}) for offer {offer_id}")
        body: dict[str, Any] = {"stock": {"available": available}}
        if activate:
            body["publication"] = {"status": "ACTIVE"}
        answer = self.transport.call("PATCH", f"/sale/product-offers/{offer_id}", json=body, expect=(200, 202))
        if self._await_operation(answer) is None:
            raise AllegroAPIError(f"Allegro has not finished changing the stock of offer {offer_id}; check it later")

    def create_product_offer(self, body: dict[str, Any]) -> Offer:
        """Creates one offer (``POST /sale/product-offers``); on 202 waits for Allegro to finish it.

        A write that is never repeated on its own (no idempotency key exists): a lost answer raises, and the
        caller must look the product up by ``external.id`` (``offers_by_external_id``) before trying again.
        When Allegro is still processing after ``max_polls``, the offer is returned as it was accepted
        (status ``ACTIVATING``): it exists, and a later lookup finds it.
        """
        answer = self.transport.call("POST", "/sale/product-offers", json=body, expect=(201, 202))
        if not isinstance(answer.body, dict) or not answer.body.get("id"):
            raise AllegroAPIError(
                "Allegro accepted the offer but its answer names no offer id; look the product up by its "
                f"external.id ({(body.get('external') or {}).get('id')}) before listing it again"
            )
        offer = Offer.parse(answer.body)
        done = self._await_operation(answer)
        if done is not None and done.status == 303:
            return Offer.parse(
                self._get(urlsplit(done.headers.get("Location") or f"/sale/product-offers/{offer.id}").path)
            )
        return offer

    def _await_operation(self, answer: Answer) -> Answer | None:
        """Polls the operation a 202 answer names (``Location``, honouring ``Retry-After``) until Allegro is done.

        Returns the final answer (the first one when it was not a 202; a 303 names the result), or None when
        Allegro is still processing after ``max_polls``."""
        policy = self.transport.policy
        for _ in range(policy.max_polls):
            location = answer.headers.get("Location")
            if answer.status != 202 or not location:
                return answer
            policy.sleep(policy.retry_after(answer.headers.get("Retry-After") or str(policy.poll_pause)))
            answer = self.transport.call("GET", urlsplit(location).path, expect=(202, 303))
        return None if answer.status == 202 else answer
