"""``products`` and ``product-stocks``.

A product carries its basic stock row as ``stock`` and its names in ``translations``; the stock row is the
variant grain (``PUT /product-stocks/{id} {"stock": N}`` sets an absolute level, no idempotency). A product
needs category_id, code, stock and translations on POST. ``code`` and ``category_id`` are not filterable on
``products`` (the shop answers 404, as observed live); filter ``product-stocks`` by ``code`` instead."""

from __future__ import annotations

import copy
from decimal import Decimal

from plugin.shoper_simulator.product_rows import product_row, stock_row, translation
from plugin.shoper_simulator.resource_spec import Record, ResourceSpec, body_object, check_flags, require
from plugin.shoper_simulator.shop_state import ShoperState
from plugin.shoper_simulator.wire import Problems, decimal_of, is_blank, missing_value, money, quantity

STOCK_FLAGS = ("active",)


def _check_stock(body: Record, problems: Problems, prefix: str = "") -> None:
    if "stock" in body and (decimal_of(body["stock"]) is None or decimal_of(body["stock"]) < 0):
        problems.add(f"{prefix}stock", "oczekiwano liczby ≥ 0")
    if "price" in body and (decimal_of(body["price"]) is None or decimal_of(body["price"]) < 0):
        problems.add(f"{prefix}price", "oczekiwano kwoty ≥ 0")
    check_flags(body, STOCK_FLAGS, problems)


def _apply_stock(state: ShoperState, stock: Record, body: Record) -> None:
    if "stock" in body:
        stock["stock"] = quantity(decimal_of(body["stock"]) or Decimal(0))
    if "price" in body:
        stock["price"] = money(decimal_of(body["price"]) or Decimal(0))
    for name in ("code", "ean", "active", "warn_level"):
        if name in body and body[name] is not None:
            stock[name] = str(body[name])
    state.touch("product-stocks", int(stock["stock_id"]))
    state.touch("products", int(stock["product_id"]))


def update_stock(state: ShoperState, stock: Record, body: Record) -> None:
    body = body_object(body)
    problems = Problems()
    _check_stock(body, problems)
    problems.raise_any()
    _apply_stock(state, stock, body)


def _check_product(state: ShoperState, body: Record, problems: Problems) -> None:
    if "category_id" in body and not is_blank(body["category_id"]) and str(body["category_id"]) != "1":
        problems.add("category_id", missing_value(body["category_id"]))
    if "tax_id" in body and state.row("taxes", body["tax_id"]) is None:
        problems.add("tax_id", missing_value(body["tax_id"]))
    if "stock" in body:
        if isinstance(body["stock"], dict):
            _check_stock(body["stock"], problems, "stock.")
        else:
            problems.add("stock", "oczekiwano obiektu")
    translations = body.get("translations")
    if "translations" in body and (
        not isinstance(translations, dict)
        or not translations
        or not all(isinstance(t, dict) and not is_blank(t.get("name")) for t in translations.values())
    ):
        problems.add("translations", 'oczekiwano {"pl_PL": {"name": …}}')


def create_product(state: ShoperState, body: Record) -> int:
    body = body_object(body)
    problems = Problems()
    require(body, ("category_id", "code", "stock", "translations"), problems)
    _check_product(state, body, problems)
    problems.raise_any()
    now = state.now()
    number = state.new_id("products")
    raw_stock = body["stock"]
    stock = stock_row(
        number,
        str(body["code"]),
        price=decimal_of(raw_stock.get("price", 0)) or Decimal(0),
        stock=decimal_of(raw_stock.get("stock", 0)) or Decimal(0),
        ean=str(raw_stock.get("ean") or ""),
    )
    translations = {
        lang: translation(
            number,
            str(t["name"]),
            short_description=str(t.get("short_description") or ""),
            description=str(t.get("description") or ""),
            active=str(t.get("active", "1")),
        )
        for lang, t in body["translations"].items()
    }
    product = product_row(
        number,
        str(body["code"]),
        now=now,
        translations=translations,
        category_id=str(body["category_id"]),
        categories=(int(decimal_of(body["category_id"]) or 1),),
        tax_id=str(body.get("tax_id") or state.config.get("product_defaults_tax_id", "1")),
        pkwiu=str(body.get("pkwiu") or ""),
        ean=stock["ean"],
    )
    state.insert("products", product, number)
    state.insert("product-stocks", stock)
    return number


def update_product(state: ShoperState, product: Record, body: Record) -> None:
    body = body_object(body)
    problems = Problems()
    _check_product(state, body, problems)
    problems.raise_any()
    for name in ("code", "pkwiu", "tax_id"):
        if name in body and body[name] is not None:
            product[name] = str(body[name])
    for lang, t in (body.get("translations") or {}).items():
        product["translations"].setdefault(lang, {"product_id": product["product_id"], "lang_id": "1"})
        product["translations"][lang].update({k: str(v) for k, v in t.items()})
    stock = state.default_stock(product["product_id"])
    if stock is not None:
        changes = dict(body.get("stock") or {})
        if "code" in body:
            changes["code"] = body["code"]
        _apply_stock(state, stock, changes)
    product["edit_date"] = state.now()
    state.touch("products", int(product["product_id"]))


def delete_product(state: ShoperState, product: Record) -> None:
    for stock in [s for s in state.rows("product-stocks") if s["product_id"] == product["product_id"]]:
        state.remove("product-stocks", int(stock["stock_id"]))
    state.remove("products", int(product["product_id"]))


def render_product(state: ShoperState, product: Record) -> Record:
    view = dict(product)
    stock = state.default_stock(product["product_id"])
    view["stock"] = copy.deepcopy(stock) if stock else None
    return view


SPECS = {
    "products": ResourceSpec(
        "products",
        "product_id",
        create_product,
        update_product,
        delete_product,
        render_product,
        unfilterable=frozenset({"code", "category_id"}),
    ),
    "product-stocks": ResourceSpec("product-stocks", "stock_id", None, update_stock),
}
