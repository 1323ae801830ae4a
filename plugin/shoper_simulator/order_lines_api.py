"""``order-products``: the lines of an order.

``order_id`` and ``quantity`` are required; the product comes from ``stock_id`` or ``product_id`` (its default
stock), or neither for a free line with its own ``name``. A line inherits name, code, price, tax and unit from
the product unless it brings its own (a price passes through untouched). With ``shopping_update_stock_on_buy``
on (the default, as on a live shop) creating a line lowers the stock at once; changing its quantity moves the
difference and deleting it (or its order) gives the stock back. A JSON boolean sent for a field is a 400:
Shoper's flags are the strings "0"/"1"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plugin.shoper_simulator.resource_spec import Record, ResourceSpec, body_object, require
from plugin.shoper_simulator.shop_state import ShoperState
from plugin.shoper_simulator.wire import Problems, decimal_of, is_blank, missing_value, money, quantity

BOOLEAN_FIELDS = ("special_offer_price",)  # the SDK types this one as a JSON boolean
TEXT_FIELDS = ("name", "code", "pkwiu", "option", "unit")
MOVES = "order-products:stock-moves"  # line id → (stock id, quantity taken), kept beside the tables


def _moves(state: ShoperState) -> dict[int, tuple[int, Decimal]]:
    return state.extras.setdefault(MOVES, {})


def _resolve(state: ShoperState, body: Record, problems: Problems) -> tuple[Record | None, Record | None]:
    """The product and stock row the line names (both None for a free line)."""
    product = stock = None
    if not _zero(body.get("stock_id")):
        stock = state.row("product-stocks", body["stock_id"])
        if stock is None:
            problems.add("stock_id", missing_value(body["stock_id"]))
    if not _zero(body.get("product_id")):
        product = state.row("products", body["product_id"])
        if product is None:
            problems.add("product_id", missing_value(body["product_id"]))
        elif stock is None and _zero(body.get("stock_id")):
            stock = state.default_stock(product["product_id"])
    if stock is not None and product is None:
        product = state.row("products", stock["product_id"])
    if product is not None and stock is not None and stock["product_id"] != product["product_id"]:
        problems.add("stock_id", f"Wariant '{stock['stock_id']}' nie należy do produktu '{product['product_id']}'")
    return product, stock


def _zero(value: Any) -> bool:
    return is_blank(value) or decimal_of(value) == 0


def _check(state: ShoperState, body: Record, problems: Problems) -> Decimal | None:
    for name, value in body.items():
        if isinstance(value, bool) and name not in BOOLEAN_FIELDS:
            problems.add(name, 'Niepoprawna wartość: oczekiwano "0" lub "1", a nie wartości logicznej')
    amount = None
    if "quantity" in body and not isinstance(body["quantity"], bool):
        amount = decimal_of(body["quantity"])
        if amount is None or amount <= 0:
            problems.add("quantity", "oczekiwano liczby większej od zera")
    if "price" in body and not isinstance(body["price"], bool):
        price = decimal_of(body["price"])
        if price is None or price < 0:
            problems.add("price", "oczekiwano kwoty ≥ 0")
    return amount


def create_line(state: ShoperState, body: Record) -> int:
    body = body_object(body)
    problems = Problems()
    require(body, ("order_id", "quantity"), problems)
    order = None
    if not is_blank(body.get("order_id")):
        order = state.row("orders", body["order_id"])
        if order is None:
            problems.add("order_id", missing_value(body["order_id"]))
    amount = _check(state, body, problems)
    product, stock = _resolve(state, body, problems)
    if product is None and stock is None and is_blank(body.get("name")):
        problems.add("name", "Pole wymagane dla pozycji spoza katalogu")
    problems.raise_any()
    assert order is not None and amount is not None
    tax = state.row("taxes", product["tax_id"]) if product else None
    name = product["translations"]["pl_PL"]["name"] if product else ""
    price = decimal_of(body["price"]) if "price" in body else Decimal(stock["price"]) if stock else Decimal(0)
    line: Record = {
        "order_id": order["order_id"],
        "product_id": product["product_id"] if product else "0",
        "stock_id": stock["stock_id"] if stock else "0",
        "price": money(price or Decimal(0)),
        "discount_perc": "0",
        "quantity": quantity(amount),
        "delivery_time": "0",
        "name": name,
        "code": stock["code"] if stock else "",
        "pkwiu": product.get("pkwiu", "") if product else "",
        "tax": tax["name"] if tax else "",
        "tax_value": tax["value"] if tax else "0",
        "unit": "szt.",
        "option": "",
        "unit_fp": "0",
        "weight": "0.00",
        "text_options": [],
        "file_options": [],
    }
    for field in TEXT_FIELDS:
        if field in body and body[field] is not None:
            line[field] = str(body[field])
    for field in ("tax", "tax_value"):
        if field in body and body[field] is not None:
            line[field] = str(body[field])
    number = state.insert("order-products", line)
    if stock is not None and state.config.get("shopping_update_stock_on_buy") == "1":
        state.move_stock(stock, -amount)
        _moves(state)[number] = (int(stock["stock_id"]), amount)
    recompute_sum(state, order)
    state.touch("orders", int(order["order_id"]))
    return number


def update_line(state: ShoperState, line: Record, body: Record) -> None:
    body = body_object(body)
    problems = Problems()
    amount = _check(state, body, problems)
    problems.raise_any()
    if amount is not None:
        moved = _moves(state).get(int(line["id"]))
        if moved:
            stock = state.tables["product-stocks"].get(moved[0])
            if stock is not None:
                state.move_stock(stock, moved[1] - amount)
            _moves(state)[int(line["id"])] = (moved[0], amount)
        line["quantity"] = quantity(amount)
    if "price" in body:
        line["price"] = money(decimal_of(body["price"]) or Decimal(0))
    for field in (*TEXT_FIELDS, "tax", "tax_value"):
        if field in body and body[field] is not None:
            line[field] = str(body[field])
    order = state.row("orders", line["order_id"])
    if order is not None:
        recompute_sum(state, order)
        state.touch("orders", int(order["order_id"]))
    state.touch("order-products", int(line["id"]))


def remove_line(state: ShoperState, line: Record) -> None:
    """Deletes a line and gives back the stock it took."""
    moved = _moves(state).pop(int(line["id"]), None)
    if moved:
        stock = state.tables["product-stocks"].get(moved[0])
        if stock is not None:
            state.move_stock(stock, moved[1])
    state.remove("order-products", int(line["id"]))
    order = state.row("orders", line["order_id"])
    if order is not None:
        recompute_sum(state, order)
        state.touch("orders", int(order["order_id"]))


def recompute_sum(state: ShoperState, order: Record) -> None:
    """``sum`` is read only: the lines (price × quantity) plus ``shipping_cost``."""
    lines = state.of_order("order-products", order["order_id"])
    total = sum((Decimal(line["price"]) * Decimal(line["quantity"]) for line in lines), Decimal(0))
    order["sum"] = money(total + Decimal(order["shipping_cost"]))


SPECS = {"order-products": ResourceSpec("order-products", "id", create_line, update_line, remove_line)}
