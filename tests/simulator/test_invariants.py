"""Whatever tests do to the simulated account, its journal and indexes stay coherent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.exceptions import SimulatorError
from plugin.simulator.account import SimulatorState
from plugin.simulator.seller_catalog import BUILTIN_CATALOG

OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["add", "cancel", "pay", "modify", "combine", "auto"]), st.integers(0, 10_000)),
    max_size=25,
)


@settings(max_examples=30)
@given(seed=st.integers(0, 50), operations=OPERATIONS)
def test_journal_and_indexes_stay_coherent(seed: int, operations: list[tuple[str, int]]) -> None:
    state = SimulatorState(BUILTIN_CATALOG, seed=seed)
    state.seed(15, 5)
    for name, pick in operations:
        ids = sorted(state.store.forms)
        target = ids[pick % len(ids)]
        try:
            if name == "add":
                state.add_orders(1 + pick % 3)
            elif name == "cancel":
                state.cancel(target)
            elif name == "auto":
                state.cancel(target, "AUTO_CANCELLED")
            elif name == "pay":
                state.pay(target)
            elif name == "modify":
                state.modify(target)
            else:
                same_buyer = [
                    i for i in ids if state.store.get(i)["buyer"]["id"] == state.store.get(target)["buyer"]["id"]
                ]
                state.combine(same_buyer[:2])
        except SimulatorError:
            pass  # refused operations (cancel twice, combine paid orders) must leave everything as it was
    journal_ids = state.journal.ids
    assert journal_ids == sorted(set(journal_ids))
    assert all(e.form_id in state.store.forms or e.form_id in state.removed for e in state.journal.entries)
    assert not state.removed & set(state.store.forms)
    for index in (state.store.by_bought, state.store.by_updated):
        assert sorted(i for _, i in index.lists["*"]) == sorted(state.store.forms)
        assert sum(len(index.lists[s]) for s in state.store.counts()) == len(state.store)
        for status, entries in index.lists.items():
            assert entries == sorted(entries)
            if status != "*":
                assert all(state.store.get(i)["status"] == status for _, i in entries)
    assert all(o.available >= 0 for o in state.offers.offers)
    cancelled_events = {e.form_id for e in state.journal.entries if e.type.endswith("CANCELLED")}
    assert all(state.store.get(i)["status"] == "CANCELLED" for i in cancelled_events if i in state.store.forms)


def test_a_cancelled_order_is_never_revived() -> None:
    import pytest

    state = SimulatorState(BUILTIN_CATALOG, seed=1)
    form_id = state.add_orders(1)[0]
    if state.store.get(form_id)["status"] != "CANCELLED":
        state.cancel(form_id)
    for action in (state.pay, state.modify):
        with pytest.raises(SimulatorError, match="CANCELLED"):
            action(form_id)
    assert state.store.get(form_id)["status"] == "CANCELLED"
