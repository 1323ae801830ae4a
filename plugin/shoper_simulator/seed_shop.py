"""The shop a fresh local Shoper starts with: Polish statuses, shippings, payments and taxes as a trial shop has
them, the shop settings (``application-config``), and products from a catalogue (CSV or built in).

Names live where Shoper keeps them: a status's name and a payment's title only in ``translations.pl_PL``, a
shipping's name at the top (and in its translations)."""

from __future__ import annotations

import random
import unicodedata
from decimal import Decimal
from typing import Any

from plugin.catalog_csv import Product
from plugin.shoper_simulator.product_rows import product_row, stock_row, translation

LANG = "pl_PL"

# status_id, name, type (1 new, 2 opened, 3 closed, 4 not completed), colour
STATUSES: tuple[tuple[int, str, int, str], ...] = (
    (1, "Złożone", 1, "#3fb4ff"),
    (2, "Przyjęte do realizacji", 2, "#ffb400"),
    (3, "Oczekiwanie na płatność", 2, "#ff8c00"),
    (4, "Oczekiwanie na dostawę", 2, "#c0a000"),
    (5, "W trakcie kompletowania", 2, "#a0a0ff"),
    (6, "Gotowe do wysyłki", 2, "#40c040"),
    (7, "Wysłane", 3, "#008000"),
    (8, "Zrealizowane", 3, "#006000"),
    (9, "Anulowane", 4, "#ff0000"),
    (10, "Odrzucone", 4, "#c00000"),
    (11, "Zwrócone", 4, "#800000"),
)

# tax_id, value, name (GET /taxes as seen live: three rows carry 0)
TAXES: tuple[tuple[int, str, str], ...] = (
    (1, "23", "23%"),
    (2, "8", "8%"),
    (3, "5", "5%"),
    (4, "0", "0%"),
    (5, "0", "zw."),
    (6, "0", "np."),
)

# payment_id, engine name, Polish title
PAYMENTS: tuple[tuple[int, str, str], ...] = (
    (1, "cod", "Płatność przy odbiorze"),
    (2, "transfer", "Przelew bankowy"),
    (3, "external", "Płatność Allegro"),
    (4, "przelewy24", "Przelewy24"),
    (5, "blik", "BLIK"),
)

# shipping_id, name, cost, engine, tax_id, payment ids
SHIPPINGS: tuple[tuple[int, str, str, str, int, tuple[int, ...]], ...] = (
    (1, "Odbiór osobisty", "0.00", "personal", 1, (1, 2, 4, 5)),
    (2, "Kurier DPD", "16.99", "apaczka", 1, (1, 2, 3, 4, 5)),
    (3, "Kurier InPost", "15.99", "apaczka", 1, (1, 2, 3, 4, 5)),
    (4, "Paczkomaty InPost", "12.99", "paczkomaty", 1, (2, 3, 4, 5)),
    (5, "Poczta Polska – list polecony", "9.50", "pocztaPolska", 1, (2, 3, 4)),
    (6, "Allegro One Box", "8.99", "pickupPoint", 1, (3,)),
)


def statuses() -> list[dict[str, Any]]:
    return [
        {
            "status_id": str(status_id),
            "active": "1",
            "default": "1" if status_id == 1 else "0",
            "color": colour,
            "type": str(kind),
            "email_change": "1",
            "order": str(status_id),
            "translations": {
                LANG: {
                    "trans_id": str(status_id),
                    "status_id": str(status_id),
                    "name": name,
                    "message": "",
                    "lang_id": "1",
                }
            },
        }
        for status_id, name, kind, colour in STATUSES
    ]


def taxes() -> list[dict[str, Any]]:
    return [{"tax_id": str(i), "value": value, "name": name} for i, value, name in TAXES]


def payments() -> list[dict[str, Any]]:
    return [
        {
            "payment_id": str(payment_id),
            "name": engine,
            "install": "0",
            "order": str(payment_id),
            "currencies": ["1"],
            "translations": {LANG: {"title": title, "description": "", "active": "1", "lang_id": "1", "notify": ""}},
        }
        for payment_id, engine, title in PAYMENTS
    ]


def shippings() -> list[dict[str, Any]]:
    return [
        {
            "shipping_id": str(shipping_id),
            "name": name,
            "description": "",
            "cost": cost,
            "depend_on_w": "0",
            "max_weight": "0",
            "min_weight": "0",
            "free_shipping": "0",
            "order": str(shipping_id),
            "tax_id": str(tax_id),
            "zone_id": "1",
            "is_default": "1" if shipping_id == 2 else "0",
            "active": "1",
            "engine": engine,
            "url": "",
            "payments": [{"payment_id": str(p)} for p in payment_ids],
            "translations": {LANG: {"name": name, "description": "", "lang_id": "1", "active": "1"}},
        }
        for shipping_id, name, cost, engine, tax_id, payment_ids in SHIPPINGS
    ]


def application_config() -> dict[str, Any]:
    """The settings the sync cares about, as strings like the rest of Shoper's answers."""
    return {
        "shop_name": "Sklep Symulowany",
        "shop_full_name": "Sklep Symulowany – lokalny Shoper",
        "shop_email": "sklep@example.pl",
        "shop_url": "http://localhost",
        "default_language_name": LANG,
        "default_language_id": "1",
        "default_currency_name": "PLN",
        "default_currency_id": "1",
        "shopping_update_stock_on_buy": "1",
        "shopping_allow_overselling": "1",
        "shopping_parcel_create_status_id": "6",
        "shopping_parcel_send_status_id": "7",
        "product_defaults_tax_id": "1",
        "warehouses_enabled": "0",
        "registration_require_address": "0",
        "shop_off": "0",
    }


def product_records(catalog: tuple[Product, ...], now: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Products and their one basic stock row each (``product_id`` n, ``stock_id`` n)."""
    products, stocks = [], []
    for number, item in enumerate(catalog, start=1):
        price, stock = item.price, Decimal(item.stock)
        stocks.append({"stock_id": str(number), **stock_row(number, item.code, price=price, stock=stock)})
        names = {LANG: translation(number, item.name)}
        products.append(product_row(number, item.code, now=now, translations=names))
    return products, stocks


FIRST_NAMES = ("Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Zofia", "Jan", "Piotr", "Krzysztof", "Łukasz", "Paweł")
LAST_NAMES = ("Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zieliński", "Szymańska")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode()


def customers(count: int, seed: int, now: str) -> list[dict[str, Any]]:
    """Customers the shop already has (registered in the shop, ``origin`` 0): the same ``seed``, the same ones."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    rows = []
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{_ascii(first).lower()}.{_ascii(last).lower()}{number}@example.pl"
        rows.append(
            {
                "login": email,
                "date_add": now,
                "lastvisit": None,
                "firstname": first,
                "lastname": last,
                "email": email,
                "group_id": "1",
                "active": "1",
                "newsletter": rng.choice(("0", "1")),
                "comment": "",
                "discount": "0.00",
                "origin": "0",
                "lang_id": "1",
            }
        )
    return rows
