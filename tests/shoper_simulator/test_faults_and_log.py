"""Faults for the next N matching requests (429 storms, 5xx, slow answers, a connection dropped after or
before the write), the request log, snapshot and reset."""

from __future__ import annotations

import time

import pytest
import requests


def _fault(shop, **rule) -> None:
    answer = requests.post(f"{shop.url}/_simulator/faults", json=rule, timeout=5)
    assert answer.status_code == 200, answer.text


def test_a_429_storm_hits_only_matching_requests(api, shop) -> None:
    _fault(shop, kind="429", count=2, method="POST", path="users", retry_after=7)
    assert api.get("users").status_code == 200  # GET does not match
    storm = [api.post("users", {"email": f"u{n}@example.pl"}) for n in range(3)]
    assert [a.status_code for a in storm] == [429, 429, 200]
    assert storm[0].headers["Retry-After"] == "7" and storm[0].json()["error"] == "temporarily_unavailable"
    assert api.get("users").json()["count"] == "1"  # the refused ones wrote nothing


def test_server_errors_and_their_envelope(api, shop) -> None:
    shop.fault("503", path="/webapi/rest/orders*")
    answer = api.get("orders")
    assert answer.status_code == 503 and answer.json()["error"] == "server_error"
    assert "X-Shop-Api-Calls" in answer.headers
    assert api.get("orders").status_code == 200
    assert requests.get(f"{shop.url}/_simulator/faults", timeout=5).json()["injected"] == {"503": 1}


def test_a_slow_answer_comes_late(api, shop) -> None:
    shop.fault("slow", path="taxes", seconds=0.3)
    started = time.perf_counter()
    assert api.get("taxes").status_code == 200
    assert time.perf_counter() - started >= 0.3
    with pytest.raises(requests.exceptions.ReadTimeout):
        shop.fault("slow", path="taxes", seconds=0.5)
        api.get("taxes", timeout=0.1)


def test_a_connection_dropped_after_the_write_leaves_the_order_made(api, shop) -> None:
    user = api.user()
    shop.fault("drop", method="POST", path="orders")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.order(user, notes_priv="allegro:form-7")
    made = api.get("orders", params={"filters[notes_priv]": "allegro:form-7"}).json()
    assert made["count"] == "1"  # the client saw nothing, yet the order exists: a blind retry duplicates it
    logged = [e for e in shop.requests() if e["path"] == "/webapi/rest/orders" and e["method"] == "POST"]
    assert logged[-1]["fault"] == "drop" and logged[-1]["status"] == 200


def test_a_dropped_line_has_already_taken_its_stock(api, shop) -> None:
    order = api.order(api.user())
    before = int(api.stock("KUB-001"))
    shop.fault("drop", method="POST", path="order-products")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post("order-products", {"order_id": order, "product_id": 1, "quantity": 2})
    assert api.stock("KUB-001") == str(before - 2)


def test_a_connection_dropped_before_the_write_changes_nothing(api, shop) -> None:
    user = api.user()
    shop.fault("drop_before", method="POST", path="orders")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.order(user)
    assert api.get("orders").json()["count"] == "0"


def test_bad_fault_rules_are_explained(shop) -> None:
    answer = requests.post(f"{shop.url}/_simulator/faults", json={"kind": "boom"}, timeout=5)
    assert answer.status_code == 400 and "429" in answer.json()["error"]
    answer = requests.post(f"{shop.url}/_simulator/faults", json={"kind": "429", "count": 0}, timeout=5)
    assert answer.status_code == 400 and "count" in answer.json()["error"]


def test_the_request_log_holds_method_path_status_and_time(api, shop) -> None:
    api.get("taxes", params={"limit": 3})
    api.post("users", {"email": "log@example.pl"})
    api.post("users", {"email": "log@example.pl"})
    log = requests.get(f"{shop.url}/_simulator/requests", timeout=5).json()
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("GET", "/webapi/rest/taxes", 200),
        ("POST", "/webapi/rest/users", 200),
        ("POST", "/webapi/rest/users", 400),
    ]
    assert log[0]["query"] == {"limit": "3"} and log[1]["body"] == {"email": "log@example.pl"}
    assert all(isinstance(e["ms"], float) and len(e["time"]) == 19 for e in log)
    assert all("authorization" not in str(e).lower() for e in log)
    assert shop.requests() == log
    requests.delete(f"{shop.url}/_simulator/requests", timeout=5)
    assert shop.requests() == []


def test_snapshot_and_reset(api, shop) -> None:
    order = api.order(api.user())
    api.post("order-products", {"order_id": order, "product_id": 1, "quantity": 1})
    api.post("auction-orders", {"order_id": order, "buyer_login": "kupujacy"})
    snapshot = requests.get(f"{shop.url}/_simulator/state", timeout=5).json()
    assert len(snapshot["orders"]) == 1 and len(snapshot["orders"][0]["products"]) == 1
    assert len(snapshot["users"]) == 1 and len(snapshot["auction_orders"]) == 1
    assert snapshot["stock"]["KUB-001"] == "119"
    requests.post(f"{shop.url}/_simulator/reset", timeout=5)
    fresh = shop.snapshot()
    assert fresh["orders"] == [] and fresh["users"] == [] and fresh["stock"]["KUB-001"] == "120"
    assert api.user() == "1"  # ids start again
