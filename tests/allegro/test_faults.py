"""The client under every fault the simulator can inject: what is retried, what is not, what the user sees."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugin.allegro.client import AllegroClient
from plugin.allegro.offer_calls import command_id_for
from plugin.exceptions import AllegroAPIError, AuthError


def _sleeps(client: AllegroClient) -> list[float]:
    """Swaps the client's sleep for a recorder (no real waiting) and returns the record."""
    slept: list[float] = []
    client.transport.policy = replace(client.transport.policy, sleep=slept.append)
    return slept


def test_429_waits_retry_after_then_succeeds(sim, client) -> None:
    slept = _sleeps(client)
    client.transport.policy = replace(client.transport.policy, max_retry_after=10.0, sleep=slept.append)
    sim.state.set_faults(rate_limit_requests=2, retry_after=3)
    before = client.calls
    assert client.latest_event_id() == sim.state.snapshot()["latest_event_id"]
    assert slept == [3.0, 3.0]
    assert client.calls - before == 3


def test_429_without_retry_after_waits_the_configured_pause(sim, client) -> None:
    slept = _sleeps(client)
    client.transport.policy = replace(
        client.transport.policy, rate_limit_pause=42.0, max_retry_after=60.0, sleep=slept.append
    )
    sim.state.set_faults(rate_limit_requests=1, retry_after=None)
    client.me()
    assert slept == [42.0]


def test_5xx_on_reads_is_retried_with_growing_jittered_backoff(sim, client) -> None:
    slept = _sleeps(client)
    client.transport.policy = replace(client.transport.policy, backoff_base=1.0, backoff_cap=100.0, sleep=slept.append)
    sim.state.set_faults(schedule=["500", "502", "503"])
    client.me()
    assert len(slept) == 3
    assert all(0 <= s <= 2**i for i, s in enumerate(slept))


def test_reads_give_up_after_max_attempts_with_allegros_error_and_trace_id(sim, client) -> None:
    _sleeps(client)
    attempts = client.transport.policy.max_attempts
    sim.state.set_faults(schedule=["503"] * attempts)
    with pytest.raises(AllegroAPIError) as caught:
        client.me()
    assert caught.value.status == 503
    assert caught.value.trace_id and caught.value.trace_id in str(caught.value)
    assert caught.value.errors[0]["code"] == "InternalServerErrorException"


def test_timeouts_on_reads_are_retried(sim, client) -> None:
    _sleeps(client)
    client.transport.policy = replace(client.transport.policy, read_timeout=0.1, sleep=lambda _: None)
    sim.state.set_faults(schedule=["timeout"], timeout_delay=0.4)
    assert client.me()["id"]
    assert sim.state.faults.injected.get("timeout", 0) >= 1


def test_malformed_bodies_on_reads_are_retried(sim, client) -> None:
    _sleeps(client)
    sim.state.set_faults(schedule=["malformed"])
    page = client.event_page(None, limit=5)
    assert len(page) == 5


def test_expired_token_is_refreshed_once_and_the_new_pair_stored_first(sim, client, manifest) -> None:
    store_before = manifest.allegro.token_file.read_text()
    sim.state.set_faults(expire_tokens=True)
    client.me()
    assert client.transport.tokens.refreshes == 1
    assert manifest.allegro.token_file.read_text() != store_before
    assert client.transport.tokens.tokens.access_token in manifest.allegro.token_file.read_text()


def test_a_401_that_persists_after_refresh_is_an_auth_error(sim, client) -> None:
    sim.state.set_faults(schedule=["expired", "expired"])
    with pytest.raises(AuthError, match="connect"):
        client.me()


def test_writes_are_not_retried_blindly_on_5xx(sim, client) -> None:
    offer = client.offers_by_external_id(["KUB-001"])[0]
    sim.state.set_faults(schedule=["503"])
    before = client.calls
    with pytest.raises(AllegroAPIError) as caught:
        client.set_offer_stock(offer.id, 7)
    assert caught.value.status == 503
    assert client.calls - before == 1


def test_a_timed_out_quantity_command_is_repeated_safely_and_applied_once(sim, client) -> None:
    _sleeps(client)
    client.transport.policy = replace(client.transport.policy, read_timeout=0.15, sleep=lambda _: None)
    offer = client.offers_by_external_id(["HER-010"])[0]
    sim.state.set_faults(schedule=["timeout"], timeout_delay=0.4)
    report = client.change_quantity(command_id_for("faults", offer.id), [offer.id], change_type="GAIN", value=5)
    assert report["already_applied"] is True  # the first PUT went through; its answer was lost
    assert client.offers_by_external_id(["HER-010"])[0].available == offer.available + 5


def test_stock_edits_wait_for_the_asynchronous_operation(sim, client) -> None:
    offer = client.offers_by_external_id(["CZK-030"])[0]
    client.set_offer_stock(offer.id, 0)
    after = client.offers_by_external_id(["CZK-030"])[0]
    assert (after.available, after.status) == (0, "ENDED")


SCHEDULE = st.lists(st.sampled_from(["429", "500", "503", "malformed", "expired", None]), max_size=14)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(schedule=SCHEDULE, limit=st.integers(min_value=7, max_value=60))
def test_every_event_is_read_exactly_once_in_order_under_random_faults(sim, client, schedule, limit) -> None:
    """Whatever fails and however often, resuming from the last event seen yields the journal exactly."""
    _sleeps(client)
    sim.state.set_faults(reset=True)
    expected = [e.id for e in client.events(None, limit=1000)][:400]
    sim.state.set_faults(schedule=list(schedule), retry_after=0)
    seen: list[str] = []
    cursor = None
    for _ in range(len(schedule) + 2):
        try:
            for event in client.events(cursor, limit=limit):
                seen.append(event.id)
                cursor = event.id
                if len(seen) == len(expected):
                    break
            break
        except AllegroAPIError:
            continue  # the caller (the engine) simply starts again from its cursor
    assert seen == expected
