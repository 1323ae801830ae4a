"""Every simulator answer and every request the client sends, checked against Allegro's OpenAPI spec
with all objects closed: an undefined field, a missing required one or a wrong type fails."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import requests
from allegro.conftest import manifest_for

from plugin.allegro import open_client
from plugin.allegro.offer_calls import PUBLICATION, command_id_for
from plugin.allegro.retry import FAST
from plugin.allegro.transport import VENDOR_JSON
from plugin.simulator import start_simulator


@pytest.fixture(scope="module")
def exchanges(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """One recorded session touching every endpoint, its errors included."""
    with start_simulator(orders=400, archived=100, seed=11) as sim:
        sim.state.recording = []
        client = open_client(manifest_for(sim.url, tmp_path_factory.mktemp("t") / "tokens.json"), policy=FAST)
        events = list(client.events(None, limit=250))
        client.latest_event_id()
        list(client.events(None, types=["READY_FOR_PROCESSING", "BUYER_CANCELLED"]))
        forms = list(client.checkout_forms(status="READY_FOR_PROCESSING"))
        list(client.checkout_forms(bought_gte=forms[0].bought_at, updated_lte=forms[-1].updated_at))
        ids = {e.checkout_form_id for e in events[-50:] if e.checkout_form_id}
        client.checkout_forms_by_id(ids, updated_gte=events[-50].occurred_at - timedelta(seconds=1))
        client.checkout_form("00000000-0000-4000-8000-000000000000")  # 404
        offers = client.offers_by_external_id([o["external_id"] for o in sim.state.snapshot()["offers"]])
        client.change_quantity(command_id_for("t", "1"), [offers[0].id], change_type="GAIN", value=3)
        client.change_quantity(command_id_for("t", "1"), [offers[0].id], change_type="GAIN", value=3)  # 409
        client.change_quantity(command_id_for("t", "2"), [offers[1].id, "1"], change_type="FIXED", value=2)
        client.set_offer_stock(offers[2].id, 0)
        client.set_offer_stock(offers[2].id, 4, activate=True)
        sim.state.offers.add_foreign("99000000001", "OBCY-1")
        sim.state.offers.command_seconds = 0.05
        ended = command_id_for("t", "end")
        client.start_publication_command(ended, [offers[3].id, "99000000001"], action="END")
        client.command_tasks(PUBLICATION, ended)  # still running: tasks NEW
        client.await_command(PUBLICATION, ended)
        client.change_quantity(command_id_for("t", "3"), [offers[3].id, "99000000001"], change_type="FIXED", value=5)
        client.start_publication_command(command_id_for("t", "go"), [offers[3].id], action="ACTIVATE")
        client.await_command(PUBLICATION, command_id_for("t", "go"))
        list(client.seller_offers(["ACTIVE", "ENDED"]))
        client.offers_by_ids([offers[3].id, "99000000001"])
        _raw_errors(sim.url, client.transport.tokens.access_token())
        sim.state.set_faults(schedule=["429", "503", "expired"])
        client.me()
        recorded = list(sim.state.recording)
        sim.state.recording = None
        return recorded


def _raw_errors(url: str, token: str) -> None:
    """Requests the client would never send: they must still be answered the way the spec says."""
    bearer = {"Authorization": f"Bearer {token}", "Accept": VENDOR_JSON}
    requests.get(f"{url}/order/checkout-forms", headers={"Authorization": f"Bearer {token}"}, timeout=5)  # 406
    requests.get(f"{url}/order/checkout-forms", params={"offset": 9950, "limit": 100}, headers=bearer, timeout=5)
    requests.get(f"{url}/order/checkout-forms/not-a-uuid", headers=bearer, timeout=5)
    requests.get(f"{url}/order/events", params={"limit": 5000}, headers=bearer, timeout=5)
    requests.get(f"{url}/me", headers={"Authorization": "Bearer nope", "Accept": VENDOR_JSON}, timeout=5)
    requests.put(
        f"{url}/sale/offer-quantity-change-commands/{command_id_for('x')}",
        json={"modification": {"changeType": "FIXED", "value": 0}},
        headers={**bearer, "Content-Type": "application/json"},
        timeout=5,
    )  # 415


def _api(exchanges: list[dict]) -> list[dict]:
    return [e for e in exchanges if not e["path"].startswith(("/auth/", "/_simulator/"))]


def test_the_session_covers_every_endpoint_and_the_error_statuses(exchanges: list[dict]) -> None:
    seen = {(e["method"], e["path"].split("/")[1:3][-1]) for e in _api(exchanges)}
    statuses = {e["status"] for e in _api(exchanges)}
    assert {("GET", "events"), ("GET", "event-stats"), ("GET", "checkout-forms"), ("GET", "offers")} <= seen
    assert {("PUT", "offer-quantity-change-commands"), ("PATCH", "product-offers")} <= seen
    assert ("PUT", "offer-publication-commands") in seen
    assert {200, 201, 202, 303, 401, 404, 406, 409, 415, 422, 429, 503} <= statuses


def test_every_simulator_answer_matches_the_spec(exchanges: list[dict], spec) -> None:
    problems = []
    for e in _api(exchanges):
        problems += spec.response_problems(e["method"], e["path"], e["status"], e["response"], e["content_type"])
    assert problems == []


def test_every_client_request_matches_the_spec(exchanges: list[dict], spec) -> None:
    client_requests = [e for e in _api(exchanges) if "allegro-sync" in e["headers"].get("user-agent", "")]
    assert len(client_requests) > 20
    problems = []
    for e in client_requests:
        problems += spec.request_problems(e["method"], e["path"], e["query"], e["body"])
    assert problems == []


def test_client_requests_carry_allegro_headers(exchanges: list[dict]) -> None:
    client_requests = [e for e in _api(exchanges) if "allegro-sync" in e["headers"].get("user-agent", "")]
    for e in client_requests:
        headers = e["headers"]
        assert headers["accept"] == VENDOR_JSON
        assert headers["accept-language"] == "pl-PL"
        assert headers["authorization"].startswith("Bearer ")
        if e["body"]:
            assert headers["content-type"] == VENDOR_JSON


def test_a_spec_violation_would_be_caught(spec) -> None:
    """The checker itself: an undefined field and a missing required one are both reported."""
    form = {
        "id": "x",
        "buyer": {"id": "1", "email": "a@b.pl", "login": "l", "guest": False},
        "status": "BOUGHT",
        "lineItems": [],
        "surcharges": [],
        "summary": {"totalToPay": {"amount": "1.00", "currency": "PLN"}},
    }
    assert spec.response_problems("GET", "/order/checkout-forms/x", 200, form, VENDOR_JSON) == []
    assert spec.response_problems("GET", "/order/checkout-forms/x", 200, {**form, "shopId": 1}, VENDOR_JSON)
    del form["surcharges"]
    assert spec.response_problems("GET", "/order/checkout-forms/x", 200, form, VENDOR_JSON)


def test_the_spec_lives_in_the_repository() -> None:
    """A bare clone of the repository must run the suite: the spec may not come from beside the clone."""
    from simulator.openapi import SPEC_PATH

    root = Path(__file__).resolve().parents[2]
    assert SPEC_PATH.resolve().is_relative_to(root) and SPEC_PATH.is_file()


def test_the_kept_spec_is_closed_and_covers_every_simulator_route(spec) -> None:
    """Every reference resolves inside the subset, and every route the simulator serves is one of its operations."""
    from plugin.simulator.routes_offers import ROUTES as OFFER_ROUTES
    from plugin.simulator.routes_orders import ROUTES as ORDER_ROUTES

    refs: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec.spec)
    dangling = [r for r in refs if r.split("/")[-1] not in spec.spec["components"].get(r.split("/")[-2], {})]
    assert dangling == []
    for method, pattern, _handler in (*ORDER_ROUTES, *OFFER_ROUTES):
        concrete = pattern.replace("([^/]+)", "x")
        assert spec.operation(method, concrete), f"{method} {pattern}"
