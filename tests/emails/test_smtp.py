"""End to end over real SMTP: aiosmtpd on loopback, messages parsed back and their structure asserted."""

from __future__ import annotations

import sqlite3
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from plugin.emails import outbox
from plugin.emails.delivery import compose, deliver_pending
from plugin.emails.outbox import queue_email
from plugin.emails.transports.smtp import SmtpSender
from plugin.exceptions import DeliveryError
from plugin.manifest.model import SmtpTransport

from .helpers import free_port, make_email, make_manifest, with_transport


def smtp_config(controller: Any) -> SmtpTransport:
    return SmtpTransport(host=controller.hostname, port=controller.port, security="none", timeout=5.0)


def received(handler: Any) -> list[EmailMessage]:
    messages = []
    for envelope in handler.envelopes:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        messages.append(parsed)
    return messages


def test_outbox_is_delivered_over_smtp_and_parses_back(
    tmp_path: Path, conn: sqlite3.Connection, smtp_server: Any
) -> None:
    controller, handler = smtp_server
    emails = [make_email(1), make_email(2, template="customer_registration", language="en")]
    for email in emails:
        queue_email(conn, email)
    conn.commit()
    manifest = with_transport(make_manifest(tmp_path), smtp_config(controller))
    report = deliver_pending(conn, manifest)  # transport=None: opened from the manifest
    assert (report.sent, report.failed) == (2, 0)
    messages = received(handler)
    assert [str(m["Message-ID"]).strip() for m in messages] == [e.message_id for e in emails]
    assert [env.rcpt_tos for env in handler.envelopes] == [[e.recipient] for e in emails]
    assert handler.envelopes[0].mail_from == "sklep@example.pl"
    for msg, email in zip(messages, emails, strict=True):
        assert msg.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
        assert msg["Reply-To"].addresses[0].addr_spec == "sklep@example.pl"  # no shop.email: the sender
        assert str(msg["Content-Language"]) == email.language
        html = msg.get_body(("html",)).get_content()
        text = msg.get_body(("plain",)).get_content()
        assert email.context["order"]["number"] in text or email.context["customer"]["email"] in text
        assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "Potwierdzenie zamówienia" in str(messages[0]["Subject"])
    assert "account" in str(messages[1]["Subject"])


def test_hostile_names_arrive_escaped_and_headers_intact(
    tmp_path: Path, conn: sqlite3.Connection, smtp_server: Any
) -> None:
    controller, handler = smtp_server
    hostile = '<script>alert("x")</script> Zażółć \u202eevil 😀'
    email = make_email(3, buyer={"first_name": hostile, "company": hostile})  # the greeting shows only a real name
    queue_email(conn, email)
    conn.commit()
    manifest = with_transport(make_manifest(tmp_path), smtp_config(controller))
    assert deliver_pending(conn, manifest).sent == 1
    (msg,) = received(handler)
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert hostile in msg.get_body(("plain",)).get_content()
    assert "".join(msg["To"].addresses[0].display_name.split()) == "".join(email.recipient_name.split())


def test_a_crash_mid_batch_over_smtp_sends_nothing_marked_sent_again(
    tmp_path: Path, conn: sqlite3.Connection, smtp_server: Any
) -> None:
    controller, handler = smtp_server
    ids = []
    for n in range(5):
        email = make_email(n)
        queue_email(conn, email)
        ids.append(email.message_id)
    conn.commit()
    manifest = with_transport(make_manifest(tmp_path), smtp_config(controller))
    real = SmtpSender(smtp_config(controller))

    class DiesAfterThird:
        count = 0

        def send(self, msg: EmailMessage) -> None:
            real.send(msg)
            self.count += 1
            if self.count == 3:
                raise KeyboardInterrupt  # the process is stopped after sending, before the mark

        def close(self) -> None:
            real.close()

    with pytest.raises(KeyboardInterrupt):
        deliver_pending(conn, manifest, transport=DiesAfterThird())
    real.close()
    assert outbox.count_by_status(conn) == {"sent": 2, "queued": 3}
    deliver_pending(conn, manifest)
    got = [str(m["Message-ID"]).strip() for m in received(handler)]
    assert sorted(set(got)) == sorted(ids)  # every email arrived; deduplicated by Message-ID, once each
    assert len(got) == 6 and got.count(ids[2]) == 2  # only the unmarked one twice, none marked sent again


def test_a_temporary_451_is_retried_with_backoff(smtp_server: Any, tmp_path: Path) -> None:
    controller, handler = smtp_server
    handler.answers = ["451 4.3.0 try again later", "451 4.3.0 try again later"]
    waits: list[float] = []
    sender = SmtpSender(smtp_config(controller), retries=3, backoff=0.5, sleep=waits.append)
    sender.send(compose(make_email(1), make_manifest(tmp_path)))
    sender.close()
    assert len(handler.envelopes) == 1
    assert waits == [0.5, 1.0]


def test_a_permanent_550_is_not_retried(smtp_server: Any, tmp_path: Path) -> None:
    controller, handler = smtp_server
    handler.answers = ["550 5.1.1 mailbox unavailable"]
    waits: list[float] = []
    sender = SmtpSender(smtp_config(controller), retries=3, backoff=0.5, sleep=waits.append)
    with pytest.raises(DeliveryError) as info:
        sender.send(compose(make_email(1), make_manifest(tmp_path)))
    sender.close()
    assert info.value.permanent and "550" in str(info.value)
    assert waits == [] and handler.envelopes == []


def test_an_unreachable_server_is_a_clear_transient_error(tmp_path: Path, conn: sqlite3.Connection) -> None:
    queue_email(conn, make_email(1))
    conn.commit()
    config = SmtpTransport(host="127.0.0.1", port=free_port(), security="none", timeout=2.0, password="s3cret-pw")
    sender = SmtpSender(config, retries=1, backoff=0.01)
    report = deliver_pending(conn, with_transport(make_manifest(tmp_path), config), transport=sender)
    assert (report.sent, report.retrying) == (0, 1)
    assert "127.0.0.1" in report.errors[0] and "after 2 attempts" in report.errors[0]
    assert "s3cret-pw" not in report.errors[0]
    assert outbox.count_by_status(conn) == {"queued": 1}


def test_starttls_against_a_server_without_tls_fails_permanently(smtp_server: Any, tmp_path: Path) -> None:
    controller, _ = smtp_server
    config = SmtpTransport(host=controller.hostname, port=controller.port, security="starttls", timeout=5.0)
    with pytest.raises(DeliveryError) as info:
        SmtpSender(config, retries=2, sleep=lambda _: None).send(compose(make_email(1), make_manifest(tmp_path)))
    assert info.value.permanent and "starttls" in str(info.value).lower()
