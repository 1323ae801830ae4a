"""Auth: a WebAPI user's Basic credentials give a bearer token; the static Token API works too; anything else
is Shoper's 401 with its envelope."""

from __future__ import annotations

import requests

from plugin.shoper_simulator import RunningShoper


def test_basic_credentials_give_a_bearer_token_that_works(shop: RunningShoper) -> None:
    answer = requests.post(f"{shop.api_url}/auth", auth=("local-webapi", "local-webapi-secret"), timeout=5)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"access_token", "expires_in", "token_type"}
    assert body["token_type"] == "bearer" and isinstance(body["expires_in"], int) and body["expires_in"] > 0
    listed = requests.get(
        f"{shop.api_url}/statuses", headers={"Authorization": f"Bearer {body['access_token']}"}, timeout=5
    )
    assert listed.status_code == 200 and listed.json()["count"] == "11"


def test_credentials_in_the_query_work_as_well(shop: RunningShoper) -> None:
    answer = requests.post(
        f"{shop.api_url}/auth", params={"client_id": "local-webapi", "client_secret": "local-webapi-secret"}, timeout=5
    )
    assert answer.status_code == 200 and answer.json()["access_token"]
    assert all("local-webapi-secret" not in str(entry) for entry in shop.requests())


def test_wrong_credentials_are_auth_failure(shop: RunningShoper) -> None:
    answer = requests.post(f"{shop.api_url}/auth", auth=("local-webapi", "wrong"), timeout=5)
    assert answer.status_code == 401
    assert answer.json()["error"] == "auth_failure" and answer.json()["error_description"]


def test_a_bad_or_missing_token_is_unauthorized_client(shop: RunningShoper) -> None:
    bad = requests.get(f"{shop.api_url}/orders", headers={"Authorization": "Bearer garbage"}, timeout=5)
    assert bad.status_code == 401
    assert bad.json() == {"error": "unauthorized_client", "error_description": "Provided access token is invalid"}
    missing = requests.get(f"{shop.api_url}/orders", timeout=5)
    assert missing.status_code == 401 and missing.json()["error"] == "unauthorized_client"


def test_expired_tokens_stop_working_but_the_static_token_stays(shop: RunningShoper) -> None:
    token = requests.post(f"{shop.api_url}/auth", auth=("local-webapi", "local-webapi-secret"), timeout=5).json()
    expired = requests.post(f"{shop.url}/_simulator/tokens/expire", timeout=5).json()
    assert expired == {"expired": 1}
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert requests.get(f"{shop.api_url}/orders", headers=headers, timeout=5).status_code == 401
    static = {"Authorization": "Bearer local-token-api"}
    assert requests.get(f"{shop.api_url}/orders", headers=static, timeout=5).status_code == 200


def test_unknown_paths_and_ids_answer_as_shoper_does(api) -> None:
    wrong_path = api.get("nonexistent/1")
    assert wrong_path.status_code == 400 and wrong_path.json()["error"] == "invalid_request"
    missing = api.get("products/999999999")
    assert missing.status_code == 404
    assert missing.json() == {"error": "invalid_request", "error_description": "Resource not found"}
    assert api.get("products/abc").status_code == 404


def test_a_body_that_is_not_json_is_a_400_with_the_envelope(api) -> None:
    answer = api("POST", "users", data=b"{not json", headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_request"


def test_areas_not_granted_are_refused_with_insufficient_scope(api, shop) -> None:
    granted = requests.post(f"{shop.url}/_simulator/scopes", json={"payments": "none", "users": "read"}, timeout=5)
    assert granted.json() == {"payments": "none", "users": "read"}
    refused = api.get("payments")
    assert refused.status_code == 403
    assert refused.json() == {
        "error": "insufficient_scope",
        "error_description": "The request requires higher privileges than provided by the access token",
    }
    assert api.get("users").status_code == 200 and api.post("users", {"email": "a@example.pl"}).status_code == 403
    item = api.post("bulk", [{"id": "p", "method": "GET", "path": "/webapi/rest/payments"}]).json()["items"][0]
    assert item["code"] == 403
    assert requests.post(f"{shop.url}/_simulator/scopes", json={"users": "all"}, timeout=5).status_code == 400
    requests.delete(f"{shop.url}/_simulator/scopes", timeout=5)
    assert api.get("payments").status_code == 200
