"""Listing shop products on Allegro (``sync.list_products``): every product in stock without an offer gets one.

An offer is found by ``external.id`` = product code, and Allegro has no idempotency key for creating offers, so
the lookup *is* the safety: the products are looked up (100 codes per call) right before creating, and a create
whose answer was lost is looked up again at once. A run repeated after a crash therefore finds the offers the
crashed run made instead of listing the products twice. One ``offers publish`` per shop runs at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plugin.allegro.client import PROVINCES
from plugin.catalog_csv import Product
from plugin.exceptions import AllegroAPIError, AuthError, ListingError
from plugin.locks import held_or_refused
from plugin.manifest.model import Location, Manifest

if TYPE_CHECKING:
    from plugin.allegro.client import AllegroClient
    from plugin.shop.port import ShopPort

NAME_MIN, NAME_MAX = 12, 75  # Allegro's offer title length (SaleProductOfferRequestBase.name)
CITY_MAX = 50  # Location.city
EXTERNAL_ID_MAX = 100  # ExternalId.id
MAX_LISTED = 100  # created offers and failures listed one by one; the counts stay exact
_NOT_PRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")

Progress = Callable[[int, int], None]  # (products done, products to create)


def province_of(voivodeship: str) -> str:
    """The manifest's voivodeship as Allegro's province: ``małopolskie`` → ``MALOPOLSKIE``,
    ``kujawsko-pomorskie`` → ``KUJAWSKO_POMORSKIE`` (upper case, no diacritics, ``-`` as ``_``)."""
    folded = unicodedata.normalize("NFKD", voivodeship.strip().replace("ł", "l").replace("Ł", "L"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    province = re.sub(r"[\s-]+", "_", plain).upper()
    if province not in PROVINCES:
        raise ListingError(
            f"location.voivodeship {voivodeship!r} is not a Polish voivodeship; write one of them in lower case "
            "with diacritics, e.g. małopolskie, śląskie, kujawsko-pomorskie"
        )
    return province


def offer_location(location: Location) -> dict[str, str]:
    """Allegro's offer ``location`` for the manifest's ``location:`` section."""
    city = " ".join(_NOT_PRINTABLE.sub(" ", location.city).split())
    if not 1 <= len(city) <= CITY_MAX:
        raise ListingError(f"location.city must have 1 to {CITY_MAX} characters for Allegro; shorten {city!r}")
    return {
        "city": city,
        "countryCode": "PL",
        "postCode": location.postal_code,
        "province": province_of(location.voivodeship),
    }


def offer_name(name: str) -> str:
    """A shop name as an Allegro title: control and invisible characters dropped, whitespace (CR, LF, tabs)
    collapsed to single spaces, cut to 75 characters at a word boundary when it is longer."""
    clean = " ".join(_NOT_PRINTABLE.sub(" ", unicodedata.normalize("NFC", name)).split())
    if len(clean) <= NAME_MAX:
        return clean
    at_word = clean[: NAME_MAX + 1].rsplit(" ", 1)[0]
    return at_word if NAME_MIN <= len(at_word) <= NAME_MAX else clean[:NAME_MAX].rstrip()


def product_problem(product: Product) -> str | None:
    """Why Allegro would refuse an offer for this product, as a fix for the shop, or ``None``."""
    name = offer_name(product.name)
    if len(name) < NAME_MIN:
        return (
            f"its name {name!r} has {len(name)} characters; Allegro needs a title of {NAME_MIN} to {NAME_MAX} — "
            "lengthen the product name in the shop"
        )
    if not product.price.is_finite() or product.price <= 0:
        return f"its price {product.price} is not above 0 PLN; set a price in the shop"
    if len(product.code) > EXTERNAL_ID_MAX:
        return f"its code has {len(product.code)} characters; Allegro's external.id takes at most {EXTERNAL_ID_MAX}"
    return None


def offer_body(product: Product, location: dict[str, str]) -> dict[str, Any]:
    """The ``POST /sale/product-offers`` body: an active BUY_NOW offer for the product's whole stock."""
    return {
        "name": offer_name(product.name),
        "external": {"id": product.code},
        "sellingMode": {"format": "BUY_NOW", "price": {"amount": f"{product.price:.2f}", "currency": "PLN"}},
        "stock": {"available": product.stock, "unit": "UNIT"},
        "location": dict(location),
        "publication": {"status": "ACTIVE"},
        "language": "pl-PL",
    }


def shop_products(shop: ShopPort) -> list[Product]:
    """Every product of the shop, by code."""
    return sorted(shop.products(), key=lambda product: product.code)


