"""Invariants the local Shoper must keep whatever a client does: stock moves exactly with the lines that exist,
pages cover a list exactly once, and the bucket never lets more through than its size plus what drained."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.shoper_simulator import RunningShoper, start_shoper_simulator
from plugin.shoper_simulator.leaky_bucket import LeakyBucket
from shoper_simulator.conftest import Api

PRODUCTS = 4  # the first products of the built-in catalogue take part

steps = st.lists(
    st.one_of(
        st.tuples(st.just("line"), st.integers(1, PRODUCTS), st.integers(1, 5)),
        st.tuples(st.just("change"), st.integers(0, 20), st.integers(1, 5)),
        st.tuples(st.just("drop_line"), st.integers(0, 20), st.just(0)),
        st.tuples(st.just("drop_order"), st.integers(0, 3), st.just(0)),
        st.tuples(st.just("order"), st.just(0), st.just(0)),
        st.tuples(st.just("set_stock"), st.integers(1, PRODUCTS), st.integers(0, 50)),
    ),
    max_size=14,
)


@pytest.fixture(scope="module")
def module_shop() -> Iterator[RunningShoper]:
    with start_shoper_simulator(bucket_size=100_000, drain=100_000) as shop:
        yield shop


def _stock(api: Api) -> dict[str, int]:
    rows = api.get("product-stocks", params={"limit": PRODUCTS}).json()["list"]
    return {row["product_id"]: int(row["stock"]) for row in rows}


def _apply(api: Api, step: tuple[str, int, int], user: str, orders: list[str], lines: list[str]) -> None:
    kind, a, b = step
    if kind == "order":
        orders.append(api.order(user))
    elif kind == "line" and orders:
        answer = api.post("order-products", {"order_id": orders[-1], "product_id": a, "quantity": b})
        lines.append(str(answer.json()))
    elif kind == "change" and lines:
        api.put(f"order-products/{lines[a % len(lines)]}", {"quantity": b})
    elif kind == "drop_line" and lines:
        api.delete(f"order-products/{lines.pop(a % len(lines))}")
    elif kind == "drop_order" and orders:
        api.delete(f"orders/{orders.pop(a % len(orders))}")
    elif kind == "set_stock":
        api.put(f"product-stocks/{a}", {"stock": b})


@given(steps)
def test_stock_moves_exactly_with_the_lines_that_exist(module_shop: RunningShoper, plan) -> None:
    module_shop.reset()
    api = Api(module_shop)
    user = api.user()
    orders, lines = [api.order(user)], []
    base = _stock(api)  # what the stock would be with no lines at all
    for step in plan:
        if step[0] == "set_stock":  # an absolute write: the base becomes the value plus what lines hold
            held = _held(api)
            base[str(step[1])] = step[2] + held.get(str(step[1]), 0)
        _apply(api, step, user, orders, lines)
    held = _held(api)
    assert _stock(api) == {pid: base[pid] - held.get(pid, 0) for pid in base}


def _held(api: Api) -> dict[str, int]:
    held: dict[str, int] = {}
    for line in api.get("order-products", params={"limit": 50}).json()["list"]:
        held[line["product_id"]] = held.get(line["product_id"], 0) + int(line["quantity"])
    return held


@given(st.integers(-3, 80), st.integers(0, 31))
def test_pages_cover_a_list_exactly_once(module_shop: RunningShoper, limit: int, wanted: int) -> None:
    api = Api(module_shop)
    ids = [str(n) for n in range(1, 31)]
    filters = json.dumps({"stock_id": {"in": ids[:wanted]}}) if wanted < 31 else None
    first = api.get("product-stocks", params={"limit": limit, "filters": filters}).json()
    effective = limit if 1 <= limit <= 50 else 10
    seen = list(first["list"])
    for number in range(2, first["pages"] + 1):
        seen += api.get("product-stocks", params={"limit": limit, "page": number, "filters": filters}).json()["list"]
    expected = ids[: min(wanted, 30)]
    assert [row["stock_id"] for row in seen] == expected
    assert first["count"] == str(len(expected)) and len(first["list"]) <= effective
    assert first["pages"] == -(-len(expected) // effective)


@given(st.integers(1, 20), st.floats(0.5, 20), st.lists(st.floats(0, 2), max_size=60))
def test_the_bucket_lets_through_at_most_its_size_plus_what_drained(size: int, drain: float, gaps) -> None:
    clock = [0.0]
    bucket = LeakyBucket(size=size, drain=drain, clock=lambda: clock[0])
    allowed = 0
    for gap in gaps:
        clock[0] += gap
        taken = bucket.take()
        allowed += taken.allowed
        assert 0 <= taken.calls <= size
        assert taken.allowed or taken.retry_after >= 1
    assert allowed <= size + drain * clock[0] + 1e-6
