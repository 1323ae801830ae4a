"""A simulator that has offers for some products, a SQLite shop with more, and a manifest allowing listing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from allegro.conftest import manifest_for
from simulator.openapi import SPEC_PATH, StrictSpec

from plugin.allegro.client import AllegroClient
from plugin.allegro.retry import FAST
from plugin.catalog_csv import Product
from plugin.manifest.model import Location, Manifest, SqliteBackend, SyncOptions
from plugin.simulator import RunningSimulator, start_simulator
from tests.sync.helpers import open_embedded

#: products the simulated seller already sells (one offer each, external.id = code)
ON_ALLEGRO = (
    Product("KUB-001", "Kubek ceramiczny „Kraków” 350 ml", 12, Decimal("29.99")),
    Product("HER-010", "Herbata liściasta Earl Grey 100 g", 30, Decimal("18.50")),
)
#: shop-only products: three to list, one without stock, one whose name is too short for Allegro
NEW_IN_SHOP = (
    Product("ŁÓŻ-110", "Pościel bawełniana 160×200 w jodełkę", 7, Decimal("139.00")),
    Product("ŚWI-130", "Świeca sojowa zapachowa\r\n„Jabłko z cynamonem”", 3, Decimal("34.5")),
    Product("ZES-270", "Zestaw prezentowy: kawa + kubek + czekolada " * 3, 1, Decimal("119.00")),
)
SOLD_OUT = Product("PŁA-060", "Płaszcz przeciwdeszczowy damski, rozmiar M", 0, Decimal("199.00"))
SHORT_NAME = Product("MIÓD-1", "Miód 1 kg", 5, Decimal("54.00"))
KRAKOW = Location(city="Kraków", postal_code="30-001", voivodeship="małopolskie")


def listing_manifest(url: str, folder: Path, *, location: Location | None = KRAKOW, enabled: bool = True) -> Manifest:
    base = manifest_for(url, folder / "tokens.json")
    return dataclasses.replace(
        base,
        shop=dataclasses.replace(base.shop, backend=SqliteBackend(folder / "shop.db")),
        location=location,
        sync=SyncOptions(list_products=enabled),
    )


def fill_shop(manifest: Manifest, products: tuple[Product, ...]) -> None:
    assert isinstance(manifest.shop.backend, SqliteBackend)
    shop = open_embedded(manifest.shop.backend.path, create=True)
    with shop.store.transaction():
        for p in products:
            shop.shop.upsert_product(p.code, p.name, p.stock, p.price)
    shop.close()


def offers_by_code(sim: RunningSimulator) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for offer in sim.state.snapshot()["offers"]:
        found.setdefault(offer["external_id"], []).append(offer)
    return found


@pytest.fixture
def sim() -> Iterator[RunningSimulator]:
    with start_simulator(products=list(ON_ALLEGRO), seed=3) as running:
        yield running


@pytest.fixture
def manifest(sim: RunningSimulator, tmp_path: Path) -> Manifest:
    made = listing_manifest(sim.url, tmp_path)
    fill_shop(made, (*ON_ALLEGRO, *NEW_IN_SHOP, SOLD_OUT, SHORT_NAME))
    return made


@pytest.fixture
def client(manifest: Manifest) -> AllegroClient:
    from plugin.allegro import open_client

    return open_client(manifest, policy=FAST)


@pytest.fixture(scope="session")
def spec() -> StrictSpec:
    assert SPEC_PATH.exists(), f"Allegro's OpenAPI spec subset is expected at {SPEC_PATH}"
    return StrictSpec()
