"""The endpoints: events to the head, windowed listings, batched form reads, offers in chunks, stock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allegro.conftest import manifest_for
from plugin.allegro import open_client
from plugin.allegro.retry import FAST
from plugin.allegro.windows import bought_time, windowed
from plugin.exceptions import AllegroAPIError
from plugin.simulator import start_simulator


def test_events_reach_the_head_once_each_in_ascending_order(sim, client) -> None:
    ids = [e.id for e in client.events(None, limit=97)]
    assert len(ids) == sim.state.snapshot()["events"] == len(set(ids))
    assert [int(i) for i in ids] == sorted(int(i) for i in ids)
    assert ids[-1] == client.latest_event_id()


def test_events_after_a_cursor_and_by_type(sim, client) -> None:
    everything = list(client.events(None))
    middle = everything[len(everything) // 2].id
    assert [e.id for e in client.events(middle)] == [e.id for e in everything if int(e.id) > int(middle)]
    cancelled = list(client.events(None, types=["BUYER_CANCELLED", "AUTO_CANCELLED"]))
    assert {e.type for e in cancelled} <= {"BUYER_CANCELLED", "AUTO_CANCELLED"}
    assert len(cancelled) == sum(e.type in ("BUYER_CANCELLED", "AUTO_CANCELLED") for e in everything)


def test_event_page_refuses_limits_allegro_would_refuse(client) -> None:
    with pytest.raises(AllegroAPIError, match="1000"):
        client.event_page(None, limit=1001)


def test_checkout_forms_filters_match_the_simulators_data(sim, client) -> None:
    ready = list(client.checkout_forms(status="READY_FOR_PROCESSING"))
    assert len(ready) == sim.state.snapshot()["orders"]["READY_FOR_PROCESSING"]
    assert {f.status for f in ready} == {"READY_FOR_PROCESSING"}
    times = [f.bought_at for f in ready]
    assert times == sorted(times)
    cut = times[len(times) // 2]
    later = list(client.checkout_forms(bought_gte=cut, status="READY_FOR_PROCESSING"))
    assert {f.id for f in later} == {f.id for f in ready if f.bought_at >= cut}


def test_listing_past_ten_thousand_is_windowed_on_time(tmp_path) -> None:
    with start_simulator(orders=10_150, seed=3) as big:
        client = open_client(manifest_for(big.url, tmp_path / "t.json"), policy=FAST)
        ids = [f.id for f in client.checkout_forms()]
        assert len(ids) == len(set(ids)) == big.state.snapshot()["orders_total"]


def _forms(times: list[int]) -> list[dict]:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        {
            "id": f"f{i:05d}",
            "lineItems": [{"id": f"l{i}", "offer": {"id": "1"}, "boughtAt": (base + timedelta(seconds=t)).isoformat()}],
        }
        for i, t in enumerate(sorted(times))
    ]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=0, max_size=120))
def test_windowing_yields_every_form_once_whatever_the_ties(times: list[int]) -> None:
    """With a page of 5 and a cap of 20, time ties across window edges must neither drop nor repeat forms."""
    forms = _forms(times)
    fetches: list[tuple] = []

    def fetch(window, offset):
        fetches.append((window, offset))
        assert offset + 5 <= 20
        eligible = [f for f in forms if window is None or bought_time(f) >= window]
        return eligible[offset : offset + 5]

    most_tied = max((times.count(t) for t in set(times)), default=0)
    if most_tied > 15:
        return  # cannot be windowed; covered by the next test
    got = [f["id"] for page in windowed(fetch, bought_time, None, page_size=5, cap=20) for f in page]
    assert got == [f["id"] for f in forms]


def test_windowing_stops_with_a_clear_error_when_one_instant_holds_too_many() -> None:
    forms = _forms([7] * 30)
    fetch = lambda window, offset: forms[offset : offset + 5]  # noqa: E731
    with pytest.raises(AllegroAPIError, match="share the time"):
        list(windowed(fetch, bought_time, None, page_size=5, cap=20))


def test_forms_by_id_reads_few_pages_and_leaves_combined_away_ids_out(sim, client) -> None:
    form_ids = list(sim.state.add_orders(3))
    buyer_orders = sim.state.store.get(form_ids[0])
    twin = dict(buyer_orders, id="6b0c62a1-0000-4000-8000-00000000abcd", status="BOUGHT")
    sim.state.store_form(twin)
    buyer_orders["status"] = "BOUGHT"
    sim.state.store.put(buyer_orders)
    new_id = sim.state.combine([form_ids[0], twin["id"]])
    events = list(client.events(None))
    wanted = {e.checkout_form_id for e in events[-120:]}
    since = min(e.occurred_at for e in events[-120:]) - timedelta(seconds=1)
    before = client.calls
    found = client.checkout_forms_by_id(wanted, updated_gte=since)
    assert form_ids[0] not in found and twin["id"] not in found  # removed by the combined payment → 404
    assert found[new_id].status == "READY_FOR_PROCESSING"
    assert {i.id for i in found[new_id].line_items} >= {i["id"] for i in buyer_orders["lineItems"]}
    assert set(found) == wanted - sim.state.removed
    assert client.calls - before < len(wanted) / 3


def test_offers_are_found_by_external_id_a_hundred_at_a_time(tmp_path) -> None:
    catalog = [(f"P-{n:04d}", f"Produkt testowy nr {n} – żółty", n % 7 + 1, "9.99") for n in range(230)]
    with start_simulator(products=catalog) as shop:
        client = open_client(manifest_for(shop.url, tmp_path / "t.json"), policy=FAST)
        before = client.calls
        offers = client.offers_by_external_id([c[0] for c in catalog] + ["NIE-MA"])
        assert sorted(o.external_id for o in offers) == sorted(c[0] for c in catalog)
        assert client.calls - before == 3
        assert {o.external_id: o.available for o in offers} == {c[0]: c[2] for c in catalog}


def test_change_quantity_reports_tasks_and_refuses_bad_arguments(sim, client) -> None:
    from plugin.allegro.offer_calls import command_id_for

    offer = client.offers_by_external_id(["NOT-250"])[0]
    report = client.change_quantity(command_id_for("fixed", offer.id), [offer.id, "404"], change_type="FIXED", value=9)
    assert report["taskCount"] == {"total": 2, "success": 1, "failed": 1}
    assert {t["status"] for t in report["tasks"]} == {"SUCCESS", "FAIL"}
    assert client.offers_by_external_id(["NOT-250"])[0].available == 9
    with pytest.raises(AllegroAPIError, match="FIXED or GAIN"):
        client.change_quantity("x", [offer.id], change_type="SET", value=1)
    with pytest.raises(AllegroAPIError) as caught:
        client.change_quantity(command_id_for("zero", offer.id), [offer.id], change_type="FIXED", value=0)
    assert caught.value.status == 422 and caught.value.errors[0]["code"] == "INCORRECT_QUANTITY_VALUE"


def test_command_ids_are_deterministic_per_change() -> None:
    from plugin.allegro.offer_calls import command_id_for

    assert command_id_for("order", "1") == command_id_for("order", "1") != command_id_for("order", "2")


def test_a_missing_form_is_none(client) -> None:
    assert client.checkout_form("5f0b8c1e-0000-4000-8000-000000000000") is None


def test_forms_by_id_never_costs_much_more_than_single_gets(sim, client) -> None:
    """Ids scattered thinly over the listing: reading on would not pay, so it falls back to single GETs."""
    ordered = [form_id for _, form_id in sim.state.store.by_updated.lists["*"]]
    scattered = ordered[::150][:4]
    first = client.checkout_form(scattered[0])
    before = client.calls
    found = client.checkout_forms_by_id(scattered, updated_gte=first.updated_at)
    assert set(found) == set(scattered)
    assert client.calls - before <= len(scattered) * 1.05 + 2


def test_forms_by_id_reads_past_unwanted_forms_to_reach_a_dense_run(sim, client) -> None:
    """The first listing pages hold none of the ids (forms fetched earlier); the batch must still pay off."""
    ordered = [form_id for _, form_id in sim.state.store.by_updated.lists["*"]]
    wanted = ordered[300:700]
    start = client.checkout_form(ordered[0]).updated_at
    before = client.calls
    found = client.checkout_forms_by_id(wanted, updated_gte=start)
    assert set(found) == set(wanted)
    assert client.calls - before <= 10


def test_forms_by_id_reads_a_whole_window_where_wanted_forms_are_spread_unevenly(sim, client) -> None:
    """A busy account: dense and sparse pages alternate. Reading the whole window (its pages are fewer than
    half the wanted forms) beats stopping at the first sparse page and asking for the rest one by one."""
    ordered = [form_id for _, form_id in sim.state.store.by_updated.lists["*"]]
    pages = len(ordered) // 100
    wanted = [form_id for p in range(pages) for form_id in ordered[p * 100 : p * 100 + (15 if p % 2 == 0 else 3)]]
    start = client.checkout_form(ordered[0]).updated_at
    before = client.calls
    found = client.checkout_forms_by_id(wanted, updated_gte=start)
    assert set(found) == set(wanted)
    assert client.calls - before <= -(-len(ordered) // 100) + 1
