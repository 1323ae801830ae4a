"""Where the invoice goes: the invoice address the buyer gave on Allegro, else the buyer's own address, kept with
the order (embedded shop columns ``billing_*``) and sent to Shoper as its ``billing_address``; the parcel still goes
to the delivery address."""

from __future__ import annotations

import pytest

from plugin.allegro.models import CheckoutForm
from plugin.emails.render import render_email
from plugin.emails.template_context import sample_context
from plugin.manifest.model import Mapping
from plugin.shop.shoper.bodies import address
from plugin.sync.email_context import invoice_address_line
from plugin.sync.order_record import order_record
from tests.sync.conftest import recent_form
from tests.sync.helpers import open_embedded

INVOICE = {
    "required": True,
    "address": {
        "street": "Marszałkowska 1",
        "city": "Warszawa",
        "zipCode": "00-001",
        "countryCode": "PL",
        "company": {"name": "Żółw Sp. z o.o.", "ids": [{"type": "PL_NIP", "value": "5250001009"}]},
    },
}
BUYER_ADDRESS = {"street": "Długa 5", "city": "Gdańsk", "zipCode": "80-831", "countryCode": "PL"}


def _record(**overrides):
    form = CheckoutForm.parse(recent_form(**overrides))
    return order_record(form, (), Mapping(), archival=False, customer_id=None)


def test_theinvoice_address_line_is_the_billing_address() -> None:
    buyer = {**recent_form()["buyer"], "address": BUYER_ADDRESS}
    record = _record(invoice=INVOICE, buyer=buyer)
    assert (record.billing_street, record.billing_city, record.billing_postal_code, record.billing_country_code) == (
        "Marszałkowska 1",
        "Warszawa",
        "00-001",
        "PL",
    )
    billing = address(record, "000000000", billing=True)
    assert (billing["street1"], billing["city"], billing["postcode"]) == ("Marszałkowska 1", "Warszawa", "00-001")
    assert billing["company"] == "Żółw Sp. z o.o." and billing["tax_identification_number"] == "5250001009"
    delivery = address(record, "000000000", billing=False)
    assert (delivery["street1"], delivery["city"]) == ("Grunwaldzka 182", "Poznań")  # the parcel's own address


def test_without_an_invoice_the_buyers_own_address_is_the_billing_address() -> None:
    record = _record(buyer={**recent_form()["buyer"], "address": BUYER_ADDRESS})
    assert (record.billing_street, record.billing_city, record.billing_postal_code) == ("Długa 5", "Gdańsk", "80-831")
    assert address(record, "000000000", billing=True)["street1"] == "Długa 5"


def test_with_no_address_at_all_the_billing_address_is_the_delivery_address_as_before() -> None:
    record = _record()
    assert record.billing_street is None
    billing = address(record, "000000000", billing=True)
    assert (billing["street1"], billing["city"], billing["postcode"]) == ("Grunwaldzka 182", "Poznań", "60-166")


def test_the_embedded_shop_keeps_the_billing_address_with_the_order(tmp_path) -> None:
    shop = open_embedded(tmp_path / "shop.db", create=True)
    try:
        with shop.transaction():
            stored = shop.insert_order(_record(invoice=INVOICE), [])
        row = shop.conn.execute(
            "SELECT billing_street, billing_city, billing_postal_code, billing_country_code FROM orders WHERE id = ?",
            (stored.id,),
        ).fetchone()
        assert row == ("Marszałkowska 1", "Warszawa", "00-001", "PL")
    finally:
        shop.close()


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_confirmation_email_shows_theinvoice_address_line_escaped(language: str) -> None:
    context = sample_context()
    context["buyer"]["invoice_address"] = "Marszałkowska 1 <b>x</b>, 00-001 Warszawa"
    rendered = render_email("order_confirmation", context, language)
    assert "Marszałkowska 1 <b>x</b>, 00-001 Warszawa" in rendered.text
    assert "Marszałkowska 1 &lt;b&gt;x&lt;/b&gt;, 00-001 Warszawa" in rendered.html
    context["buyer"].update(company=None, tax_id=None, invoice_address=None)
    assert "Marszałkowska" not in render_email("order_confirmation", context, language).text


def test_the_email_context_carries_theinvoice_address_line_on_one_line() -> None:
    assert invoice_address_line(CheckoutForm.parse(recent_form(invoice=INVOICE))) == "Marszałkowska 1, 00-001 Warszawa"
    assert invoice_address_line(CheckoutForm.parse(recent_form())) is None
