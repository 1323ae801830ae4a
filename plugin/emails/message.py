"""Build the MIME message of one queued email: multipart text + HTML, safe headers, deterministic Message-ID.

Built for throughput without giving up a guarantee: every value still passes ``check_header`` /
``safe_address`` first; headers whose value we built ourselves from ASCII (Date, Message-ID, MIME and
Content-* lines) are stored as the exact line that goes out instead of being parsed and re-folded, and the
buyer-facing ones (From, To, Reply-To, Subject) go through the email package's header registry (cached
per value, see ``mime_policy``) for RFC 2047 encoding. Bodies are quoted-printable (readable, lines ≤ 76)
encoded by ``binascii`` in C rather than the email package's pure-Python encoder.
"""

from __future__ import annotations

import binascii
import secrets
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime
from functools import lru_cache

from plugin.emails.headers import check_header, safe_address
from plugin.emails.mime_policy import POLICY
from plugin.emails.outbox import QueuedEmail
from plugin.emails.render import RenderedEmail

#: One boundary per process: it only has to be absent from the bodies, and a quoted-printable body never
#: holds a literal ``=`` except as a soft break at a line end, so ``--==…`` cannot start a body line.
BOUNDARY = f"==as-{secrets.token_hex(8)}=="
_MAX_RAW = 78  # a pre-built header line longer than this is folded by the registry like any other


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
    msg = EmailMessage(policy=POLICY)
    msg["From"] = _shop_address("From", sender, sender_name, "the shop's sender")
    msg["To"] = safe_address("To", email.recipient, email.recipient_name, source="the buyer's name or address")
    msg["Reply-To"] = _shop_address("Reply-To", reply_to, sender_name, "the shop's reply-to address")
    msg["Subject"] = check_header("Subject", rendered.subject, source="the rendered subject")
    _own(msg, "Message-ID", check_header("Message-ID", email.message_id, source="the outbox Message-ID"))
    _own(msg, "Date", format_datetime(date or datetime.now(UTC)))
    _own(msg, "Auto-Submitted", "auto-generated")  # RFC 3834: auto-responders must not answer
    _own(msg, "MIME-Version", "1.0")
    _own(msg, "Content-Type", f'multipart/alternative; boundary="{BOUNDARY}"')
    _own(msg, "Content-Language", check_header("Content-Language", email.language, source="the outbox language"))
    msg.set_payload([text_part(rendered.text, "plain"), text_part(rendered.html, "html")])
    return msg


@lru_cache(maxsize=64)
def _shop_address(header: str, addr_spec: str, name: str, source: str) -> Address:
    """``safe_address`` of the shop's own From/Reply-To: the same check, once per distinct value (an unsafe
    value raises every time: exceptions are not cached)."""
    return safe_address(header, addr_spec, name, source=source)


def text_part(body: str, subtype: str) -> MIMEPart:
    """A ``text/<subtype>`` UTF-8 part, quoted-printable (what ``set_content`` picks for Polish text)."""
    part = MIMEPart(policy=POLICY)
    part.set_raw("Content-Type", f'text/{subtype}; charset="utf-8"')
    part.set_raw("Content-Transfer-Encoding", "quoted-printable")
    lines = body.replace("\r\n", "\n").replace("\r", "\n")  # line breaks as set_content splits them
    encoded = binascii.b2a_qp(lines.encode("utf-8"), istext=True)
    if not encoded.endswith(b"\n"):
        encoded += b"\n"
    part.set_payload(encoded.decode("ascii"))
    return part


def _own(msg: EmailMessage, name: str, value: str) -> None:
    """Store a header we built (already checked) as its final line; long or non-ASCII ones are parsed."""
    if value.isascii() and len(name) + 2 + len(value) <= _MAX_RAW:
        msg.set_raw(name, value)
    else:
        msg[name] = value
