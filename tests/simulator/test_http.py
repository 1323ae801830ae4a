"""The simulator over real HTTP: Allegro's strictness, its error bodies, OAuth and the control endpoints."""

from __future__ import annotations

import pytest
import requests

from plugin.simulator import RunningSimulator, start_simulator

VENDOR = "application/vnd.allegro.public.v1+json"


@pytest.fixture(scope="module")
def sim() -> RunningSimulator:
    with start_simulator(orders=120, archived=30, seed=21, token_ttl=3600) as running:
        yield running


def _token(sim: RunningSimulator) -> dict:
    auth = ("local-client", "local-secret")
    device = requests.post(f"{sim.url}/auth/oauth/device", auth=auth, data={"client_id": "local-client"}, timeout=5)
    grant = {"grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": device.json()["device_code"]}
    pending = requests.post(f"{sim.url}/auth/oauth/token", auth=auth, params=grant, timeout=5)
    assert (pending.status_code, pending.json()["error"]) == (400, "authorization_pending")
    approved = requests.post(f"{sim.url}/auth/oauth/token", auth=auth, params=grant, timeout=5)
    assert approved.status_code == 200
    reused = requests.post(f"{sim.url}/auth/oauth/token", auth=auth, params=grant, timeout=5)
    assert reused.json()["error"] == "invalid_request"
    return approved.json()


@pytest.fixture(scope="module")
def headers(sim: RunningSimulator) -> dict:
    return {"Authorization": f"Bearer {_token(sim)['access_token']}", "Accept": VENDOR}


def test_token_response_has_allegros_shape(sim: RunningSimulator) -> None:
    token = _token(sim)
    assert token["token_type"] == "bearer" and token["expires_in"] == 3599
    assert token["access_token"] != token["refresh_token"]


def test_every_answer_carries_a_trace_id(sim: RunningSimulator, headers: dict) -> None:
    ids = {requests.get(f"{sim.url}/me", headers=headers, timeout=5).headers["trace-id"] for _ in range(3)}
    assert len(ids) == 3


@pytest.mark.parametrize("accept", [None, "application/json", "*/*"])
def test_without_the_vendor_accept_header_the_answer_is_406(sim: RunningSimulator, headers: dict, accept) -> None:
    h = {k: v for k, v in headers.items() if k != "Accept"} | ({"Accept": accept} if accept else {})
    answer = requests.get(f"{sim.url}/order/events", headers=h, timeout=5)
    assert answer.status_code == 406
    assert answer.json()["errors"][0]["code"] == "NotAcceptableException"


def test_a_body_in_plain_json_is_415(sim: RunningSimulator, headers: dict) -> None:
    answer = requests.patch(
        f"{sim.url}/sale/product-offers/1", json={"stock": {"available": 1}}, headers=headers, timeout=5
    )
    assert answer.status_code == 415
    assert answer.json()["errors"][0]["code"] == "NotSupportedException"


