"""``POST /sale/product-offers`` on the simulator: Allegro's refusals, and every exchange of a publish run
(the client's bodies and the simulator's answers) checked against Allegro's OpenAPI spec."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import requests

from listing.conftest import KRAKOW, NEW_IN_SHOP
from plugin.allegro.transport import VENDOR_JSON
from plugin.simulator import RunningSimulator
from plugin.sync.listing import offer_body, offer_location, publish

BODY = offer_body(NEW_IN_SHOP[0], offer_location(KRAKOW))


def _post(sim: RunningSimulator, token: str, body: Any, content_type: str = VENDOR_JSON) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}", "Accept": VENDOR_JSON, "Content-Type": content_type}
    data = json.dumps(body).encode() if not isinstance(body, bytes) else body
    return requests.post(f"{sim.url}/sale/product-offers", data=data, headers=headers, timeout=5)


def _without(path: str) -> dict:
    body = copy.deepcopy(BODY)
    *parents, last = path.split(".")
    target = body
    for part in parents:
        target = target[part]
    del target[last]
    return body


def _token(client) -> str:
    return client.transport.tokens.access_token()


def test_plain_json_is_refused_with_415(sim: RunningSimulator, client) -> None:
    offers = len(sim.state.offers.offers)
    answer = _post(sim, _token(client), BODY, content_type="application/json")
    assert answer.status_code == 415
    assert answer.json()["errors"][0]["code"] == "NotSupportedException"
    assert len(sim.state.offers.offers) == offers and not sim.state.offers.listed


@pytest.mark.parametrize(
    ("body", "path"),
    [
        (_without("name"), "name"),
        (_without("sellingMode.price"), "sellingMode.price"),
        (_without("stock"), "stock"),
        (_without("location"), "location"),
        ({**BODY, "name": "Za krótki"}, "name"),
        ({**BODY, "stock": {"available": 0}}, "stock.available"),
        ({**BODY, "sellingMode": {"format": "BUY_NOW", "price": {"amount": "0.00", "currency": "PLN"}}}, None),
        ({**BODY, "location": {**BODY["location"], "province": "MAŁOPOLSKIE"}}, "location.province"),
        ({**BODY, "location": {**BODY["location"], "postCode": "30001"}}, "location.postCode"),
    ],
)
def test_a_body_allegro_would_refuse_gets_422_naming_the_field(sim, client, spec, body, path) -> None:
    answer = _post(sim, _token(client), body)
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    paths = [e["path"] for e in errors]
    assert path in paths if path else any(p.startswith("sellingMode.price") for p in paths)
    assert all(e["message"] and e["userMessage"] for e in errors)
    assert spec.response_problems("POST", "/sale/product-offers", 422, answer.json(), VENDOR_JSON) == []
    assert not sim.state.offers.listed  # nothing was created


def test_every_problem_is_reported_at_once(sim, client) -> None:
    answer = _post(sim, _token(client), {"external": {"id": "X"}})
    paths = {e["path"] for e in answer.json()["errors"]}
    assert {"name", "sellingMode.price", "stock", "location"} <= paths


def test_a_body_that_is_not_json_is_refused(sim, client) -> None:
    assert _post(sim, _token(client), b"{not json").status_code == 422


@pytest.mark.parametrize("accept_later", [False, True])
def test_every_exchange_of_a_publish_matches_the_spec(sim, manifest, client, spec, accept_later) -> None:
    sim.state.offers.accept_later = accept_later
    sim.state.recording = []
    report = publish(manifest, client=client)
    recorded, sim.state.recording = list(sim.state.recording), None
    api = [e for e in recorded if not e["path"].startswith(("/auth/", "/_simulator/"))]

    posts = [e for e in api if e["method"] == "POST"]
    assert len(posts) == report.offers_created == len(NEW_IN_SHOP)
    assert {e["status"] for e in posts} == ({202} if accept_later else {201})
    problems = []
    for e in api:
        problems += spec.request_problems(e["method"], e["path"], e["query"], e["body"])
        problems += spec.response_problems(e["method"], e["path"], e["status"], e["response"], e["content_type"])
    assert problems == []
    if accept_later:
        assert {e["status"] for e in api if "/operations/" in e["path"]} == {202, 303}
