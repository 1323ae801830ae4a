"""Build the MIME message of one queued email: multipart text + HTML, safe headers, deterministic Message-ID."""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from plugin.emails.headers import check_header, safe_address
from plugin.emails.outbox import QueuedEmail
from plugin.emails.render import RenderedEmail


def build_message(
    email: QueuedEmail,
    rendered: RenderedEmail,
    *,
    sender: str,
    sender_name: str,
    reply_to: str,
    date: datetime | None = None,
) -> EmailMessage:
    """The message for ``email``; raises ``UnsafeHeaderError`` when any header value is unsafe."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = safe_address("From", sender, sender_name, source="the shop's sender")
    msg["To"] = safe_address("To", email.recipient, email.recipient_name, source="the buyer's name or address")
    msg["Reply-To"] = safe_address("Reply-To", reply_to, sender_name, source="the shop's reply-to address")
    msg["Subject"] = check_header("Subject", rendered.subject, source="the rendered subject")
    msg["Message-ID"] = check_header("Message-ID", email.message_id, source="the outbox Message-ID")
    msg["Date"] = format_datetime(date or datetime.now(UTC))
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: auto-responders must not answer
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    # after the parts exist: making the message multipart moves Content-* headers into the first part
    msg["Content-Language"] = check_header("Content-Language", email.language, source="the outbox language")
    return msg
