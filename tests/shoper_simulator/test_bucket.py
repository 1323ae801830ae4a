"""The leaky bucket: its headers on every answer, 429 + Retry-After when full, draining over time, and how a
bulk call counts (one call by default, one per operation when so configured)."""

from __future__ import annotations

import time

import requests

from plugin.shoper_simulator import start_shoper_simulator
from plugin.shoper_simulator.leaky_bucket import LeakyBucket
from shoper_simulator.conftest import Api


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_fills_refuses_and_drains() -> None:
    clock = Clock()
    bucket = LeakyBucket(size=3, drain=2, clock=clock)
    assert [bucket.take().calls for _ in range(3)] == [1, 2, 3]
    refused = bucket.take()
    assert not refused.allowed and refused.retry_after == 1 and refused.calls == 3
    clock.now = 0.5  # one call drained
    assert bucket.take().allowed
    assert not bucket.take().allowed
    clock.now = 10.0
    assert bucket.take().calls == 1


def test_a_full_bucket_answers_429_with_retry_after_and_the_headers() -> None:
    with start_shoper_simulator(bucket_size=3, drain=0.5) as shop:
        api = Api(shop)
        answers = [api.get("taxes") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["X-Shop-Api-Calls"] for a in answers[:3]] == ["1", "2", "3"]
        assert all(a.headers["X-Shop-Api-Limit"] == "3" for a in answers)
        assert all(a.headers["X-Shop-Api-Bandwidth"] == "0.5" for a in answers)
        refused = answers[3]
        assert refused.json()["error"] == "temporarily_unavailable"
        assert int(refused.headers["Retry-After"]) >= 1
        assert [e["status"] for e in shop.requests()] == [200, 200, 200, 429]


def test_after_retry_after_the_call_goes_through() -> None:
    with start_shoper_simulator(bucket_size=2, drain=10) as shop:
        api = Api(shop)
        assert [api.get("taxes").status_code for _ in range(3)] == [200, 200, 429]
        time.sleep(0.15)  # 10 a second: one call's room after 0.1 s
        assert api.get("taxes").status_code == 200


def test_errors_and_auth_count_too() -> None:
    with start_shoper_simulator(bucket_size=2, drain=0.1) as shop:
        requests.get(f"{shop.api_url}/orders", headers={"Authorization": "Bearer garbage"}, timeout=5)
        requests.post(f"{shop.api_url}/auth", auth=("local-webapi", "local-webapi-secret"), timeout=5)
        assert Api(shop).get("taxes").status_code == 429


def test_bulk_costs_one_call_by_default_and_per_operation_when_configured() -> None:
    operations = [{"id": str(n), "method": "GET", "path": "/webapi/rest/taxes"} for n in range(5)]
    with start_shoper_simulator(bucket_size=6, drain=0.01) as shop:
        api = Api(shop)
        first = api.post("bulk", operations)
        assert first.status_code == 200 and first.headers["X-Shop-Api-Calls"] == "1"
        shop.bucket(bulk_cost="operation", empty=True)
        second = api.post("bulk", operations)
        assert second.headers["X-Shop-Api-Calls"] == "5"
        assert api.post("bulk", operations).status_code == 429
        state = requests.post(f"{shop.url}/_simulator/bucket", json={"bulk_cost": "request"}, timeout=5).json()
        assert state["bulk_cost"] == "request" and state["size"] == 6
