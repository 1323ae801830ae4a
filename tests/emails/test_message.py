"""Messages: structure, deterministic Message-ID, and header injection refused by our own guard."""

from __future__ import annotations

from dataclasses import replace
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.emails.headers import FOLD_RISK, FORBIDDEN, check_header
from plugin.emails.message import build_message
from plugin.emails.outbox import message_id
from plugin.emails.render import RenderedEmail, render_email
from plugin.exceptions import UnsafeHeaderError

from .helpers import make_email
from .hostile import header_safe, header_unsafe

SHOP = {"sender": "sklep@example.pl", "sender_name": "Sklep Testowy", "reply_to": "kontakt@example.pl"}
EXPECTED_HEADERS = {
    "From",
    "To",
    "Reply-To",
    "Subject",
    "Message-ID",
    "Date",
    "Content-Language",
    "Auto-Submitted",
    "MIME-Version",
    "Content-Type",
}


def parse(msg: EmailMessage) -> EmailMessage:
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def build(
    name: str | None = "Jan Kowalski", subject: str = "Zamówienie 1", recipient: str | None = None
) -> EmailMessage:
    email = replace(make_email(1), recipient_name=name, recipient=recipient or "jan@allegromail.pl")
    rendered = RenderedEmail(subject=subject, text="tekst", html="<p>html</p>")
    return build_message(email, rendered, **SHOP)


def test_message_is_multipart_text_and_html_with_the_shop_as_reply_to() -> None:
    email = make_email(7)
    msg = parse(build_message(email, render_email(email.template, email.context, "pl"), **SHOP))
    assert msg.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Reply-To"].addresses[0].addr_spec == SHOP["reply_to"]
    assert msg["From"].addresses[0].addr_spec == SHOP["sender"]
    assert msg["To"].addresses[0].addr_spec == email.recipient
    assert str(msg["Message-ID"]).strip() == email.message_id
    assert email.context["order"]["number"] in str(msg["Subject"])
    assert "Zażółć" in msg.get_body(("plain",)).get_content()


def test_message_id_is_deterministic_and_in_the_shop_domain() -> None:
    first = message_id("order_confirmation", "abc-123", "sklep.example.pl")
    assert first == message_id("order_confirmation", "abc-123", "sklep.example.pl")
    assert first != message_id("customer_registration", "abc-123", "sklep.example.pl")
    assert first.startswith("<") and first.endswith("@sklep.example.pl>")


@given(name=header_safe, subject=header_safe)
def test_safe_unicode_survives_into_headers_intact_or_is_refused(name: str, subject: str) -> None:
    msg = parse(build(name=name, subject=subject))
    assert set(msg.keys()) == EXPECTED_HEADERS  # nothing injected
    (to,) = msg["To"].addresses
    assert to.addr_spec == "jan@allegromail.pl"
    # Python's own parser adds a space between adjacent encoded-words (RFC 2047 says to drop it), and drops
    # a phrase's outer whitespace; compare without whitespace, and check exact decoding separately below.
    # A long name Python would fold into another address goes out without the name (FOLD_RISK).
    assert squash(to.display_name) == squash(name) or (to.display_name == "" and len(name) > FOLD_RISK)
    assert msg["To"].addresses[0].addr_spec == "jan@allegromail.pl"
    assert squash(str(msg["Subject"])) == squash(subject)  # folding may move whitespace, never text


@given(name=header_unsafe)
def test_a_name_with_a_line_break_or_nul_is_refused(name: str) -> None:
    with pytest.raises(UnsafeHeaderError, match="To header"):
        build(name=name)


@given(subject=header_unsafe)
def test_a_subject_with_a_line_break_or_nul_is_refused(subject: str) -> None:
    with pytest.raises(UnsafeHeaderError, match="Subject header"):
        build(subject=subject)


@pytest.mark.parametrize("char", sorted(FORBIDDEN))
def test_every_forbidden_character_is_named_in_the_error(char: str) -> None:
    with pytest.raises(UnsafeHeaderError) as info:
        check_header("To", f"Jan{char}Bcc: x@example.com")
    assert FORBIDDEN[char] in str(info.value)
    assert "not sent" in str(info.value)


@pytest.mark.parametrize(
    "recipient", ["jan@allegromail.pl\r\nBcc: x@example.com", "not an address", "jan@allegromail.pl\x00"]
)
def test_a_malformed_or_injected_recipient_is_refused(recipient: str) -> None:
    with pytest.raises(UnsafeHeaderError, match="To header"):
        build(recipient=recipient)


def squash(text: str) -> str:
    return "".join(text.split())


def test_a_long_polish_name_decodes_exactly_per_rfc2047() -> None:
    name = "Zażółć Gęślą-Jaźń " * 6 + "😀" * 30
    raw = message_from_bytes(build(name=name).as_bytes(), policy=policy.compat32)["To"]
    decoded = str(make_header(decode_header(raw.rsplit("<", 1)[0])))
    assert decoded.strip() == name.strip()


def test_a_long_name_is_folded_not_broken() -> None:
    name = "Ż" * 5000
    msg = build(name=name)
    raw = msg.as_bytes()
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert squash(parse(msg)["To"].addresses[0].display_name) == squash(name)  # non-ASCII: encoded-words


@pytest.mark.parametrize("value", ["=?utf-8?q?Allegro=0D=0ABcc:_x?=", "Jan =?iso-8859-2?B?b2s=?= Nowak"])
def test_text_shaped_like_an_encoded_word_is_refused(value: str) -> None:
    with pytest.raises(UnsafeHeaderError, match="encoded-word"):
        build(name=value)
    with pytest.raises(UnsafeHeaderError, match="encoded-word"):
        build(subject=value)


def test_a_lone_equals_question_mark_is_ordinary_text() -> None:
    assert str(parse(build(subject="Czy 2+2=?4"))["Subject"]) == "Czy 2+2=?4"


@pytest.mark.parametrize(
    "name",
    [
        "<script>x@evil.example>" + "A" * 200,
        "<script>alert(1)</script></td></tr></table><a href='javascript:alert(1)'>x</a>",
    ],
)
def test_a_long_quoted_name_python_would_corrupt_goes_out_as_the_bare_address(name: str) -> None:
    msg = parse(build(name=name))
    assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [("", "jan@allegromail.pl")]


def test_subject_keeps_polish_text_exactly() -> None:
    subject = "Potwierdzenie zamówienia nr 1042 – Sklep Zażółć Gęślą Jaźń"
    assert str(parse(build(subject=subject))["Subject"]) == subject


body_text = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
        st.sampled_from(["=", "==", "--", ".", " ", "\t", "ąę €😀", "=?utf-8?q?x?=", "x" * 300, "From "]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=60)
@given(text=body_text, html=body_text)
def test_bodies_parse_back_exactly_with_short_lines(text: str, html: str) -> None:
    rendered = RenderedEmail(subject="Zamówienie", text=text, html=html)
    raw = build_message(make_email(1), rendered, **SHOP).as_bytes()
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))  # quoted-printable: readable, far below 998
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]  # the boundary is never in a body
    for part, body in zip(parts, (text, html), strict=True):
        expected = body.replace("\r\n", "\n").replace("\r", "\n")  # CR, LF, CRLF: line breaks
        assert part.get_content().replace("\r\n", "\n") == expected + ("" if expected.endswith("\n") else "\n")
