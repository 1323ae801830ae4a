"""The client's batch commands: deterministic ids (a retry is not a second change), polling, Allegro's reasons."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from plugin.allegro.offer_calls import PUBLICATION, QUANTITY, command_id_for, task_failures
from plugin.exceptions import AllegroAPIError


def test_a_command_is_polled_until_allegro_reports_it_done(sim, client) -> None:
    sim.state.offers.command_seconds = 0.3
    try:
        client.transport.policy = replace(client.transport.policy, poll_pause=0.1, sleep=time.sleep)
        offer = client.offers_by_external_id(["OLE-280"])[0]
        before = client.calls
        report = client.change_quantity(command_id_for("poll", offer.id), [offer.id], change_type="FIXED", value=11)
        assert report["completedAt"] and report["taskCount"]["success"] == 1
        assert client.calls - before >= 4  # PUT, an "in progress" status read at least once, then done, tasks
    finally:
        sim.state.offers.command_seconds = 0.0


def test_tasks_of_a_running_command_say_so_and_a_finished_one_names_each_failure(sim, client) -> None:
    offer = client.offers_by_external_id(["NOT-250"])[0]
    foreign = sim.state.offers.add_foreign("99100000001", "CUDZY-1")
    sim.state.offers.command_seconds = 0.2
    try:
        command = command_id_for("reasons", offer.id)
        client.start_quantity_command(command, [offer.id, foreign.id, "404"], value=3)
        assert client.command_tasks(QUANTITY, command) is None
        time.sleep(0.25)
        tasks = client.command_tasks(QUANTITY, command)
    finally:
        sim.state.offers.command_seconds = 0.0
    failures = task_failures(tasks)
    assert set(failures) == {foreign.id, "404"}
    assert failures[foreign.id].startswith("ACCESS_DENIED") and failures["404"].startswith("NOT_FOUND")


def test_a_repeated_command_id_is_applied_once(sim, client) -> None:
    offer = client.offers_by_external_id(["KUB-002"])[0]
    start = offer.available
    command = command_id_for("gain-once", offer.id)
    assert client.start_quantity_command(command, [offer.id], change_type="GAIN", value=2) is False
    assert client.start_quantity_command(command, [offer.id], change_type="GAIN", value=2) is True  # 409
    assert client.offers_by_ids([offer.id])[0].available == start + 2


def test_end_then_resume_by_one_edit_and_a_refusal_carries_allegros_reason(sim, client) -> None:
    offer = client.offers_by_external_id(["ZAB-230"])[0]
    command = command_id_for("end", offer.id)
    client.start_publication_command(command, [offer.id], action="END")
    assert task_failures(client.await_command(PUBLICATION, command)["tasks"]) == {}
    assert client.offers_by_ids([offer.id])[0].status == "ENDED"
    client.set_offer_stock(offer.id, 6, activate=True)
    now = client.offers_by_ids([offer.id])[0]
    assert (now.status, now.available) == ("ACTIVE", 6)
    sim.state.offers.by_id[offer.id].renewable = False
    client.start_publication_command(command_id_for("end2", offer.id), [offer.id], action="END")
    with pytest.raises(AllegroAPIError) as caught:
        client.set_offer_stock(offer.id, 2, activate=True)
    assert caught.value.errors[0]["code"] == "OFFER_ACTIVATION_ERROR"
    sim.state.offers.by_id[offer.id].renewable = True


def test_seller_offers_lists_every_own_offer_by_status(sim, client) -> None:
    listed = list(client.seller_offers(["ACTIVE", "ACTIVATING", "ENDED"]))
    own = [o for o in sim.state.offers.offers if not o.foreign]
    assert sorted(o.id for o in listed) == sorted(o.id for o in own)
