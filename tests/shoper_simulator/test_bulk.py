"""Bulk: up to 25 operations answered one by one; a failure stays in its item."""

from __future__ import annotations

import pytest
import requests


def _op(ident: str, method: str, path: str, body=None, params=None) -> dict:
    return {"id": ident, "method": method, "path": f"/webapi/rest/{path}", "body": body, "params": params}


def _lines(order: str) -> list[dict]:
    return [_op(f"l{n}", "POST", "order-products", {"order_id": order, "product_id": n, "quantity": 1}) for n in (1, 2)]


def test_each_operation_stands_on_its_own(api) -> None:
    api.user("zajety@example.pl")
    answer = api.post(
        "bulk",
        [
            _op("u1", "POST", "users", {"email": "nowy@example.pl"}),
            _op("u2", "POST", "users", {"email": "zajety@example.pl"}),
            _op("s", "GET", "statuses", params={"limit": 2}),
            _op("p", "PUT", "product-stocks/1", {"stock": 5}),
            _op("x", "GET", "products/424242"),
            _op("f", "GET", "users", params={"filters": {"email": "nowy@example.pl"}}),
        ],
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["errors"] is True
    items = {item["id"]: item for item in body["items"]}
    assert [item["id"] for item in body["items"]] == ["u1", "u2", "s", "p", "x", "f"]
    assert items["u1"]["code"] == 200 and isinstance(items["u1"]["body"], int)
    assert items["u2"]["code"] == 400 and "już istnieje" in items["u2"]["body"]["error_description"]
    assert items["s"]["body"]["count"] == "11" and len(items["s"]["body"]["list"]) == 2
    assert items["p"] == {"id": "p", "code": 200, "body": 1}
    assert items["x"]["code"] == 404
    assert items["f"]["body"]["list"][0]["user_id"] == str(items["u1"]["body"])
    assert api.stock("KUB-001") == "5"


def test_a_whole_order_in_one_bulk_call(api) -> None:
    user = api.user()
    order = api.order(user)
    answer = api.post(
        "bulk",
        [
            _op("l1", "POST", "order-products", {"order_id": order, "product_id": 1, "quantity": 1}),
            _op("l2", "POST", "order-products", {"order_id": order, "product_id": 2, "quantity": 2}),
            _op("a", "POST", "auction-orders", {"order_id": order, "buyer_login": "kupujacy"}),
        ],
    ).json()
    assert answer["errors"] is False and [i["code"] for i in answer["items"]] == [200, 200, 200]
    assert api.get(f"orders/{order}").json()["total_products"] == 2


def test_26_operations_are_refused_whole(api) -> None:
    answer = api.post("bulk", [_op(str(n), "POST", "users", {"email": f"u{n}@example.pl"}) for n in range(26)])
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_request"
    assert api.get("users").json()["count"] == "0"
    assert api.post("bulk", [_op(str(n), "GET", "taxes") for n in range(25)]).status_code == 200


def test_a_bad_operation_is_a_failed_item(api) -> None:
    body = api.post(
        "bulk",
        [
            {"id": "m", "method": "PATCH", "path": "/webapi/rest/users"},
            {"id": "p", "method": "GET", "path": "/elsewhere"},
            {"id": "b", "method": "POST", "path": "/webapi/rest/bulk", "body": []},
            _op("ok", "GET", "taxes"),
        ],
    ).json()
    assert [item["code"] for item in body["items"]] == [400, 400, 400, 200]
    assert api.post("bulk", {"not": "a list"}).status_code == 400


def test_faults_hit_operations_inside_a_bulk_call(api, shop) -> None:
    order = api.order(api.user())
    lines = [
        _op(f"l{n}", "POST", "order-products", {"order_id": order, "product_id": n, "quantity": 1}) for n in (1, 2)
    ]
    shop.fault("503", method="POST", path="order-products")
    body = api.post("bulk", lines).json()
    assert [item["code"] for item in body["items"]] == [503, 200] and body["errors"] is True
    assert body["items"][0]["body"]["error"] == "server_error"
    assert api.get(f"orders/{order}").json()["total_products"] == 1  # the refused one was not done


def test_a_bulk_call_dropped_after_its_writes_keeps_them_all(api, shop) -> None:
    order = api.order(api.user())
    before = api.stock("KUB-001")
    lines = [
        _op(f"l{n}", "POST", "order-products", {"order_id": order, "product_id": n, "quantity": 1}) for n in (1, 2)
    ]
    shop.fault("drop", method="POST", path="order-products")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post("bulk", lines)
    assert api.get(f"orders/{order}").json()["total_products"] == 2
    assert api.stock("KUB-001") == str(int(before) - 1)
    logged = shop.requests()[-3]
    assert logged["path"] == "/webapi/rest/bulk" and logged["fault"] == "drop"


def test_a_bulk_call_cut_short_leaves_the_operations_before_the_cut(api, shop) -> None:
    order = api.order(api.user())
    ops = _lines(order)
    ops.append(_op("a", "POST", "auction-orders", {"order_id": order}))
    shop.fault("drop_before", method="POST", path="auction-orders")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post("bulk", ops)
    assert api.get(f"orders/{order}").json()["total_products"] == 2
    assert api.get("auction-orders").json()["count"] == "0"
