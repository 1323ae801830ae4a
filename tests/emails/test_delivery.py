"""Delivery from the outbox: at least once, never twice once marked sent, archival guard, per-run cap."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.emails import outbox
from plugin.emails.delivery import compose, deliver_pending
from plugin.emails.outbox import queue_email
from plugin.emails.transports.eml_dir import EmlDirTransport, eml_name
from plugin.exceptions import DeliveryError
from plugin.manifest.model import ArchivedOrdersEmailPolicy
from plugin.testing.outbox import InMemoryTransport, memory_outbox

from .helpers import make_email, make_manifest


def queue(conn: sqlite3.Connection, count: int, *, archival: bool = False, start: int = 0) -> list[str]:
    ids = []
    for n in range(start, start + count):
        email = make_email(n, archival=archival)
        assert queue_email(conn, email)
        ids.append(email.message_id)
    conn.commit()
    return ids


def statuses(conn: sqlite3.Connection) -> dict[str, int]:
    return outbox.count_by_status(conn)


def test_queued_messages_are_delivered_once_and_marked_sent(tmp_path: Path, conn: sqlite3.Connection) -> None:
    ids = queue(conn, 5)
    transport = InMemoryTransport()
    report = deliver_pending(conn, make_manifest(tmp_path), transport=transport)
    assert (report.sent, report.failed, report.held) == (5, 0, 0)
    assert transport.message_ids() == ids
    again = deliver_pending(conn, make_manifest(tmp_path), transport=transport)
    assert again.sent == 0 and len(transport.messages) == 5
    assert statuses(conn) == {"sent": 5}


def test_queueing_twice_queues_once(conn: sqlite3.Connection) -> None:
    email = make_email(1)
    assert queue_email(conn, email) is True
    assert queue_email(conn, email) is False
    assert len(outbox.pending(conn)) == 1


def test_crash_after_send_before_mark_delivers_each_message_once_by_message_id(
    tmp_path: Path, conn: sqlite3.Connection
) -> None:
    ids = queue(conn, 6)
    transport = InMemoryTransport(crash_after=2)  # the 3rd message is accepted, then the process "dies"
    with pytest.raises(RuntimeError):
        deliver_pending(conn, make_manifest(tmp_path), transport=transport)
    assert statuses(conn) == {"sent": 2, "queued": 4}
    deliver_pending(conn, make_manifest(tmp_path), transport=transport)
    assert statuses(conn) == {"sent": 6}
    assert sorted(transport.unique()) == sorted(ids)  # a receiver dropping duplicates sees each once
    assert len(transport.messages) == 7  # at least once: only the un-marked 3rd was sent twice
    assert transport.message_ids().count(ids[2]) == 2


def test_a_transport_that_goes_down_keeps_the_rest_queued(tmp_path: Path, conn: sqlite3.Connection) -> None:
    queue(conn, 5)
    report = deliver_pending(conn, make_manifest(tmp_path), transport=InMemoryTransport(fail_after=2))
    assert (report.sent, report.failed, report.retrying) == (2, 0, 1)
    assert "configured to fail" in report.errors[0]
    assert statuses(conn) == {"sent": 2, "queued": 3}
    later = InMemoryTransport()
    assert deliver_pending(conn, make_manifest(tmp_path), transport=later).sent == 3


def test_transient_failures_give_up_after_max_attempts(tmp_path: Path, conn: sqlite3.Connection) -> None:
    queue(conn, 1)
    for _ in range(outbox.MAX_ATTEMPTS):
        deliver_pending(conn, make_manifest(tmp_path), transport=InMemoryTransport(fail_after=0))
    assert statuses(conn) == {"failed": 1}
    attempts, error = conn.execute("SELECT attempts, last_error FROM outbox").fetchone()
    assert attempts == outbox.MAX_ATTEMPTS and "configured to fail" in error


def test_an_unsafe_buyer_name_fails_that_message_only(tmp_path: Path, conn: sqlite3.Connection) -> None:
    queue(conn, 2)
    bad = make_email(99, buyer={"first_name": "Jan\r\nBcc: all@example.com"})
    queue_email(conn, replace(bad, recipient_name="Jan\r\nBcc: all@example.com"))
    conn.commit()
    transport = InMemoryTransport()
    report = deliver_pending(conn, make_manifest(tmp_path), transport=transport)
    assert (report.sent, report.failed) == (2, 1)
    assert "CR" in report.errors[0] and bad.message_id in report.errors[0]
    assert outbox.status_of(conn, bad.message_id) == "failed"
    assert all("Bcc" not in str(m) for m in transport.messages)


def test_max_per_run_and_limit_cap_a_run(tmp_path: Path, conn: sqlite3.Connection) -> None:
    queue(conn, 10)
    transport = InMemoryTransport()
    assert deliver_pending(conn, make_manifest(tmp_path, max_per_run=4), transport=transport).sent == 4
    assert deliver_pending(conn, make_manifest(tmp_path, max_per_run=4), transport=transport, limit=1).sent == 1
    assert statuses(conn) == {"sent": 5, "queued": 5}


def test_archival_emails_are_held_unless_the_manifest_allows_them(tmp_path: Path, conn: sqlite3.Connection) -> None:
    queue(conn, 2)
    queue(conn, 3, archival=True, start=100)
    transport = InMemoryTransport()
    report = deliver_pending(conn, make_manifest(tmp_path), transport=transport)
    assert (report.sent, report.held) == (2, 3)
    reason = conn.execute("SELECT last_error FROM outbox WHERE status = 'held' LIMIT 1").fetchone()[0]
    assert "email.archived_orders.send is false" in reason
    allowed = make_manifest(tmp_path, archived=ArchivedOrdersEmailPolicy(send=True, max=2))
    report = deliver_pending(conn, allowed, transport=transport)
    assert (report.sent, report.held) == (2, 1)
    assert deliver_pending(conn, allowed, transport=transport).sent == 0  # the limit counts all runs


def test_send_true_without_max_sends_no_archival_email(tmp_path: Path, conn: sqlite3.Connection) -> None:
    queue(conn, 2, archival=True)
    manifest = make_manifest(tmp_path, archived=ArchivedOrdersEmailPolicy(send=True, max=None))
    report = deliver_pending(conn, manifest, transport=InMemoryTransport())
    assert (report.sent, report.held) == (0, 2)


@settings(max_examples=30)
@given(
    new=st.integers(0, 6),
    archival=st.integers(0, 12),
    limit=st.integers(0, 20),
    runs=st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=1, max_size=5),
)
def test_never_more_archival_emails_than_max_across_runs(new: int, archival: int, limit: int, runs: list) -> None:
    conn = memory_outbox()
    queue(conn, new)
    queue(conn, archival, archival=True, start=1000)
    manifest = make_manifest(Path("/nonexistent"), archived=ArchivedOrdersEmailPolicy(send=True, max=limit))
    transport = InMemoryTransport()
    for run_limit in runs:
        counts = dict(conn.execute("SELECT archival, COUNT(*) FROM outbox WHERE status = 'queued' GROUP BY archival"))
        held = conn.execute("SELECT COUNT(*) FROM outbox WHERE archival = 1 AND status = 'held'").fetchone()[0]
        sent_before = conn.execute("SELECT COUNT(*) FROM outbox WHERE archival = 1 AND status = 'sent'").fetchone()[0]
        send_new = counts.get(0, 0) if run_limit is None else min(counts.get(0, 0), run_limit)
        allowed = min(counts.get(1, 0) + held, limit - sent_before)
        expected = send_new + (allowed if run_limit is None else min(allowed, run_limit - send_new))
        report = deliver_pending(conn, manifest, transport=transport, limit=run_limit)
        assert report.sent == expected
        assert run_limit is None or report.sent <= run_limit
    sent_archival = conn.execute("SELECT COUNT(*) FROM outbox WHERE archival = 1 AND status = 'sent'").fetchone()[0]
    assert sent_archival <= limit
    assert len(transport.unique()) == len(transport.messages)  # nothing sent twice
    if all(r is None for r in runs):
        assert sent_archival == min(archival, limit)
        assert statuses(conn).get("held", 0) == archival - sent_archival


def test_eml_transport_writes_atomically_and_idempotently(tmp_path: Path, conn: sqlite3.Connection) -> None:
    ids = queue(conn, 3)
    manifest = make_manifest(tmp_path)
    report = deliver_pending(conn, manifest)  # transport=None: the manifest's outbox folder
    assert report.sent == 3
    folder = tmp_path / "outbox"
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == sorted(eml_name(i) for i in ids)
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert str(parsed["Message-ID"]).strip() in ids
    before = {f.name: f.stat().st_mtime_ns for f in files}
    conn.execute("UPDATE outbox SET status = 'queued'")  # as if the marks were lost in a crash
    conn.commit()
    assert deliver_pending(conn, manifest).sent == 3
    assert {f.name: f.stat().st_mtime_ns for f in folder.iterdir()} == before  # same files, untouched


def test_eml_names_are_distinct_and_portable() -> None:
    a, b = eml_name("<a/b@x>"), eml_name("<a_b@x>")
    assert a != b
    assert "/" not in a and a.endswith(".eml")


def test_eml_transport_reports_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    email = make_email(1)
    msg = compose(email, make_manifest(tmp_path))
    with pytest.raises(DeliveryError, match="cannot write"):
        EmlDirTransport(blocker / "sub").send(msg)


def test_a_broken_override_keeps_messages_queued_for_a_fixed_template(tmp_path: Path, conn: sqlite3.Connection) -> None:
    from plugin.emails.environment import clear_cache

    queue(conn, 2)
    folder = tmp_path / "templates" / "pl"
    folder.mkdir(parents=True)
    (folder / "order_confirmation.txt").write_text("{{ order.nummer }}", encoding="utf-8")
    clear_cache()
    broken = make_manifest(tmp_path, templates=folder.parent)
    report = deliver_pending(conn, broken, transport=InMemoryTransport())
    assert (report.sent, report.failed, report.retrying) == (0, 0, 2)
    assert "nummer" in report.errors[0] and "still queued" in report.errors[0] and report.errors[0].startswith("2 ")
    assert statuses(conn) == {"queued": 2}
    assert deliver_pending(conn, make_manifest(tmp_path), transport=InMemoryTransport()).sent == 2


def test_bad_money_in_a_context_is_a_template_error_naming_the_line(conn: sqlite3.Connection) -> None:
    from plugin.emails.render import render_email
    from plugin.exceptions import TemplateError

    email = make_email(1)
    email.context["totals"]["total"] = "dużo"
    with pytest.raises(TemplateError, match="not an amount of money") as info:
        render_email(email.template, email.context, "pl")
    assert str(info.value.file).endswith((".txt", ".html"))
    assert (info.value.line or 0) > 1


def test_delivery_without_an_email_section_refuses_before_touching_rows(
    tmp_path: Path, conn: sqlite3.Connection
) -> None:
    from plugin.exceptions import EmailError

    queue(conn, 1)
    with pytest.raises(EmailError, match="no email: section"):
        deliver_pending(conn, replace(make_manifest(tmp_path), email=None), transport=InMemoryTransport())
    assert statuses(conn) == {"queued": 1}
