"""Our own guard against header injection (Python 3.11.7's email package predates CPython's fix).

A header value with CR or LF could start a new header (``Bcc:``) or the body; NUL truncates it in some MTAs.
We also refuse the other characters ``str.splitlines`` treats as line breaks, because the email package
folds headers with it. Buyer data never gets "cleaned" silently: the message is refused with the reason.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage

from plugin.exceptions import UnsafeHeaderError

FORBIDDEN: dict[str, str] = {
    "\r": "CR",
    "\n": "LF",
    "\x00": "NUL",
    "\x0b": "VT",
    "\x0c": "FF",
    "\x1c": "FS",
    "\x1d": "GS",
    "\x1e": "RS",
    "\x85": "NEL",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}
_TABLE = str.maketrans(dict.fromkeys(FORBIDDEN, ""))
#: Text shaped like an RFC 2047 encoded-word is written out raw by Python 3.11 and then *decoded* by the
#: receiving client, so a buyer could smuggle arbitrary (even CR/LF) text into the displayed header.
ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=")


def header_problem(value: str) -> str | None:
    """Why ``value`` may not go into a header (None: it may): ``check_header`` without raising."""
    try:
        check_header("", value)
    except UnsafeHeaderError as exc:
        return str(exc)
    return None


def check_header(name: str, value: str, *, source: str = "buyer data") -> str:
    """Return ``value`` unchanged, or raise ``UnsafeHeaderError`` naming the header and the character."""
    if value.translate(_TABLE) != value:
        found = sorted({FORBIDDEN[ch] for ch in value if ch in FORBIDDEN})
        raise UnsafeHeaderError(
            f"refusing to build the {name} header: {source} contains {', '.join(found)} "
            f"(a header-injection attempt or corrupt data); the message is not sent. "
            f"Fix the data in the shop (or Allegro) and queue the email again. Value starts: {value[:40]!r}"
        )
    shaped = ENCODED_WORD.search(value)
    if shaped:
        raise UnsafeHeaderError(
            f"refusing to build the {name} header: {source} contains text shaped like an RFC 2047 encoded-word "
            f"({shaped.group(0)[:40]!r}), which mail clients would decode into other text; the message is not "
            "sent. Fix the data in the shop (or Allegro) and queue the email again"
        )
    return value


#: An address a mail server takes from us: an ASCII dot-atom local part, ``@``, a domain of LDH labels with a
#: dot (RFC 5321 §4.1.2 without quoted local parts or address literals, which no marketplace buyer has).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


def address_problem(addr_spec: str) -> str | None:
    """Why ``addr_spec`` cannot be a recipient (None: it can). Pure text checks: a value that is not an
    address never reaches the email package's header parser (which raises on it in Python 3.11)."""
    if not addr_spec:
        return "no email address"
    shown = repr(addr_spec[:40]) + ("…" if len(addr_spec) > 40 else "")
    if len(addr_spec) > 254 or len(addr_spec.partition("@")[0]) > 64:
        return f"the email address is too long to deliver ({len(addr_spec)} characters): {shown}"
    if not ADDRESS.fullmatch(addr_spec):
        return f"{shown} is not an email address"
    return None


def safe_address(header: str, addr_spec: str, display_name: str | None = None, *, source: str) -> Address:
    """An ``Address`` whose parts passed ``check_header``; a malformed address is refused the same way.

    Python 3.11 folds a long quoted display name by dropping its quotes, which turns
    ``"<x> … long" <a@b>`` into a different address list. A name long enough to be folded is therefore
    re-parsed; if it would not survive, the address goes out without the name (the name is cosmetic, the
    address must be exact).
    """
    check_header(header, addr_spec, source=source)
    if display_name:
        check_header(header, display_name, source=source)
    problem = address_problem(addr_spec)
    if problem is not None:
        raise UnsafeHeaderError(f"refusing to build the {header} header: {problem} ({source})")
    try:
        address = Address(display_name=display_name or "", addr_spec=addr_spec)
    except (ValueError, IndexError, TypeError, HeaderParseError) as exc:
        raise UnsafeHeaderError(
            f"refusing to build the {header} header: {addr_spec!r} is not an email address ({exc})"
        ) from None
    risky = display_name and len(display_name) + len(addr_spec) > FOLD_RISK and not SPECIALS.isdisjoint(display_name)
    if risky and not _round_trips(header, address):
        return Address(addr_spec=addr_spec)
    return address


#: Header lines fold at 78 characters; shorter names are never folded, so they need no re-parse. Only a
#: name with RFC 5322 specials is written as a quoted-string, the form Python 3.11 folds wrongly.
FOLD_RISK = 40
SPECIALS = frozenset('()<>[]:;@\\,."')


def _round_trips(header: str, address: Address) -> bool:
    probe = EmailMessage(policy=policy.SMTP)
    probe[header] = address
    raw = probe.as_bytes()
    addresses = getattr(message_from_bytes(raw, policy=policy.default)[header], "addresses", ())
    return (
        len(addresses) == 1
        and addresses[0].addr_spec == address.addr_spec
        and "".join(addresses[0].display_name.split()) == "".join(address.display_name.split())
        and all(len(line) <= 998 for line in raw.split(b"\r\n"))
    )
