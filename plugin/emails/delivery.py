"""Deliver the outbox: at least once, and never again once a message is marked sent.

Each message is rendered, built, handed to the transport and then marked sent in a committed transaction.
For SMTP that is one transaction per message: a crash between ``send`` and the mark re-sends that one
message on the next run with the same Message-ID (a receiver can drop the duplicate). A transport whose
repeats are no-ops (``group_commit``: the ``.eml`` folder, which skips a file it already has) may have up
to that many accepted messages marked together, after its ``flush`` made them durable: a crash in between
re-delivers that batch, which the transport skips. A failure of one message does not stop the others,
except a transport that is down, which ends the run early (after marking what was accepted).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from plugin.emails import outbox
from plugin.emails.message import build_message
from plugin.emails.outbox import QueuedEmail
from plugin.emails.reason_groups import ReasonGroups
from plugin.emails.render import render_email
from plugin.emails.safety import archival_budget, effective_cap, hold_reason, policy_of
from plugin.emails.template_context import reply_to_address
from plugin.emails.transports import Transport, open_transport
from plugin.exceptions import DeliveryError, EmailError, TemplateError, UnsafeHeaderError
from plugin.manifest.model import Manifest

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int  # messages this run marked failed for good (a permanent error, or the last allowed attempt)
    held: int  # archival messages held back by email.archived_orders, in the whole outbox after this run
    errors: tuple[str, ...] = ()
    queued: int = 0  # messages still waiting in the whole outbox after this run (a failed attempt stays queued)
    failed_in_outbox: int = 0  # messages failed for good in the whole outbox, this run's and earlier ones
    retrying: int = 0  # attempts that failed in this run whose message stays queued for the next run

    def as_dict(self) -> dict[str, object]:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "retrying": self.retrying,
            "held": self.held,
            "queued": self.queued,
            "failed_in_outbox": self.failed_in_outbox,
            "errors": list(self.errors),
        }


def compose(email: QueuedEmail, manifest: Manifest) -> EmailMessage:
    """Render and build the message of one outbox row (raises ``EmailError`` subclasses)."""
    if manifest.email is None:
        raise EmailError("the manifest has no email: section; add email.sender to send the queued emails")
    rendered = render_email(email.template, email.context, email.language, manifest.email.templates)
    return build_message(
        email,
        rendered,
        sender=manifest.email.sender,
        sender_name=manifest.shop.name,
        reply_to=reply_to_address(manifest),
    )


def _batch(conn: sqlite3.Connection, manifest: Manifest, cap: int | None) -> list[QueuedEmail]:
    batch = outbox.pending(conn, cap)
    room = None if cap is None else cap - len(batch)
    budget = archival_budget(conn, policy_of(manifest))
    if budget > 0 and (room is None or room > 0):
        batch += outbox.held(conn, budget if room is None else min(budget, room))
    return batch


class _Ledger:
    """What a run did to the outbox rows: sent marks at once (per message), or grouped for a transport
    that declares ``group_commit`` (marked after its ``flush`` says each file is durable), and failures."""

    def __init__(self, conn: sqlite3.Connection, transport: Transport | None) -> None:
        self.conn = conn
        self.transport = transport
        self.size = int(getattr(transport, "group_commit", 0) or 0)
        self.ids: list[str] = []
        self.sent_ahead: set[str] = set()
        self.sent = self.failed = self.retrying = 0
        self.reasons = ReasonGroups()  # one line per reason, not one per message

    def already_sent(self, batch: list[QueuedEmail], index: int) -> bool:
        """Did another run mark ``batch[index]`` sent? Per message at once; per group (one query) when grouped."""
        message_id = batch[index].message_id
        if self.size <= 1:
            return outbox.status_of(self.conn, message_id) == "sent"
        if index % self.size == 0:
            self.sent_ahead = outbox.sent_among(self.conn, [e.message_id for e in batch[index : index + self.size]])
        return message_id in self.sent_ahead

    def accepted(self, message_id: str) -> bool:
        """Record an accepted message; False when a grouped write failed transiently (the transport is down)."""
        if self.size <= 1:
            outbox.mark_sent(self.conn, message_id)
            self.sent += 1
            return True
        self.ids.append(message_id)
        return len(self.ids) < self.size or self.commit()

    def commit(self) -> bool:
        """Mark the durable part of the pending group sent in one transaction, the rest failed."""
        ids, self.ids = self.ids, []
        if not ids:
            return True
        outcome = getattr(self.transport, "flush", lambda: [None] * len(ids))()
        outbox.mark_sent_many(self.conn, [i for i, error in zip(ids, outcome, strict=True) if error is None])
        self.sent += outcome.count(None)
        up = True
        for message_id, error in zip(ids, outcome, strict=True):
            if error is not None:
                self.fail(message_id, error, permanent=error.permanent)
                up = up and error.permanent
        return up

    def fail(self, message_id: str, exc: Exception, *, permanent: bool) -> None:
        state = outbox.mark_failed(self.conn, message_id, str(exc), permanent=permanent)
        if state == "queued":
            self.retrying += 1
            self.reasons.add(message_id, f"{exc} [still queued: the next run tries again]")
        else:
            self.failed += 1
            self.reasons.add(message_id, f"{exc} [failed for good: `emails retry` after fixing it]")


def _deliver_one(email: QueuedEmail, manifest: Manifest, active: Transport | None, ledger: _Ledger) -> str:
    """Compose and send one message: ``sent``, ``failed`` (this message only) or ``down`` (the transport)."""
    try:
        assert active is not None
        active.send(compose(email, manifest))
    except DeliveryError as exc:
        ledger.fail(email.message_id, exc, permanent=exc.permanent)
        return "failed" if exc.permanent else "down"
    except (UnsafeHeaderError, TemplateError) as exc:
        # unsafe buyer data cannot become safe by retrying; a template may be fixed meanwhile
        ledger.fail(email.message_id, exc, permanent=isinstance(exc, UnsafeHeaderError))
        return "failed"
    return "sent" if ledger.accepted(email.message_id) else "down"


def deliver_pending(
    conn: sqlite3.Connection,
    manifest: Manifest,
    *,
    transport: Transport | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> DeliveryReport:
    """Send queued messages (at most ``limit`` and ``email.max_per_run``); call after the engine commits."""
    if manifest.email is None:
        raise EmailError("the manifest has no email: section; add email.sender to deliver the queued emails")
    batch = _batch(conn, manifest, effective_cap(manifest, limit))
    policy = policy_of(manifest)
    budget = archival_budget(conn, policy)
    own = transport is None
    active = open_transport(manifest) if transport is None and batch else transport
    ledger = _Ledger(conn, active)
    try:
        for done, email in enumerate(batch, start=1):
            if ledger.already_sent(batch, done - 1):  # another run got there first
                continue
            reason = hold_reason(policy, budget) if email.archival else None
            if reason is not None:
                outbox.mark_held(conn, email.message_id, reason)
            else:
                outcome = _deliver_one(email, manifest, active, ledger)
                if outcome == "down":  # the transport is down: keep the rest queued for the next run
                    ledger.commit()
                    break
                budget -= int(email.archival and outcome == "sent")
            if progress is not None and done < len(batch):
                progress(done, len(batch))
        else:
            ledger.commit()  # not on an exception: that group is re-delivered next run (the transport skips it)
            if progress is not None and batch:  # "all done" only once all are marked
                progress(len(batch), len(batch))
    finally:
        if own and active is not None:
            active.close()
    counts = outbox.count_by_status(conn)
    return DeliveryReport(
        sent=ledger.sent,
        failed=ledger.failed,
        retrying=ledger.retrying,
        held=counts.get("held", 0),
        errors=tuple(ledger.reasons.lines("message")),
        queued=counts.get("queued", 0),
        failed_in_outbox=counts.get("failed", 0),
    )
