"""The Shoper REST client against a scripted loopback server: auth, lists, errors, the bucket, retries, bulk."""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from plugin.exceptions import ShoperAPIError
from plugin.shoper import FAST, BulkOp, ShoperClient, StaticToken, WebApiUser
from plugin.shoper.entities import Page, StockRow
from plugin.shoper.wire import as_datetime, as_flag, shop_datetime
from tests.shoper.stub import Stub

SECRET = "s3cr3t-shoper-password"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def policy(clock: Clock | None = None):
    clock = clock or Clock()
    return replace(FAST, sleep=clock.sleep, clock=clock)


def auth_ok(expires: int = 2592000):
    return 200, {"access_token": "bearer-1", "expires_in": expires, "token_type": "bearer"}, {}


def test_webapi_user_logs_in_once_and_sends_the_bearer():
    def answer(method, path, body, headers):
        if path == "/webapi/rest/auth":
            return auth_ok()
        return 200, {"ok": headers.get("Authorization")}, {}

    with Stub(answer) as stub:
        client = ShoperClient(stub.url, WebApiUser("api-user", SECRET), policy=policy())
        assert client.get("statuses/1") == {"ok": "Bearer bearer-1"}
        client.get("statuses/2")
    auth = [r for r in stub.requests if r[1] == "/webapi/rest/auth"]
    assert len(auth) == 1 and auth[0][0] == "POST"
    assert auth[0][3]["Authorization"] == "Basic " + base64.b64encode(f"api-user:{SECRET}".encode()).decode()
    assert client.calls == 3


def test_an_expired_bearer_is_renewed_and_a_401_logs_in_again():
    clock = Clock()
    tokens = iter(["t1", "t2", "t3"])
    refuse_once = {"t2": True}

    def answer(method, path, body, headers):
        if path == "/webapi/rest/auth":
            return 200, {"access_token": next(tokens), "expires_in": 100}, {}
        bearer = headers["Authorization"].split()[1]
        if refuse_once.pop(bearer, False):
            return 401, {"error": "unauthorized_client", "error_description": "Provided access token is invalid"}, {}
        return 200, bearer, {}

    with Stub(answer) as stub:
        client = ShoperClient(stub.url, WebApiUser("u", SECRET), policy=policy(clock))
        assert client.get("x") == "t1"
        clock.now += 200  # past expires_in
        assert client.get("x") == "t3"  # t2 was fetched, refused with 401, then t3


def test_a_static_token_is_the_bearer_and_a_401_is_an_error_naming_the_resource():
    def answer(method, path, body, headers):
        return 401, {"error": "unauthorized_client", "error_description": "Provided access token is invalid"}, {}

    with Stub(answer) as stub:
        client = ShoperClient(stub.url, StaticToken(SECRET), policy=policy())
        with pytest.raises(ShoperAPIError, match=r"401 to GET orders/7: unauthorized_client") as caught:
            client.get("orders/7")
    assert stub.requests[0][3]["Authorization"] == f"Bearer {SECRET}"
    assert all(r[1] != "/webapi/rest/auth" for r in stub.requests)
    assert SECRET not in str(caught.value)


def test_a_refused_login_names_the_login_without_the_secret(caplog):
    caplog.set_level(logging.DEBUG)

    def answer(method, path, body, headers):
        return 401, {"error": "auth_failure", "error_description": "Niepoprawny login lub hasło"}, {}

    with Stub(answer) as stub:
        client = ShoperClient(stub.url, WebApiUser("u", SECRET), policy=policy())
        with pytest.raises(ShoperAPIError, match="auth_failure: „Niepoprawny login lub hasło”") as caught:
            client.get("orders")
    assert SECRET not in str(caught.value) and SECRET not in caplog.text
    assert SECRET not in repr(client.credentials)