@pytest.mark.parametrize("authorization", [None, "Bearer forged", "Basic bG9jYWw6bG9jYWw="])
def test_a_bad_token_is_401_in_the_oauth_shape(sim: RunningSimulator, authorization) -> None:
    h = {"Accept": VENDOR} | ({"Authorization": authorization} if authorization else {})
    answer = requests.get(f"{sim.url}/me", headers=h, timeout=5)
    assert answer.status_code == 401 and set(answer.json()) == {"error", "error_description"}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/order/checkout-forms", {"offset": 9901, "limit": 100}, "offset"),
        ("/order/checkout-forms", {"limit": 101}, "limit"),
        ("/order/checkout-forms", {"status": "PAID"}, "status"),
        ("/order/checkout-forms", {"updatedAt.gte": "wczoraj"}, "updatedAt.gte"),
        ("/order/events", {"limit": 0}, "limit"),
        ("/order/events", {"type": "SHIPPED"}, "type"),
        ("/order/events", {"from": "abc"}, "from"),
        ("/sale/offers", {"external.id": ["x"] * 101}, "external.id"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(sim: RunningSimulator, headers: dict, path, params, field) -> None:
    answer = requests.get(f"{sim.url}{path}", params=params, headers=headers, timeout=5)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["path"] == field


def test_offset_plus_limit_of_exactly_ten_thousand_is_allowed(sim: RunningSimulator, headers: dict) -> None:
    answer = requests.get(
        f"{sim.url}/order/checkout-forms", params={"offset": 9900, "limit": 100}, headers=headers, timeout=5
    )
    assert answer.status_code == 200 and answer.json()["checkoutForms"] == []


def test_an_expired_access_token_is_refused_then_refresh_works(sim: RunningSimulator) -> None:
    token = _token(sim)
    h = {"Authorization": f"Bearer {token['access_token']}", "Accept": VENDOR}
    clock = sim.state.oauth.clock
    sim.state.oauth.clock = lambda: clock() + 3601
    try:
        expired = requests.get(f"{sim.url}/me", headers=h, timeout=5)
        assert (expired.status_code, expired.json()["error_description"]) == (401, "Access token expired")
        grant = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
        fresh = requests.post(
            f"{sim.url}/auth/oauth/token", auth=("local-client", "local-secret"), params=grant, timeout=5
        )
        h["Authorization"] = f"Bearer {fresh.json()['access_token']}"
        assert requests.get(f"{sim.url}/me", headers=h, timeout=5).status_code == 200
    finally:
        sim.state.oauth.clock = clock


def test_another_client_pair_can_be_configured(tmp_path) -> None:
    with start_simulator(client_id="simulator-client", client_secret="simulator-secret") as other:
        good = requests.post(f"{other.url}/auth/oauth/device", auth=("simulator-client", "simulator-secret"), timeout=5)
        bad = requests.post(f"{other.url}/auth/oauth/device", auth=("local-client", "local-secret"), timeout=5)
        assert (good.status_code, bad.status_code) == (200, 401)


def test_control_endpoints_drive_orders_and_faults(sim: RunningSimulator, headers: dict) -> None:
    before = requests.get(f"{sim.url}/_simulator/state", timeout=5).json()
    created = requests.post(f"{sim.url}/_simulator/orders", json={"count": 5}, timeout=5).json()["ids"]
    after = requests.get(f"{sim.url}/_simulator/state", timeout=5).json()
    assert after["orders_total"] == before["orders_total"] + 5 and after["events"] > before["events"]
    target = next(i for i in created if sim.state.store.get(i)["status"] != "CANCELLED")
    cancel = requests.post(f"{sim.url}/_simulator/orders/{target}/cancel", json={}, timeout=5)
    assert cancel.status_code == 200 and sim.state.store.get(target)["status"] == "CANCELLED"
    assert requests.post(f"{sim.url}/_simulator/orders/{target}/cancel", json={}, timeout=5).status_code == 422
    faults = requests.post(f"{sim.url}/_simulator/faults", json={"schedule": ["429"], "retry_after": 2}, timeout=5)
    assert faults.status_code == 200
    limited = requests.get(f"{sim.url}/me", headers=headers, timeout=5)
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "2")
    assert requests.get(f"{sim.url}/me", headers=headers, timeout=5).status_code == 200
    unknown = requests.post(f"{sim.url}/_simulator/faults", json={"lag": 1}, timeout=5)
    assert unknown.status_code == 422 and "lag" in unknown.json()["errors"][0]["message"]


def test_a_checkout_form_posted_as_given_is_served_as_given(sim: RunningSimulator, headers: dict) -> None:
    form = dict(next(iter(sim.state.store.forms.values())))
    form = {
        **form,
        "id": "7d1b5c9e-1111-4222-8333-444455556666",
        "status": "READY_FOR_PROCESSING",
        "messageToSeller": "Proszę o fakturę <b>VAT</b>\r\nDziękuję",
    }
    assert requests.post(f"{sim.url}/_simulator/orders", json=form, timeout=5).status_code == 201
    served = requests.get(f"{sim.url}/order/checkout-forms/{form['id']}", headers=headers, timeout=5).json()
    assert served == form
    latest = requests.get(
        f"{sim.url}/order/events", params={"type": "READY_FOR_PROCESSING", "limit": 1000}, headers=headers, timeout=5
    ).json()["events"][-1]
    assert latest["order"]["checkoutForm"]["id"] == form["id"]


