"""The order models parse whatever Allegro's spec allows: optional parts missing, new fields added."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from simulator.openapi import StrictSpec

from plugin.allegro.models import CheckoutForm, Offer, OrderEvent, format_time, parse_time

POLISH = st.text(alphabet="aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄĆĘŁŃÓŚŹŻ <>&\"'\r\n-.0123456789", max_size=30)
UUIDS = st.uuids().map(str)
AMOUNTS = st.decimals(min_value=0, max_value=100_000, places=2).map(lambda d: f"{d:.2f}")
TIMES = st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)).map(
    format_time
)
UNKNOWN = st.dictionaries(st.sampled_from(["futureField", "x-new", "loyalty"]), st.integers() | POLISH, max_size=2)


def price() -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({"amount": AMOUNTS, "currency": st.sampled_from(["PLN", "EUR", "CZK"])})


def optional(required: dict[str, Any], maybe: dict[str, Any]) -> st.SearchStrategy[dict]:
    """A spec object: required keys always, each optional key present or not."""
    return st.fixed_dictionaries(required, optional=maybe)


ADDRESS = optional(
    {
        "firstName": POLISH,
        "lastName": POLISH,
        "street": POLISH,
        "city": POLISH,
        "zipCode": POLISH,
        "countryCode": st.just("PL"),
    },
    {"companyName": POLISH, "phoneNumber": POLISH},
)
LINE_ITEM = optional(
    {
        "id": UUIDS,
        "offer": optional(
            {"id": st.text("0123456789", min_size=1, max_size=12), "name": POLISH},
            {
                "external": optional({}, {"id": POLISH}),
                "productSet": st.fixed_dictionaries(
                    {"products": st.lists(optional({"id": UUIDS}, {"quantity": st.integers(1, 5)}), max_size=3)}
                ),
            },
        ),
        "quantity": st.integers(min_value=1, max_value=50),
        "originalPrice": price(),
        "price": price(),
    },
    {"boughtAt": TIMES},
)
CHECKOUT_FORM = optional(
    {
        "id": UUIDS,
        "buyer": optional(
            {
                "id": st.text("0123456789", min_size=1, max_size=10),
                "email": POLISH,
                "login": POLISH,
                "guest": st.booleans(),
            },
            {
                "firstName": POLISH,
                "lastName": POLISH,
                "companyName": POLISH,
                "phoneNumber": POLISH,
                "preferences": optional({}, {"language": st.just("pl-PL")}),
                "address": optional(
                    {}, {"street": POLISH, "city": POLISH, "postCode": POLISH, "countryCode": st.just("PL")}
                ),
            },
        ),
        "status": st.sampled_from(["BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "CANCELLED"]),
        "lineItems": st.lists(LINE_ITEM, max_size=4),
        "surcharges": st.just([]),
        "summary": st.fixed_dictionaries({"totalToPay": price()}),
    },
    {
        "messageToSeller": POLISH,
        "payment": optional(
            {"id": UUIDS, "type": st.sampled_from(["CASH_ON_DELIVERY", "WIRE_TRANSFER", "ONLINE", "SPLIT_PAYMENT"])},
            {"provider": st.sampled_from(["PAYU", "P24", "OFFLINE"]), "finishedAt": TIMES, "paidAmount": price()},
        ),
        "delivery": optional(
            {},
            {
                "address": ADDRESS,
                "method": optional({}, {"id": UUIDS, "name": POLISH}),
                "pickupPoint": optional({}, {"id": POLISH, "name": POLISH, "description": POLISH}),
                "cost": price(),
                "smart": st.booleans(),
            },
        ),
        "invoice": optional(
            {"required": st.booleans()},
            {
                "address": optional(
                    {"street": POLISH, "city": POLISH, "zipCode": POLISH, "countryCode": st.just("PL")},
                    {
                        "company": optional(
                            {"name": POLISH, "vatPayerStatus": st.sampled_from(["ACTIVE", "NON_ACTIVE"])},
                            {
                                "ids": st.lists(
                                    st.fixed_dictionaries(
                                        {
                                            "type": st.just("PL_NIP"),
                                            "value": st.text("0123456789", min_size=10, max_size=10),
                                        }
                                    ),
                                    max_size=1,
                                ),
                                "taxId": POLISH,
                            },
                        ),
                        "naturalPerson": st.fixed_dictionaries({"firstName": POLISH, "lastName": POLISH}),
                    },
                )
            },
        ),
        "fulfillment": optional({}, {"status": st.sampled_from(["NEW", "PROCESSING", "SENT"])}),
        "marketplace": st.fixed_dictionaries({"id": st.just("allegro-pl")}),
        "updatedAt": TIMES,
        "revision": st.text("0123456789abcdef", min_size=8, max_size=8),
    },
)


@pytest.fixture(scope="module")
def spec() -> StrictSpec:
    return StrictSpec()


@settings(max_examples=30)
@given(form=CHECKOUT_FORM)
def test_the_strategy_only_makes_spec_valid_forms(spec: StrictSpec, form: dict) -> None:
    assert spec.check({"$ref": "#/components/schemas/CheckoutForm"}, form, "form") == []


@given(form=CHECKOUT_FORM, extra=UNKNOWN)
def test_any_spec_valid_form_parses_with_exact_money_and_utc_times(form: dict, extra: dict) -> None:
    parsed = CheckoutForm.parse({**form, **extra})
    assert parsed.id == form["id"] and parsed.status == form["status"]
    assert parsed.total_to_pay.amount == Decimal(form["summary"]["totalToPay"]["amount"])
    assert isinstance(parsed.total_to_pay.amount, Decimal)
    for item, raw in zip(parsed.line_items, form["lineItems"], strict=True):
        assert item.id == raw["id"] and item.quantity == raw["quantity"]
        assert item.price.amount == Decimal(raw["price"]["amount"]) and item.price.currency == raw["price"]["currency"]
        assert len(item.product_set) == len(raw["offer"].get("productSet", {}).get("products", []))
        if item.bought_at:
            assert item.bought_at.tzinfo is not None and item.bought_at.utcoffset() == timedelta(0)
    if parsed.invoice and parsed.invoice.tax_id is not None:
        company = form["invoice"]["address"]["company"]
        assert parsed.invoice.tax_id in [i["value"] for i in company.get("ids", [])] + [company.get("taxId")]
    assert parsed.bought_at == min((i.bought_at for i in parsed.line_items if i.bought_at), default=None)


def test_a_form_with_only_the_required_parts_parses() -> None:
    form = CheckoutForm.parse(
        {
            "id": "a",
            "buyer": {"id": "1", "email": "x@allegromail.pl", "login": "l", "guest": True},
            "status": "BOUGHT",
            "lineItems": [],
            "surcharges": [],
            "summary": {"totalToPay": {"amount": "0.10", "currency": "PLN"}},
        }
    )
    assert (form.payment, form.delivery, form.invoice, form.bought_at) == (None, None, None, None)
    assert form.total_to_pay.amount == Decimal("0.10") and form.buyer.guest


def test_invoice_nip_comes_from_pl_nip_id_then_tax_id() -> None:
    base = {"id": "a", "buyer": {"id": "1"}, "status": "BOUGHT", "lineItems": [], "summary": {}}
    ids = {
        "required": True,
        "address": {
            "company": {
                "name": "Drewpol sp. z o.o.",
                "taxId": "PL5260250274",
                "ids": [{"type": "PL_NIP", "value": "5260250274"}],
            }
        },
    }
    assert CheckoutForm.parse({**base, "invoice": ids}).invoice.tax_id == "5260250274"
    only_tax = {"required": True, "address": {"company": {"name": "X", "taxId": "PL5260250274"}}}
    assert CheckoutForm.parse({**base, "invoice": only_tax}).invoice.tax_id == "PL5260250274"


def test_event_and_offer_parse_from_spec_examples() -> None:
    event = OrderEvent.parse(
        {
            "id": "1532603898317497",
            "type": "READY_FOR_PROCESSING",
            "occurredAt": "2018-10-12T10:12:32.321Z",
            "order": {
                "seller": {"id": "1"},
                "buyer": {"id": "2", "email": "e", "login": "l", "guest": False},
                "lineItems": [
                    {
                        "id": "li",
                        "offer": {"id": "9", "name": "n"},
                        "quantity": 1,
                        "price": {"amount": "1.50", "currency": "PLN"},
                    }
                ],
                "checkoutForm": {"id": "cf", "revision": "r1"},
                "newThing": {},
            },
        }
    )
    assert (event.checkout_form_id, event.checkout_form_revision, event.buyer_id) == ("cf", "r1", "2")
    assert event.occurred_at == datetime(2018, 10, 12, 10, 12, 32, 321000, tzinfo=UTC)
    offer = Offer.parse({"id": "5", "name": "Kubek", "external": {"id": "KUB-1"}, "stock": {"available": 3}})
    assert (offer.external_id, offer.available, offer.status) == ("KUB-1", 3, None)


@given(TIMES)
def test_times_round_trip(text: str) -> None:
    assert format_time(parse_time(text)) == text


def test_a_private_invoice_keeps_the_natural_persons_name() -> None:
    base = {"id": "a", "buyer": {"id": "1"}, "status": "BOUGHT", "lineItems": [], "summary": {}}
    invoice = {
        "required": True,
        "address": {
            "street": "Długa 1",
            "city": "Łódź",
            "zipCode": "90-001",
            "countryCode": "PL",
            "naturalPerson": {"firstName": "Zoë", "lastName": "Żak"},
        },
    }
    address = CheckoutForm.parse({**base, "invoice": invoice}).invoice.address
    assert (address.first_name, address.last_name, address.city) == ("Zoë", "Żak", "Łódź")
