"""``plugin.testing.outbox``: the in-memory outbox integrators use in their own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugin.emails.delivery import deliver_pending
from plugin.emails.outbox import pending, queue_email
from plugin.exceptions import DeliveryError
from plugin.testing.outbox import InMemoryTransport, memory_outbox

from .helpers import make_email, make_manifest


def test_memory_outbox_round_trip(tmp_path: Path) -> None:
    conn = memory_outbox()
    queue_email(conn, make_email(1, recipient="jan@example.pl"))
    assert len(pending(conn)) == 1
    transport = InMemoryTransport()
    deliver_pending(conn, make_manifest(tmp_path), transport=transport)
    (msg,) = transport.by_recipient("jan@example.pl")
    assert str(msg["Subject"]).startswith("Potwierdzenie")
    assert transport.by_recipient("other@example.pl") == []


def test_fail_after_raises_the_configured_error(tmp_path: Path) -> None:
    transport = InMemoryTransport(fail_after=0, permanent=True)
    from plugin.emails.delivery import compose

    with pytest.raises(DeliveryError) as info:
        transport.send(compose(make_email(1), make_manifest(tmp_path)))
    assert info.value.permanent and transport.messages == []