def test_lists_walk_every_page_with_json_filters_and_a_string_count():
    rows = [
        {"stock_id": str(i), "product_id": str(i), "code": f"K-{i}", "stock": "3.00", "price": "19.99"}
        for i in range(1, 8)
    ]

    def answer(method, path, body, headers):
        query = parse_qs(urlsplit(path).query)
        page, limit = int(query["page"][0]), int(query["limit"][0])
        assert json.loads(query["filters"][0]) == {"active": "1"}
        chunk = rows[(page - 1) * limit : page * limit]
        return 200, {"count": str(len(rows)), "pages": -(-len(rows) // limit), "page": page, "list": chunk}, {}

    with Stub(answer) as stub:
        client = ShoperClient(stub.url, StaticToken("t"), policy=policy())
        got = [StockRow.parse(r) for r in client.each("product-stocks", filters={"active": "1"}, limit=3)]
        first = client.page("product-stocks", limit=3, filters={"active": "1"})
    assert [r.code for r in got] == [f"K-{i}" for i in range(1, 8)]
    assert got[0].stock == Decimal("3.00") and got[0].price == Decimal("19.99") and got[0].stock_id == 1
    assert first == Page(count=7, pages=3, page=1, items=tuple(rows[:3]))
    with pytest.raises(ValueError, match=r"limit 1\.\.50"):
        client.page("products", limit=51)


def test_a_validation_error_quotes_shopers_polish_text():
    text = (
        "Wartość pola 'email' jest niepoprawna: Pole wymagane; Wartość pola 'user_id' jest niepoprawna: Pole wymagane"
    )

    def answer(method, path, body, headers):
        return 400, {"error": "invalid_request", "error_description": text}, {}

    with Stub(answer) as stub:
        client = ShoperClient(stub.url, StaticToken("t"), policy=policy())
        with pytest.raises(ShoperAPIError) as caught:
            client.create("orders", {})
    assert caught.value.status == 400 and caught.value.description == text
    assert "POST orders" in str(caught.value) and text in str(caught.value)
    assert len(stub.requests) == 1


def test_the_client_waits_before_the_bucket_is_full():
    clock = Clock()

    def answer(method, path, body, headers):
        return 200, 1, {"X-Shop-Api-Calls": "9", "X-Shop-Api-Limit": "10", "X-Shop-Api-Bandwidth": "2"}

    with Stub(answer) as stub:
        client = ShoperClient(stub.url, StaticToken("t"), policy=policy(clock))
        client.get("a")
        assert clock.slept == []
        client.get("b")  # fill 9 of 10, headroom 1: wait until 8 → 0.5 s at 2/s
    assert clock.slept == [pytest.approx(0.5)]


def test_a_429_waits_retry_after_and_repeats_even_a_post():
    clock = Clock()
    answers = iter([(429, {"error": "temporarily_unavailable"}, {"Retry-After": "0.04"}), (200, 55, {})])

    with Stub(lambda *a: next(answers)) as stub:
        client = ShoperClient(stub.url, StaticToken("t"), policy=policy(clock))
        assert client.create("orders", {"email": "a@b.pl"}) == 55
    assert clock.slept == [pytest.approx(0.04)] and len(stub.requests) == 2


def test_reads_and_puts_repeat_after_5xx_and_dropped_connections_but_posts_do_not():
    script = {
        "GET": [(500, {"error": "server_error"}, {}), (0, None, {}), (200, {"x": 1}, {})],
        "PUT": [(503, {}, {}), (200, 1, {})],
        "POST": [(0, None, {})],
    }

    def answer(method, path, body, headers):
        return script[method].pop(0)

    with Stub(answer) as stub:
        client = ShoperClient(stub.url, StaticToken("t"), policy=policy())
        assert client.get("orders/1") == {"x": 1}
        client.update("product-stocks", 4, {"stock": "7"})
        with pytest.raises(ShoperAPIError, match="may or may not have been done"):
            client.create("orders", {"email": "a@b.pl"})
    assert [r[0] for r in stub.requests].count("POST") == 1


def test_delete_of_something_already_gone_is_not_an_error():
    answers = iter([(200, 1, {}), (404, {"error": "invalid_request", "error_description": "Resource not found"}, {})])
    with Stub(lambda *a: next(answers)) as stub:
        client = ShoperClient(stub.url, StaticToken("t"), policy=policy())
        assert client.delete("orders", 3) is True
        assert client.delete("orders", 3) is False


def test_bulk_sends_at_most_25_operations_a_call_and_reports_each_item():
    def answer(method, path, body, headers):
        assert path == "/webapi/rest/bulk" and len(body) <= 25
        items = []
        for op in body:
            assert op["path"].startswith("/webapi/rest/users")
            if op["body"]["email"] == "dup@x.pl":
                items.append(
                    {
                        "id": op["id"],
                        "code": 400,
                        "body": {"error": "invalid_request", "error_description": "Wartość 'dup@x.pl' już istnieje"},
                    }
                )
            else:
                items.append({"id": op["id"], "code": 200, "body": int(op["id"]) + 100})
        return 200, {"errors": any(i["code"] != 200 for i in items), "items": items}, {}

    ops = [BulkOp(str(i), "POST", "users", {"email": "dup@x.pl" if i == 27 else f"u{i}@x.pl"}) for i in range(30)]
    with Stub(answer) as stub:
        client = ShoperClient(stub.url, StaticToken("t"), policy=policy())
        results = client.bulk(ops)
    assert [len(r[2]) for r in stub.requests] == [25, 5]
    assert [r.ok for r in results].count(False) == 1
    assert results[27].error.status == 400 and "już istnieje" in str(results[27].error)
    assert results[3].new_id() == 103


def test_a_bulk_of_writes_is_not_repeated_after_a_dropped_connection_but_a_bulk_of_reads_is():
    script = [
        (0, None, {}),
        (0, None, {}),
        (200, {"errors": False, "items": [{"id": "r", "code": 200, "body": 1}]}, {}),
    ]
    with Stub(lambda *a: script.pop(0)) as stub:
        client = ShoperClient(stub.url, StaticToken("t"), policy=policy())
        with pytest.raises(ShoperAPIError):
            client.bulk([BulkOp("w", "POST", "orders", {})])
        assert client.bulk([BulkOp("r", "GET", "orders/1")])[0].body == 1
    assert len(stub.requests) == 3


def test_wire_values():
    assert as_datetime("2026-07-01 12:00:00") == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # CEST
    assert as_datetime("2026-12-01 12:00:00") == datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # CET
    assert shop_datetime(datetime(2026, 12, 1, 11, 0, tzinfo=UTC)) == "2026-12-01 12:00:00"
    assert as_datetime("0000-00-00 00:00:00") is None
    assert as_flag("1") and as_flag(True) and not as_flag("0") and not as_flag(None)
