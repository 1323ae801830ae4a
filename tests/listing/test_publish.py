"""``publish_products`` against the simulator over HTTP: only missing offers are created, never twice."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

import pytest

from listing.conftest import NEW_IN_SHOP, ON_ALLEGRO, SHORT_NAME, SOLD_OUT, fill_shop, offers_by_code
from plugin.allegro.client import AllegroClient
from plugin.allegro.retry import FAST
from plugin.catalog_csv import Product
from plugin.exceptions import ListingError
from plugin.manifest.model import Manifest
from plugin.simulator import RunningSimulator
from plugin.sync.listing import offer_body, offer_location, offer_name, publish, publish_products

NEW_CODES = {p.code for p in NEW_IN_SHOP}


def test_only_products_with_stock_and_no_offer_are_listed(sim: RunningSimulator, manifest: Manifest, client) -> None:
    before = offers_by_code(sim)
    report = publish(manifest, client=client)
    after = offers_by_code(sim)

    assert report.offers_created == len(NEW_IN_SHOP)
    assert report.offers_existing == len(ON_ALLEGRO)
    assert report.products_skipped == 1  # SOLD_OUT
    assert [f["code"] for f in report.failures] == [SHORT_NAME.code] and report.error_count == 1
    assert set(after) - set(before) == NEW_CODES  # neither the sold-out nor the short-named product
    assert all(after[code] == before[code] for code in before)  # existing offers untouched
    assert {c["code"] for c in report.created} == NEW_CODES
    for product in NEW_IN_SHOP:
        [offer] = after[product.code]
        assert offer["available"] == product.stock and offer["status"] == "ACTIVE"
        record = sim.state.offers.by_id[offer["id"]]
        assert record.price == product.price and record.name == offer_name(product.name)
        assert sim.state.offers.listed[offer["id"]].location == offer_location(manifest.location)


def test_a_second_run_creates_nothing(sim: RunningSimulator, manifest: Manifest, client) -> None:
    publish(manifest, client=client)
    after_first = offers_by_code(sim)
    again = publish(manifest, client=client)

    assert again.offers_created == 0
    assert again.offers_existing == len(ON_ALLEGRO) + len(NEW_IN_SHOP)
    assert offers_by_code(sim) == after_first


def test_an_offer_created_before_a_crash_is_found_not_duplicated(
    sim: RunningSimulator, manifest: Manifest, client: AllegroClient
) -> None:
    """The crashed run created the first offer and died before telling anyone: the rerun must find it."""
    crashed = NEW_IN_SHOP[0]
    made = client.create_product_offer(offer_body(crashed, offer_location(manifest.location)))
    report = publish(manifest, client=client)

    assert report.offers_created == len(NEW_IN_SHOP) - 1
    assert report.offers_existing == len(ON_ALLEGRO) + 1
    assert [o["id"] for o in offers_by_code(sim)[crashed.code]] == [made.id]
    assert all(len(offers) == 1 for offers in offers_by_code(sim).values())


def test_a_lost_answer_is_resolved_by_looking_the_product_up(
    sim: RunningSimulator, manifest: Manifest, tmp_path
) -> None:
    """The offer is created but the answer never arrives (read timeout): it is counted once, not retried."""
    from plugin.allegro import open_client

    client = open_client(manifest, policy=dataclasses.replace(FAST, read_timeout=0.3))
    client.me()
    sim.state.set_faults(schedule=[None, "timeout"], timeout_delay=0.6)  # the lookup, then the first create
    products = [p for p in NEW_IN_SHOP]
    report = publish_products(client, products, offer_location(manifest.location))

    assert report.offers_created == len(products) and report.error_count == 0
    assert all(len(offers_by_code(sim)[p.code]) == 1 for p in products)


def test_a_refused_create_is_an_error_and_the_next_run_lists_it(
    sim: RunningSimulator, manifest: Manifest, client: AllegroClient
) -> None:
    products = list(NEW_IN_SHOP)
    location = offer_location(manifest.location)
    sim.state.set_faults(schedule=[None, "503"])  # Allegro fails the first create without doing it
    first = publish_products(client, products, location)
    assert first.error_count == 1 and "503" in first.failures[0]["message"]
    assert first.offers_created == len(products) - 1
    assert products[0].code not in offers_by_code(sim)

    second = publish_products(client, products, location)
    assert (second.offers_created, second.offers_existing, second.error_count) == (1, len(products) - 1, 0)


def test_a_dry_run_counts_but_creates_nothing(sim: RunningSimulator, manifest: Manifest, client) -> None:
    before = offers_by_code(sim)
    report = publish(manifest, client=client, dry_run=True)

    assert report.dry_run and report.offers_created == len(NEW_IN_SHOP)
    assert {c["code"] for c in report.created} == NEW_CODES and all(c["offer_id"] == "" for c in report.created)
    assert offers_by_code(sim) == before
    assert report.api_calls == 1  # one lookup, no write


def test_accepted_creations_are_polled_until_active(sim: RunningSimulator, manifest: Manifest, client) -> None:
    sim.state.offers.accept_later = True  # 202 + operation, as Allegro answers when it is busy
    report = publish(manifest, client=client)

    assert report.offers_created == len(NEW_IN_SHOP)
    assert [f["code"] for f in report.failures] == [SHORT_NAME.code]
    for product in NEW_IN_SHOP:
        [offer] = offers_by_code(sim)[product.code]
        assert offer["status"] == "ACTIVE" and offer["available"] == product.stock
    # per offer: the POST, two polls of the operation (in progress, then 303) and the GET of the offer
    assert report.api_calls == 1 + 4 * len(NEW_IN_SHOP)


def test_api_calls_per_listed_product(sim: RunningSimulator, manifest: Manifest, client) -> None:
    """One lookup per 100 products, then one POST per product listed."""
    many = [Product(f"NOWY-{n:04d}", f"Produkt testowy numer {n:04d}", 1 + n % 5, Decimal("9.99")) for n in range(250)]
    fill_shop(manifest, tuple(many))
    report = publish(manifest, client=client)
    in_stock = len(ON_ALLEGRO) + len(NEW_IN_SHOP) + len(many) + 1  # + the short-named product
    created = len(NEW_IN_SHOP) + len(many)

    assert report.offers_created == created
    assert report.api_calls == math.ceil(in_stock / 100) + created


@pytest.mark.parametrize(
    ("changes", "needle"),
    [({"enabled": False}, "list_products: true"), ({"location": None}, "location:")],
)
def test_listing_needs_the_switch_and_a_location(sim: RunningSimulator, tmp_path, changes, needle) -> None:
    from listing.conftest import listing_manifest

    manifest = listing_manifest(sim.url, tmp_path, **changes)
    fill_shop(manifest, NEW_IN_SHOP)
    with pytest.raises(ListingError, match="add") as caught:
        publish(manifest)
    assert needle in str(caught.value)
    assert not set(offers_by_code(sim)) & NEW_CODES


def test_sold_out_products_are_skipped_even_without_an_offer(sim, manifest: Manifest, client) -> None:
    report = publish(manifest, client=client)
    assert SOLD_OUT.code not in offers_by_code(sim) and report.products_skipped == 1


def test_an_offer_still_activating_after_the_last_poll_is_returned_as_accepted(
    sim: RunningSimulator, manifest: Manifest
) -> None:
    """Allegro has it (a lookup finds it), so it is reported created, with the status it was accepted in."""
    from plugin.allegro import open_client

    client = open_client(manifest, policy=dataclasses.replace(FAST, max_polls=1))
    sim.state.offers.accept_later = True  # the simulator finishes on the second poll
    offer = client.create_product_offer(offer_body(NEW_IN_SHOP[0], offer_location(manifest.location)))
    assert offer.status == "ACTIVATING" and offer.external_id == NEW_IN_SHOP[0].code
    assert [o.id for o in client.offers_by_external_id([NEW_IN_SHOP[0].code])] == [offer.id]


def test_two_publish_runs_on_one_shop_do_not_overlap(sim: RunningSimulator, manifest: Manifest, client) -> None:
    from plugin.sync.listing import exclusive_publish

    with exclusive_publish(manifest.shop.backend.path), pytest.raises(ListingError, match="another"):
        publish(manifest, client=client)
    assert not set(offers_by_code(sim)) & NEW_CODES
