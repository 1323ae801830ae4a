"""The client against the local Shoper: real HTTP, Shoper's wire types, errors, bucket and bulk."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from plugin.exceptions import ShoperAPIError
from plugin.shoper import FAST, BulkOp, ShoperClient, StaticToken, WebApiUser
from plugin.shoper.entities import Named, StockRow, parse_payment, parse_status
from plugin.shoper_simulator.server import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_TOKEN,
    start_shoper_simulator,
)


@pytest.fixture(scope="module")
def shoper():
    with start_shoper_simulator(bucket_size=10_000, drain=10_000) as running:
        yield running


def test_login_lists_and_wire_types(shoper):
    client = ShoperClient(shoper.url, WebApiUser(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET), policy=FAST)
    statuses = [parse_status(row) for row in client.each("statuses")]
    assert Named(id=9, name="Anulowane", type=4) in statuses
    payments = [parse_payment(row).name for row in client.each("payments")]
    assert "Płatność przy odbiorze" in payments
    stocks = [StockRow.parse(row) for row in client.each("product-stocks", limit=7)]
    assert stocks and all(row.code and row.stock_id for row in stocks)
    assert len({row.stock_id for row in stocks}) == len(stocks)


def test_a_duplicate_email_quotes_shopers_text(shoper):
    client = ShoperClient(shoper.url, StaticToken(DEFAULT_TOKEN), policy=FAST)
    email = f"dup-{time.time_ns()}@example.pl"
    client.create("users", {"email": email, "firstname": "A", "lastname": "B"})
    with pytest.raises(ShoperAPIError, match="już istnieje") as caught:
        client.create("users", {"email": email, "firstname": "A", "lastname": "B"})
    assert caught.value.status == 400 and "POST users" in str(caught.value)


def test_an_empty_order_names_every_missing_field(shoper):
    client = ShoperClient(shoper.url, StaticToken(DEFAULT_TOKEN), policy=FAST)
    with pytest.raises(ShoperAPIError) as caught:
        client.create("orders", {})
    for field in ("email", "status_id", "payment_id", "shipping_id", "user_id", "shipping_tax_id"):
        assert f"'{field}'" in caught.value.description


def test_bulk_items_fail_on_their_own(shoper):
    client = ShoperClient(shoper.url, StaticToken(DEFAULT_TOKEN), policy=FAST)
    email = f"bulk-{time.time_ns()}@example.pl"
    ops = [BulkOp(str(n), "POST", "users", {"email": email if n != 2 else "nie-email"}) for n in range(4)]
    results = client.bulk(ops)
    assert [r.ok for r in results] == [True, False, False, False]
    assert results[0].new_id() > 0


def test_the_client_stays_under_the_default_bucket():
    with start_shoper_simulator() as running:  # 10 calls, draining 2 a second
        client = ShoperClient(running.url, StaticToken(DEFAULT_TOKEN), policy=replace(FAST, max_retry_after=5.0))
        for _ in range(14):
            client.get("statuses/1")
        statuses = [entry["status"] for entry in running.requests()]
    assert 429 not in statuses and client.retries == 0
