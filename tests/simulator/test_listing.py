"""The indexed listing returns exactly what a naive filter-and-sort over all forms would, for any query."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.allegro.models import parse_time
from plugin.simulator.account import SimulatorState
from plugin.simulator.seller_catalog import BUILTIN_CATALOG
from plugin.simulator.store import STATUSES, bought_key, micros, updated_key


@pytest.fixture(scope="module")
def state() -> SimulatorState:
    s = SimulatorState(BUILTIN_CATALOG, seed=13)
    s.seed(700, 150)
    for form_id in list(s.store.forms)[::37]:  # some forms move in the updatedAt index
        if s.store.get(form_id)["status"] != "CANCELLED":
            s.cancel(form_id)
    return s


def _naive(state, sort, status, bought, updated):
    def inside(key, bounds):
        return (bounds[0] is None or key >= bounds[0]) and (bounds[1] is None or key <= bounds[1])

    chosen = [
        f
        for f in state.store.forms.values()
        if (status is None or f["status"] == status)
        and inside(bought_key(f), bought)
        and inside(updated_key(f), updated)
    ]
    key = updated_key if "updatedAt" in sort else bought_key
    chosen.sort(key=lambda f: (key(f), f["id"]), reverse=sort.startswith("-"))
    return chosen


@given(
    sort=st.sampled_from(["lineItems.boughtAt", "-lineItems.boughtAt", "updatedAt", "-updatedAt"]),
    status=st.none() | st.sampled_from(STATUSES),
    cuts=st.lists(st.none() | st.floats(min_value=0, max_value=1), min_size=4, max_size=4),
    offset=st.integers(min_value=0, max_value=900),
    limit=st.integers(min_value=1, max_value=100),
)
def test_pages_equal_a_naive_sort(state, *, sort, status, cuts, offset, limit) -> None:
    keys = sorted(bought_key(f) for f in state.store.forms.values())
    low, high = keys[0], micros(state.clock())

    def at(fraction):
        return None if fraction is None else int(low + (high - low) * fraction)

    bought, updated = (at(cuts[0]), at(cuts[1])), (at(cuts[2]), at(cuts[3]))
    page, total = state.store.page(sort=sort, status=status, bought=bought, updated=updated, offset=offset, limit=limit)
    expected = _naive(state, sort, status, bought, updated)
    assert total == len(expected)
    assert [f["id"] for f in page] == [f["id"] for f in expected[offset : offset + limit]]


def test_the_index_follows_updates(state) -> None:
    latest = state.store.by_updated.lists["*"][-1][1]
    assert parse_time(state.store.get(latest)["updatedAt"]) == max(
        parse_time(f["updatedAt"]) for f in state.store.forms.values()
    )
