"""An in-memory outbox and transport for integrators' tests: queue emails, deliver them, inspect the messages.

from plugin.testing.outbox import InMemoryTransport, memory_outbox
conn = memory_outbox()
queue_email(conn, email)                     # or run your sync code against conn
transport = InMemoryTransport()
deliver_pending(conn, manifest, transport=transport)
assert transport.by_recipient("jan@example.pl")[0]["Subject"].startswith("Potwierdzenie")
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from plugin.emails.outbox import ensure_schema
from plugin.exceptions import DeliveryError


def memory_outbox() -> sqlite3.Connection:
    """A fresh SQLite database in memory with the outbox table."""
    conn = sqlite3.connect(":memory:")
    ensure_schema(conn)
    return conn


@dataclass
class InMemoryTransport:
    """Keeps every accepted message (re-parsed from its bytes, as a receiver would see it).

    ``fail_after=N`` accepts N messages and then raises ``DeliveryError`` (``permanent`` as given), to test
    what your code does when the mail server goes away; ``crash_after=N`` raises ``RuntimeError`` after
    *accepting* message N+1, like a process dying between sending and marking the message sent.
    """

    fail_after: int | None = None
    permanent: bool = False
    crash_after: int | None = None
    messages: list[EmailMessage] = field(default_factory=list)
    closed: bool = False

    def send(self, msg: EmailMessage) -> None:
        if self.fail_after is not None and len(self.messages) >= self.fail_after:
            raise DeliveryError("in-memory transport: configured to fail", permanent=self.permanent)
        parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        if self.crash_after is not None and len(self.messages) > self.crash_after:
            self.crash_after = None  # die once, like a process
            raise RuntimeError("in-memory transport: simulated crash after sending")

    def close(self) -> None:
        self.closed = True

    def by_recipient(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]).strip() for m in self.messages]  # a long id is folded onto its own line

    def unique(self) -> dict[str, EmailMessage]:
        """Messages by Message-ID, duplicates dropped: what a receiver that deduplicates keeps."""
        return {str(m["Message-ID"]).strip(): m for m in self.messages}
