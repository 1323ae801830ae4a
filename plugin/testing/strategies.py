"""Hypothesis strategies for integrators' own tests: Allegro checkout forms and order-event streams as the
JSON Allegro sends (parse them with ``plugin.allegro.models``), written by hand so they stay fast.

    from hypothesis import given
    from plugin.testing import strategies as st_allegro

    @given(st_allegro.checkout_forms(product_codes=["SKU-1", "SKU-2"]))
    def test_my_rule(form_json): ...

Buyer data deliberately includes what real buyers type: Polish diacritics, HTML, CR/LF, emoji.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from plugin.allegro.models import format_time

ANCHOR = datetime(2026, 11, 1, tzinfo=UTC)
CANCEL_TYPES = ("BUYER_CANCELLED", "AUTO_CANCELLED")

#: Text buyers type, including what must be escaped or refused: HTML, CR/LF, NUL, long unicode.
NASTY_TEXT = ("Zażółć gęślą jaźń", "<script>alert(1)</script>", "Anna\r\nBcc: x@evil.pl", "Łukasz\x00", "🙂 Ćma")


def _uuid(draw: st.DrawFn) -> str:
    return str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4))


def buyer_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(min_size=1, max_size=20))


def money(low: str = "0.01", high: str = "999.99") -> st.SearchStrategy[str]:
    return st.decimals(Decimal(low), Decimal(high), places=2).map(lambda d: f"{d:.2f}")


@st.composite
def buyers(draw: st.DrawFn, buyer_ids: st.SearchStrategy[str] | None = None) -> dict[str, Any]:
    """A buyer as Allegro sends it; the email is a masked per-order ``@allegromail.pl`` address."""
    buyer_id = draw(buyer_ids if buyer_ids is not None else st.integers(1, 10**9).map(str))
    return {
        "id": buyer_id,
        "email": f"{draw(st.text('abcdefghijklmnopqrstuvwxyz0123456789', min_size=6, max_size=12))}+"
        f"{buyer_id}@allegromail.pl",
        "login": f"user_{buyer_id}",
        "firstName": draw(buyer_text()),
        "lastName": draw(buyer_text()),
        "companyName": draw(st.none() | st.just("Łódzka Spółka Handlowa sp. z o.o.")),
        "guest": draw(st.booleans()),
        "phoneNumber": draw(st.none() | st.from_regex(r"\+48[0-9]{9}", fullmatch=True)),
        "preferences": {"language": "pl-PL"},
    }


@st.composite
def line_items(draw: st.DrawFn, product_codes: list[str] | None = None, bought_at: datetime = ANCHOR) -> dict[str, Any]:
    """One purchase; ``external.id`` is one of ``product_codes`` (or an unknown code: an unmapped offer)."""
    codes = st.sampled_from(product_codes) if product_codes else st.text("ABCDEFGH0123456789-", min_size=3)
    code = draw(st.one_of(codes, st.just("UNKNOWN-OFFER")) if product_codes else codes)
    price = draw(money())
    return {
        "id": _uuid(draw),
        "offer": {"id": str(draw(st.integers(10**9, 10**10))), "name": draw(buyer_text()), "external": {"id": code}},
        "quantity": draw(st.integers(1, 3)),
        "originalPrice": {"amount": price, "currency": "PLN"},
        "price": {"amount": price, "currency": "PLN"},
        "boughtAt": format_time(bought_at),
    }


@st.composite
def checkout_forms(
    draw: st.DrawFn,
    product_codes: list[str] | None = None,
    status: str | None = None,
    bought_at: st.SearchStrategy[datetime] | None = None,
    buyer_ids: st.SearchStrategy[str] | None = None,
) -> dict[str, Any]:
    """A complete checkout form as Allegro's JSON (status READY_FOR_PROCESSING unless given)."""
    when = draw(bought_at) if bought_at is not None else ANCHOR + timedelta(minutes=draw(st.integers(0, 20000)))
    items = draw(st.lists(line_items(product_codes, when), min_size=1, max_size=3))
    cost = draw(st.sampled_from(["0.00", "9.99", "14.50"]))
    total = sum(Decimal(i["price"]["amount"]) * i["quantity"] for i in items) + Decimal(cost)
    locker = draw(st.booleans())
    form_id = _uuid(draw)
    for number, item in enumerate(items):  # purchase ids are unique across forms, as on Allegro
        item["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{form_id}/{number}"))
    return {
        "id": form_id,
        "messageToSeller": draw(st.none() | buyer_text()),
        "buyer": draw(buyers(buyer_ids)),
        "payment": {"id": _uuid(draw), "type": draw(st.sampled_from(["ONLINE", "CASH_ON_DELIVERY", "WIRE_TRANSFER"]))},
        "status": status or "READY_FOR_PROCESSING",
        "fulfillment": {"status": "NEW"},
        "delivery": {
            "address": {
                "firstName": draw(buyer_text()),
                "lastName": draw(buyer_text()),
                "street": "Grunwaldzka 182",
                "city": "Poznań",
                "zipCode": "60-166",
                "countryCode": "PL",
            },
            "method": {"id": "inpost" if locker else "courier", "name": "Paczkomaty InPost" if locker else "Kurier"},
            "pickupPoint": {"id": "POZ08A", "name": "Paczkomat POZ08A"} if locker else None,
            "cost": {"amount": cost, "currency": "PLN"},
        },
        "invoice": {"required": False},
        "lineItems": items,
        "surcharges": [],
        "marketplace": {"id": "allegro-pl"},
        "summary": {"totalToPay": {"amount": f"{total:.2f}", "currency": "PLN"}},
        "updatedAt": format_time(when),
        "revision": draw(st.text("0123456789abcdef", min_size=8, max_size=8)),
    }


@dataclass
class EventStream:
    """Checkout forms (by id, in their final state) and the journal that led there, oldest first."""

    forms: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)


def event_json(event_id: int, kind: str, form: dict[str, Any], when: datetime) -> dict[str, Any]:
    return {
        "id": str(event_id),
        "type": kind,
        "occurredAt": format_time(when),
        "order": {
            "seller": {"id": "1"},
            "buyer": {k: form["buyer"][k] for k in ("id", "email", "login", "guest")},
            "lineItems": form["lineItems"],
            "checkoutForm": {"id": form["id"], "revision": form["revision"]},
            "marketplace": {"id": "allegro-pl"},
        },
    }


@st.composite
def event_streams(draw: st.DrawFn, product_codes: list[str] | None = None, max_orders: int = 8) -> EventStream:
    """Purchases paid (READY_FOR_PROCESSING), some cancelled after, some events delivered twice."""
    stream = EventStream()
    event_id = 1_700_000_000_000_000
    forms = draw(st.lists(checkout_forms(product_codes), min_size=1, max_size=max_orders, unique_by=lambda f: f["id"]))
    for form in forms:
        when = datetime.fromisoformat(form["updatedAt"].replace("Z", "+00:00"))
        kinds = ["BOUGHT", "READY_FOR_PROCESSING"]
        if draw(st.booleans()):
            kinds.append(draw(st.sampled_from(CANCEL_TYPES)))
        for kind in kinds:
            if kind in CANCEL_TYPES:
                form["status"] = "CANCELLED"
                form["revision"] = f"c{form['revision'][1:]}"
            event_id += draw(st.integers(1, 1000))
            stream.events.append(event_json(event_id, kind, form, when))
            if draw(st.integers(0, 4)) == 0:  # Allegro may deliver an event again
                event_id += 1
                stream.events.append({**stream.events[-1], "id": str(event_id)})
        stream.forms[form["id"]] = form
    return stream