def test_a_malformed_body_fault_cuts_the_json(sim: RunningSimulator, headers: dict) -> None:
    sim.state.set_faults(schedule=["malformed"])
    answer = requests.get(f"{sim.url}/me", headers=headers, timeout=5)
    with pytest.raises(ValueError):
        answer.json()


def test_latency_and_error_ratio_faults(sim: RunningSimulator, headers: dict) -> None:
    import time

    sim.state.set_faults(latency=0.15)
    started = time.perf_counter()
    requests.get(f"{sim.url}/me", headers=headers, timeout=5)
    assert time.perf_counter() - started >= 0.15
    sim.state.set_faults(latency=0.0, error_ratio=0.5, seed=1)
    statuses = [requests.get(f"{sim.url}/me", headers=headers, timeout=5).status_code for _ in range(40)]
    sim.state.set_faults(reset=True)
    assert 5 < statuses.count(503) < 35 and statuses.count(200) == 40 - statuses.count(503)


def test_a_rate_limit_window_blocks_every_call_and_says_how_long(sim: RunningSimulator, headers: dict) -> None:
    sim.state.set_faults(rate_limit_seconds=30)
    try:
        answers = [requests.get(f"{sim.url}/me", headers=headers, timeout=5) for _ in range(3)]
    finally:
        sim.state.set_faults(reset=True)
    assert [a.status_code for a in answers] == [429, 429, 429]
    assert all(28 <= int(a.headers["Retry-After"]) <= 30 for a in answers)
    assert requests.get(f"{sim.url}/me", headers=headers, timeout=5).status_code == 200


def test_a_form_posted_as_given_takes_stock_from_its_offers(sim: RunningSimulator) -> None:
    form = dict(next(iter(sim.state.store.forms.values())))
    item = form["lineItems"][0]
    offer = sim.state.offers.by_id[item["offer"]["id"]]
    before = offer.available
    sim.state.store_form({**form, "id": "7d1b5c9e-1111-4222-8333-000000000042", "lineItems": [item]})
    assert offer.available == max(0, before - item["quantity"])


def test_listings_stay_consistent_while_orders_arrive(sim: RunningSimulator, headers: dict) -> None:
    import threading

    stop = threading.Event()

    def grow() -> None:
        while not stop.is_set():
            sim.state.restock(3)  # purchases never take more than an offer has: the seller keeps restocking
            sim.state.add_orders(3)

    writer = threading.Thread(target=grow)
    writer.start()
    try:
        for _ in range(15):
            page = requests.get(
                f"{sim.url}/order/checkout-forms", params={"sort": "-updatedAt"}, headers=headers, timeout=5
            )
            assert page.status_code == 200
            forms = page.json()["checkoutForms"]
            assert [f["updatedAt"] for f in forms] == sorted((f["updatedAt"] for f in forms), reverse=True)
    finally:
        stop.set()
        writer.join()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"updatedAt": "wczoraj"}, "updatedAt"),
        ({"updatedAt": 1733212800}, "updatedAt"),
        ({"lineItems": [{"id": "li-x", "offer": {"id": "1", "name": "x"}, "quantity": 1, "boughtAt": "2026-13-45"}]},
         "lineItems[0].boughtAt"),
        ({"lineItems": "none"}, "lineItems"),
        ({"buyer": "anonymous"}, "buyer"),
        ({"lineItems": [{"id": "li-y", "offer": {"id": "1", "name": "x"}, "quantity": "two"}]},
         "lineItems[0].quantity"),
    ],
)  # fmt: skip
def test_a_posted_form_the_simulator_cannot_serve_is_answered_422_naming_the_field(
    sim: RunningSimulator, change: dict, field: str
) -> None:
    """It used to drop the connection without an answer (a ValueError deep in the listing index)."""
    form = {**next(iter(sim.state.store.forms.values())), "id": "7d1b5c9e-1111-4222-8333-0000000000aa", **change}
    answer = requests.post(f"{sim.url}/_simulator/orders", json=form, timeout=5)
    assert answer.status_code == 422
    assert field in answer.json()["errors"][0]["message"]
    assert sim.state.store.get(form["id"]) is None  # nothing half-stored
