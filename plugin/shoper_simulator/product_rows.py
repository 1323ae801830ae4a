"""A product as the local Shoper stores it: the product, its translations and its basic stock row, alike whether
the shop was seeded from a catalogue or the product was created through the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plugin.shoper_simulator.wire import money, quantity


def stock_row(product_id: int, code: str, *, price: Decimal, stock: Decimal, ean: str = "") -> dict[str, Any]:
    """The product's basic (``default``) stock row; its ``stock_id`` is given when it is inserted."""
    return {
        "product_id": str(product_id),
        "extended": "0",
        "price": money(price),
        "active": "1",
        "default": "1",
        "stock": quantity(stock),
        "warn_level": "0",
        "sold": "0",
        "code": code,
        "ean": ean,
        "weight": "0.00",
        "availability_id": None,
        "delivery_id": "1",
        "gfx_id": None,
        "package": "0",
        "price_type": "1",
    }


def translation(
    product_id: int, name: str, *, short_description: str = "", description: str = "", active: str = "1"
) -> dict[str, Any]:
    return {
        "translation_id": str(product_id),
        "product_id": str(product_id),
        "name": name,
        "short_description": short_description,
        "description": description,
        "active": active,
        "lang_id": "1",
        "isdefault": "0",
        "seo_url": "",
        "permalink": "",
    }


def product_row(
    product_id: int,
    code: str,
    *,
    now: str,
    translations: dict[str, Any],
    category_id: str = "1",
    categories: tuple[int, ...] = (1,),
    tax_id: str = "1",
    pkwiu: str = "",
    ean: str = "",
) -> dict[str, Any]:
    return {
        "product_id": str(product_id),
        "type": "0",
        "producer_id": None,
        "group_id": None,
        "tax_id": tax_id,
        "category_id": category_id,
        "unit_id": "1",
        "add_date": now,
        "edit_date": now,
        "other_price": "0.00",
        "pkwiu": pkwiu,
        "code": code,
        "ean": ean,
        "currency_id": "1",
        "categories": list(categories),
        "translations": translations,
    }
