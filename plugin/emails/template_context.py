"""The template context: the contract between the engine (which builds it) and the templates.

Every key is always present (``None`` when unknown) so ``StrictUndefined`` only catches typos. Money is a
decimal string, times are ISO-8601 UTC strings. ``sample_context`` is what ``validate`` and
``emails preview --sample`` render: realistic Polish data touching every optional branch of the templates.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

from plugin.manifest.model import Manifest

TOP_LEVEL_KEYS: tuple[str, ...] = ("shop", "order", "buyer", "delivery", "items", "totals", "customer")

_SAMPLE: dict[str, Any] = {
    "shop": {
        "name": "Sklep Przykładowy",
        "url": "https://sklep.example.pl",
        "logo_url": "https://sklep.example.pl/logo.png",
        "email": "kontakt@sklep.example.pl",
    },
    "order": {
        "number": "1042",
        "allegro_checkout_form_id": "29738e61-7f6a-11e8-ac45-09db60ede9d6",
        "created_at": "2026-11-28T13:05:00Z",
        "status": "new",
        "source": "allegro",
        "archival": False,
        "payment_method": "Płatność Allegro (PayU)",
        "shipping_method": "Allegro Paczkomaty InPost",
        "message_to_seller": "Proszę o zapakowanie na prezent.",
        "currency": "PLN",
    },
    "buyer": {
        "first_name": "Zażółć",
        "last_name": "Gęślą-Jaźń",
        "company": "Łódzka Spółka Handlowa sp. z o.o.",
        "email": "a1b2c3+d4e5@allegromail.pl",
        "login": "jazn_1984",
        "phone": "+48 600 100 200",
        "tax_id": "7251234567",
        "invoice_address": "ul. Piotrkowska 104, 90-926 Łódź",
    },
    "delivery": {
        "method": "Allegro Paczkomaty InPost",
        "cost": "12.99",
        "address": {
            "first_name": "Zażółć",
            "last_name": "Gęślą-Jaźń",
            "company": None,
            "street": "ul. Piotrkowska 104/12",
            "city": "Łódź",
            "postal_code": "90-926",
            "country_code": "PL",
            "phone": "+48 600 100 200",
        },
        "pickup_point": {"id": "LOD42M", "name": "Paczkomat LOD42M", "address": "ul. Zielona 5, 90-601 Łódź"},
    },
    "items": [
        {"name": "Kubek „Kraków” 330 ml", "code": "KUB-330", "quantity": 2, "unit_price": "29.90", "total": "59.80"},
        {
            "name": "Ekspres do kawy Ciśnieniak",
            "code": None,
            "quantity": 1,
            "unit_price": "1174.71",
            "total": "1174.71",
        },
    ],
    "totals": {"items": "1234.51", "delivery": "12.99", "total": "1247.50"},
    "customer": {
        "email": "a1b2c3+d4e5@allegromail.pl",
        "first_name": "Zażółć",
        "set_password_url": "https://sklep.example.pl/konto/haslo?token=sample",
    },
}


def sample_context(manifest: Manifest | None = None) -> dict[str, Any]:
    """A complete example context (a fresh copy), branded with the manifest's shop when given.

    With a manifest, the set-password link is the one real emails carry (``shop.account_url``, or none: then the
    email points to "forgot password" on the shop's site), so ``emails preview --sample`` shows the truth."""
    context = copy.deepcopy(_SAMPLE)
    if manifest is not None:
        context["shop"] = shop_context(manifest)
        context["customer"]["set_password_url"] = manifest.shop.account_url
    return context


def shop_context(manifest: Manifest) -> dict[str, Any]:
    """The ``shop`` part of the context, from the manifest."""
    return {
        "name": manifest.shop.name,
        "url": manifest.shop.url,
        "logo_url": manifest.shop.logo_url,
        "email": reply_to_address(manifest),
    }


def reply_to_address(manifest: Manifest) -> str:
    """The shop's public address: ``shop.email``, else ``email.reply_to``, else ``email.sender``."""
    email = manifest.email
    return manifest.shop.email or (email.reply_to if email else None) or (email.sender if email else "")


def shop_domain(manifest: Manifest) -> str:
    """The domain Message-IDs are made in: the shop URL's host, else the sender address's domain."""
    host = urlsplit(manifest.shop.url).hostname
    if host:
        return host
    sender = manifest.email.sender if manifest.email else ""
    return sender.rpartition("@")[2] or "localhost"
