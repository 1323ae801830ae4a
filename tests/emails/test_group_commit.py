"""Group commit to the .eml folder: files durable before their rows are marked, a crash re-delivers a group
as no-ops (no duplicate file, nothing lost), a failed write stays queued; SMTP keeps per-message marks."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.emails import outbox
from plugin.emails.delivery import deliver_pending
from plugin.emails.outbox import queue_email
from plugin.emails.transports import eml_dir
from plugin.emails.transports.eml_dir import EmlDirTransport, eml_name
from plugin.emails.transports.smtp import SmtpSender
from plugin.testing.outbox import memory_outbox

from .helpers import make_email, make_manifest


class SmallGroups(EmlDirTransport):
    """The real transport with small groups, so a handful of messages spans several group commits."""

    group_commit = 3


def queue(conn: sqlite3.Connection, count: int) -> list[str]:
    ids = []
    for n in range(count):
        email = make_email(n)
        assert queue_email(conn, email)
        ids.append(email.message_id)
    conn.commit()
    return ids


def files(folder: Path) -> dict[str, int]:
    return {f.name: f.stat().st_mtime_ns for f in folder.iterdir()}


def test_each_group_is_marked_in_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = memory_outbox()
    ids = queue(conn, 8)
    calls: list[list[str]] = []
    original = outbox.mark_sent_many
    monkeypatch.setattr(outbox, "mark_sent_many", lambda c, group: calls.append(list(group)) or original(c, group))
    monkeypatch.setattr(outbox, "mark_sent", lambda *a: pytest.fail("per-message mark for a grouping transport"))
    report = deliver_pending(conn, make_manifest(tmp_path), transport=SmallGroups(tmp_path / "out"))
    assert report.sent == 8
    assert [len(group) for group in calls] == [3, 3, 2]
    assert [i for group in calls for i in group] == ids
    assert sorted(files(tmp_path / "out")) == sorted(eml_name(i) for i in ids)


def test_a_crash_between_writing_a_group_and_marking_it_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = memory_outbox()
    ids = queue(conn, 7)
    original = outbox.mark_sent_many
    seen: list[int] = []

    def dies_on_second_group(c: sqlite3.Connection, group: list[str]) -> None:
        seen.append(len(group))
        if len(seen) == 2:
            raise RuntimeError("simulated crash: files written and synced, rows not marked")
        original(c, group)

    monkeypatch.setattr(outbox, "mark_sent_many", dies_on_second_group)
    folder = tmp_path / "out"
    with pytest.raises(RuntimeError):
        deliver_pending(conn, make_manifest(tmp_path), transport=SmallGroups(folder))
    assert outbox.count_by_status(conn) == {"sent": 3, "queued": 4}
    written = files(folder)
    assert len(written) == 6  # two groups on disk, the second one not marked
    monkeypatch.setattr(outbox, "mark_sent_many", original)
    report = deliver_pending(conn, make_manifest(tmp_path), transport=SmallGroups(folder))
    assert report.sent == 4 and outbox.count_by_status(conn) == {"sent": 7}
    after = files(folder)
    assert sorted(after) == sorted(eml_name(i) for i in ids)  # one file per message, none missing
    assert {name: after[name] for name in written} == written  # the re-delivered group was skipped by name


def test_a_failed_write_keeps_that_message_queued_and_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = memory_outbox()
    ids = queue(conn, 6)
    original = eml_dir._write_durably

    def disk_full_on_the_fifth(target: Path, data: bytes) -> bool:
        if target.name == eml_name(ids[4]):
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(target, data)

    monkeypatch.setattr(eml_dir, "_write_durably", disk_full_on_the_fifth)
    folder = tmp_path / "out"
    report = deliver_pending(conn, make_manifest(tmp_path), transport=SmallGroups(folder))
    assert (report.sent, report.retrying) == (5, 1)  # the group of 4..6 marks its durable files
    assert "No space left" in report.errors[0] and "free space" in report.errors[0] and ids[4] in report.errors[0]
    assert outbox.status_of(conn, ids[4]) == "queued"
    assert eml_name(ids[4]) not in files(folder)
    assert not [f for f in folder.iterdir() if f.name.startswith(".tmp-")]  # no temporary file left behind
    monkeypatch.setattr(eml_dir, "_write_durably", original)
    assert deliver_pending(conn, make_manifest(tmp_path), transport=SmallGroups(folder)).sent == 1
    assert sorted(files(folder)) == sorted(eml_name(i) for i in ids)


def test_smtp_marks_every_message_on_its_own() -> None:
    assert int(getattr(SmtpSender, "group_commit", 0) or 0) <= 1  # a repeat would reach a buyer


def test_eml_files_are_private_and_parse_back(tmp_path: Path) -> None:
    conn = memory_outbox()
    ids = queue(conn, 2)
    deliver_pending(conn, make_manifest(tmp_path))
    for path in (tmp_path / "outbox").iterdir():
        assert path.stat().st_mode & 0o777 == 0o600
        parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert str(parsed["Message-ID"]).strip() in ids
        assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]


@settings(max_examples=15, deadline=None)
@given(
    count=st.integers(1, 10),
    group=st.integers(2, 4),
    crash_at=st.integers(1, 12),
    where=st.sampled_from(["write", "mark"]),
)
def test_a_crash_anywhere_then_a_rerun_leaves_exactly_one_file_per_message(
    tmp_path_factory: pytest.TempPathFactory, count: int, group: int, crash_at: int, where: str
) -> None:
    tmp = tmp_path_factory.mktemp("crash")
    conn = memory_outbox()
    ids = queue(conn, count)
    folder = tmp / "out"
    calls = {"write": 0, "mark": 0}
    write, mark = eml_dir._write_durably, outbox.mark_sent_many

    def crashing(kind: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            calls[kind] += 1
            if kind == where and calls[kind] == crash_at:
                raise KeyboardInterrupt(f"simulated crash in {kind}")
            return real(*args)

        return wrapper

    transport = type("Grouped", (EmlDirTransport,), {"group_commit": group})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eml_dir, "_write_durably", crashing("write", write))
        patch.setattr(outbox, "mark_sent_many", crashing("mark", mark))
        with contextlib.suppress(KeyboardInterrupt):  # the simulated crash, if this example reaches it
            deliver_pending(conn, make_manifest(tmp), transport=transport(folder))
    marked = {row[0] for row in conn.execute("SELECT message_id FROM outbox WHERE status = 'sent'")}
    before = {k: v for k, v in files(folder).items() if not k.startswith(".tmp-")} if folder.exists() else {}
    assert all(eml_name(i) in before for i in marked)  # never marked sent without its durable file
    deliver_pending(conn, make_manifest(tmp), transport=transport(folder))
    after = files(folder)
    assert sorted(after) == sorted(eml_name(i) for i in ids)  # nothing lost, no duplicate, no temp file
    assert all(after[name] == before[name] for name in before)  # a file once written is never rewritten
    assert outbox.count_by_status(conn) == {"sent": count}


def test_temporary_files_a_crash_left_behind_are_swept_once_abandoned(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    folder.mkdir()
    abandoned, in_flight = folder / ".tmp-4242-old.eml", folder / ".tmp-4243-new.eml"
    for path in (abandoned, in_flight):
        path.write_bytes(b"half a message")
    old = abandoned.stat().st_mtime - eml_dir.ABANDONED_AFTER - 60
    os.utime(abandoned, (old, old))
    conn = memory_outbox()
    queue(conn, 1)
    assert deliver_pending(conn, make_manifest(tmp_path)).sent == 1
    assert not abandoned.exists()
    assert in_flight.exists()  # young: it may belong to a delivery still running
