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
from plugin.emails.context import reply_to_address
from plugin.emails.message import build_message
from plugin.emails.outbox import QueuedEmail
from plugin.emails.render import render_email
from plugin.emails.safety import archival_budget, effective_cap, hold_reason, policy_of
from plugin.emails.transports import Transport, open_transport
from plugin.exceptions import DeliveryError, EmailError, TemplateError, UnsafeHeaderError
from plugin.manifest.model import Manifest

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int  # attempts that failed in this run (the message stays queued unless the error was permanent)
    held: int  # archival messages held back by email.archived_orders, in the whole outbox after this run
    errors: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"sent": self.sent, "failed": self.failed, "held": self.held, "errors": list(self.errors)}


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


class _Marks:
    """Sent marks: at once (per message), or grouped for a transport that declares ``group_commit``."""

    def __init__(self, conn: sqlite3.Connection, transport: Transport | None) -> None:
        self.conn = conn
        self.transport = transport
        self.size = int(getattr(transport, "group_commit", 0) or 0)
        self.ids: list[str] = []
        self.marked = 0
        self.errors: list[str] = []

    def sent(self, message_id: str) -> None:
        if self.size <= 1:
            outbox.mark_sent(self.conn, message_id)
            self.marked += 1
            return
        self.ids.append(message_id)
        if len(self.ids) >= self.size:
            self.commit()

    def commit(self) -> None:
        """Make the accepted messages durable in the transport, then mark them all in one transaction."""
        if not self.ids:
            return
        ids, self.ids = self.ids, []
        flush = getattr(self.transport, "flush", None)
        try:
            if flush is not None:
                flush()
        except DeliveryError as exc:  # not known durable: not marked, so the next run delivers them again
            self.errors.append(f"{len(ids)} messages stay queued: {exc}")
            return
        outbox.mark_sent_many(self.conn, ids)
        self.marked += len(ids)


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
    failed = 0
    errors: list[str] = []
    own = transport is None
    active = open_transport(manifest) if transport is None and batch else transport
    marks = _Marks(conn, active)
    try:
        for done, email in enumerate(batch, start=1):
            if outbox.status_of(conn, email.message_id) == "sent":  # another run got there first
                continue
            reason = hold_reason(policy, budget) if email.archival else None
            if reason is not None:
                outbox.mark_held(conn, email.message_id, reason)
            else:
                try:
                    assert active is not None
                    active.send(compose(email, manifest))
                except DeliveryError as exc:
                    failed += 1
                    state = outbox.mark_failed(conn, email.message_id, str(exc), permanent=exc.permanent)
                    errors.append(f"{email.message_id}: {exc} [{state}]")
                    if not exc.permanent:  # the transport is down: keep the rest queued for the next run
                        marks.commit()
                        break
                    continue
                except (UnsafeHeaderError, TemplateError) as exc:
                    # unsafe buyer data cannot become safe by retrying; a template may be fixed meanwhile
                    failed += 1
                    permanent = isinstance(exc, UnsafeHeaderError)
                    state = outbox.mark_failed(conn, email.message_id, str(exc), permanent=permanent)
                    errors.append(f"{email.message_id}: {exc} [{state}]")
                    continue
                marks.sent(email.message_id)
                budget -= int(email.archival)
            if progress is not None:
                progress(done, len(batch))
        marks.commit()  # not on an exception: that batch is re-delivered next run (the transport skips it)
    finally:
        if own and active is not None:
            active.close()
    held = outbox.count_by_status(conn).get("held", 0)
    errors += marks.errors
    return DeliveryReport(sent=marks.marked, failed=failed, held=held, errors=tuple(errors))
