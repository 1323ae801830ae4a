"""A local Shoper per test with a bucket too big to matter (tests about the bucket make their own), and a
``requests`` session that talks to it with the static Token API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from plugin.shoper_simulator import RunningShoper, start_shoper_simulator

TOKEN = "local-token-api"


class Api:
    """Thin helper: paths are relative to ``/webapi/rest``; answers are ``requests.Response``."""

    def __init__(self, shop: RunningShoper) -> None:
        self.shop = shop
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {TOKEN}"

    def __call__(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 5)
        return self.session.request(method, f"{self.shop.api_url}/{path.lstrip('/')}", **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self("POST", path, json=body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self("PUT", path, json=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self("DELETE", path, **kwargs)

    def user(self, email: str = "jan.kowalski@example.pl") -> str:
        answer = self.post("users", {"email": email, "firstname": "Jan", "lastname": "Kowalski"})
        assert answer.status_code == 200, answer.text
        return str(answer.json())

    def order(self, user_id: str, **fields: Any) -> str:
        body = {
            "email": "jan.kowalski@example.pl",
            "status_id": "1",
            "payment_id": "3",
            "shipping_id": "2",
            "user_id": user_id,
            "shipping_tax_id": "1",
            "billing_address": {"firstname": "Jan", "lastname": "Kowalski", "phone": "+48 600 100 200"},
            **fields,
        }
        answer = self.post("orders", body)
        assert answer.status_code == 200, answer.text
        return str(answer.json())

    def stock(self, code: str) -> str:
        listed = self.get("product-stocks", params={"filters": f'{{"code": "{code}"}}'}).json()["list"]
        assert len(listed) == 1
        return listed[0]["stock"]


@pytest.fixture
def shop() -> Iterator[RunningShoper]:
    with start_shoper_simulator(bucket_size=10_000, drain=10_000) as running:
        yield running


@pytest.fixture
def api(shop: RunningShoper) -> Iterator[Api]:
    client = Api(shop)
    yield client
    client.session.close()