@dataclass
class ListingReport:
    """What ``offers publish`` did (or, with ``dry_run``, would do); ``to_json`` is its ``--format json``."""

    dry_run: bool = False
    offers_created: int = 0
    offers_existing: int = 0
    products_skipped: int = 0  # no stock: nothing to sell
    created: list[dict[str, str]] = field(default_factory=list)  # {code, offer_id} (offer_id empty in a dry run)
    failures: list[dict[str, str]] = field(default_factory=list)  # {code, message}
    error_count: int = 0
    api_calls: int = 0

    def add_created(self, code: str, offer_id: str) -> None:
        self.offers_created += 1
        if len(self.created) < MAX_LISTED:
            self.created.append({"code": code, "offer_id": offer_id})

    def fail(self, code: str, message: str) -> None:
        self.error_count += 1
        if len(self.failures) < MAX_LISTED:
            self.failures.append({"code": code, "message": message})

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "offers_created": self.offers_created,
            "offers_existing": self.offers_existing,
            "products_skipped": self.products_skipped,
            "errors": self.error_count,
            "created": self.created,
            "failures": self.failures,
            "api_calls": self.api_calls,
        }


def listing_location(manifest: Manifest) -> dict[str, str]:
    """The offers' location, once the manifest allows listing; otherwise says what to add."""
    where = f"{manifest.source}: " if manifest.source else ""
    if not manifest.sync.list_products:
        raise ListingError(
            f"{where}listing is switched off; add `list_products: true` under sync: to list shop products on Allegro"
        )
    if manifest.location is None:
        raise ListingError(
            f"{where}offers need the shop's location; add a location: section, e.g. "
            "`location: {city: Kraków, postal_code: 30-001, voivodeship: małopolskie}`"
        )
    return offer_location(manifest.location)


def _create(client: AllegroClient, product: Product, body: dict[str, Any], report: ListingReport) -> None:
    """One create; when its answer is lost (no answer, 5xx, a broken body) the product is looked up again."""
    try:
        report.add_created(product.code, client.create_product_offer(body).id)
        return
    except AuthError:
        raise
    except AllegroAPIError as exc:
        error = exc
    if error.status is not None and 400 <= error.status < 500:
        report.fail(product.code, str(error))
        return
    try:
        found = [o for o in client.offers_by_external_id([product.code]) if o.external_id == product.code]
    except AllegroAPIError as exc:
        report.fail(product.code, f"{error}; checking whether it was created failed too ({exc}) — run again")
        return
    if found:
        report.add_created(product.code, found[0].id)
    else:
        report.fail(product.code, str(error))


def publish_products(
    client: AllegroClient,
    products: Sequence[Product],
    location: dict[str, str],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ListingReport:
    """Creates an offer for every product with stock and no offer (matched by ``external.id`` = code)."""
    report = ListingReport(dry_run=dry_run)
    calls_before = client.calls
    in_stock = [p for p in products if p.stock > 0]
    report.products_skipped = len(products) - len(in_stock)
    listed = {o.external_id for o in client.offers_by_external_id([p.code for p in in_stock])}
    missing = [p for p in in_stock if p.code not in listed]
    report.offers_existing = len(in_stock) - len(missing)
    for done, product in enumerate(missing, 1):
        problem = product_problem(product)
        if problem:
            report.fail(product.code, f"cannot be listed: {problem}")
        elif dry_run:
            report.add_created(product.code, "")
        else:
            _create(client, product, offer_body(product, location), report)
        if progress:
            progress(done, len(missing))
    report.api_calls = client.calls - calls_before
    return report


def exclusive_publish(shop_path: Path) -> AbstractContextManager[None]:
    """One ``offers publish`` per shop at a time: two would both see a product unlisted and both list it."""
    return held_or_refused(
        shop_path.with_name(shop_path.name + ".publish-lock"),
        ListingError(
            f"another `allegro-sync offers publish` is listing the products of {shop_path}; wait for it to end"
        ),
    )


def publish(
    manifest: Manifest,
    *,
    dry_run: bool = False,
    client: AllegroClient | None = None,
    progress: Progress | None = None,
) -> ListingReport:
    """``offers publish``: checks the manifest, opens the shop and Allegro, lists what is missing."""
    from plugin.shop.backends import open_shop
    from plugin.store.open_store import copy_store

    location = listing_location(manifest)
    store = copy_store(manifest)  # listing reads the shop's products; it writes nothing there
    try:
        shop = open_shop(manifest, store)
        with exclusive_publish(store.path):
            products = shop_products(shop)
            shop.close()
            if client is None:
                from plugin.allegro.connect import open_client

                client = open_client(manifest)
            return publish_products(client, products, location, dry_run=dry_run, progress=progress)
    finally:
        store.close()
