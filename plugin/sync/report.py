"""What a run (or a plan) did, counted. ``to_json`` is the documented ``--format json`` object."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from plugin.emails.reason_groups import ReasonGroups

MAX_LISTED = 100  # unmapped offers / quarantined orders listed by id; the counts stay exact


@dataclass
class OrderCounts:
    """What applying orders adds up; a ``Tally`` counts one order, the ``SyncReport`` the whole run."""

    orders_imported: int = 0
    orders_updated: int = 0
    orders_cancelled: int = 0
    orders_skipped: int = 0
    archival_orders: int = 0
    stock_updates: int = 0
    customers_registered: int = 0
    emails_queued: int = 0
    emails_queued_archival: int = 0
    emails_skipped: int = 0  # recorded in the outbox as ``skipped`` with the reason (no usable buyer address)
    unmapped_items: int = 0


@dataclass
class Tally(OrderCounts):
    """Counters of one order's application; merged into the report only once its transaction committed."""

    unmapped_offers: set[str] = field(default_factory=set)
    skipped_emails: list[dict[str, str]] = field(default_factory=list)


@dataclass
class SyncReport(OrderCounts):
    emails_sent: int = 0
    unmapped_offers: list[str] = field(default_factory=list)
    events_read: int = 0
    forms_applied: int = 0
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    quarantined_count: int = 0
    quarantine_reasons: ReasonGroups = field(default_factory=ReasonGroups)  # every one, by reason: counts exact
    skipped_emails: list[dict[str, str]] = field(default_factory=list)  # the first MAX_LISTED, with reasons
    archival_inactive_offers: int = 0  # archival purchases left out: their offer is no longer active
    dropped_skipped: int = 0  # applications passed over: the order was given up (``quarantine --drop``)
    errors: list[str] = field(default_factory=list)
    api_calls: int = 0
    emails_backlog: int = 0  # queued by earlier runs and not sent yet (this run sends them too); not in emails_queued
    cursor: str | None = None
    phase: str = "new"
    stock_push: Any = None  # the stock push's PushReport, when it ran (``sync.push_stock``)

    def merge(self, tally: Tally) -> None:
        for spec in fields(OrderCounts):
            setattr(self, spec.name, getattr(self, spec.name) + getattr(tally, spec.name))
        room = MAX_LISTED - len(self.unmapped_offers)
        self.unmapped_offers.extend(sorted(tally.unmapped_offers - set(self.unmapped_offers))[: max(room, 0)])
        self.skipped_emails.extend(tally.skipped_emails[: max(MAX_LISTED - len(self.skipped_emails), 0)])
        self.forms_applied += 1

    def add_quarantine(self, checkout_form_id: str, reason: str, attempts: int) -> None:
        self.quarantined_count += 1
        self.quarantine_reasons.add(checkout_form_id, reason)
        if len(self.quarantined) < MAX_LISTED:
            self.quarantined.append({"checkout_form_id": checkout_form_id, "reason": reason, "attempts": attempts})

    @property
    def emails_queued_new(self) -> int:
        return self.emails_queued - self.emails_queued_archival

    def to_json(self) -> dict[str, Any]:
        data = {spec.name: getattr(self, spec.name) for spec in fields(self) if spec.name != "stock_push"}
        data["quarantine_reasons"] = self.quarantine_reasons.to_json()
        data["emails_queued_new"] = self.emails_queued_new
        if self.stock_push is not None:
            data.update(self.stock_push.as_json())
        return data

    def counts(self) -> dict[str, int]:
        """The numbers ``plan`` promises and ``run`` must match."""
        skip = {"api_calls", "emails_sent", "emails_backlog", "stock_offers_pushed"}  # what only a run does
        return {key: value for key, value in self.to_json().items() if isinstance(value, int) and key not in skip}
