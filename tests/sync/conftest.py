"""Fixtures for engine tests: a hand-built manifest, a shop with a small catalog, an in-memory Allegro."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from plugin.manifest.model import Manifest
from tests.sync.fake_allegro import FakeAllegro
from tests.sync.helpers import Embedded, make_manifest, make_shop


@pytest.fixture
def manifest(tmp_path) -> Manifest:
    return make_manifest(tmp_path)


@pytest.fixture
def shop(manifest) -> Iterator[Embedded]:
    shop = make_shop(manifest)
    yield shop
    shop.close()


@pytest.fixture
def allegro() -> FakeAllegro:
    return FakeAllegro()


def recent_form(**overrides) -> dict:
    """A fixed, realistic checkout form (Polish names, a parcel locker, HTML in the message) bought just now."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    form = {
        "id": "29738e61-7f6a-11e8-ac45-09db60ede9d6",
        "messageToSeller": "<b>Proszę</b> o fakturę\r\nBcc: x@evil.pl",
        "buyer": {
            "id": "7",
            "email": "a8f3k2+7@allegromail.pl",
            "login": "Zażółć_7",
            "firstName": "Zażółć",
            "lastName": "Gęślą",
            "guest": False,
            "phoneNumber": "+48600100200",
        },
        "payment": {"id": "p-1", "type": "ONLINE", "provider": "P24"},
        "status": "READY_FOR_PROCESSING",
        "delivery": {
            "address": {
                "firstName": "Jan",
                "lastName": "Kowalski",
                "street": "Grunwaldzka 182",
                "city": "Poznań",
                "zipCode": "60-166",
                "countryCode": "PL",
            },
            "method": {"id": "inpost", "name": "Allegro Paczkomaty InPost"},
            "pickupPoint": {"id": "POZ08A", "name": "Paczkomat POZ08A"},
            "cost": {"amount": "9.99", "currency": "PLN"},
        },
        "invoice": {"required": False},
        "lineItems": [],
        "summary": {"totalToPay": {"amount": "9.99", "currency": "PLN"}},
        "updatedAt": now,
        "revision": "r0",
    }
    form.update(overrides)
    return form
