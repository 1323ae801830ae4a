"""Order lines: required fields, what a line inherits from its product, stock lowered the moment a line is
created (``shopping_update_stock_on_buy``), and JSON booleans refused."""

from __future__ import annotations

import requests


def test_order_id_and_quantity_are_required(api) -> None:
    answer = api.post("order-products", {})
    assert answer.status_code == 400
    assert answer.json()["error_description"].startswith(
        "Wartość pola 'order_id' jest niepoprawna: Pole wymagane; "
        "Wartość pola 'quantity' jest niepoprawna: Pole wymagane"
    )
    missing_order = api.post("order-products", {"order_id": 77, "product_id": 1, "quantity": 1})
    assert "Nie znaleziono wartości '77'" in missing_order.json()["error_description"]


def test_a_line_inherits_from_its_product_and_lowers_stock_at_once(api) -> None:
    order = api.order(api.user())
    before = api.stock("KAW-020")
    line_id = api.post("order-products", {"order_id": order, "product_id": 4, "quantity": 2}).json()
    assert api.stock("KAW-020") == str(int(before) - 2)
    line = api.get(f"order-products/{line_id}").json()
    assert line["name"] == "Kawa ziarnista 100% arabika 1 kg" and line["code"] == "KAW-020"
    assert line["price"] == "89.00" and line["tax"] == "23%" and line["tax_value"] == "23"
    assert line["quantity"] == "2" and line["stock_id"] == "4" and line["order_id"] == order


def test_a_given_price_passes_through_and_a_stock_id_names_the_product(api) -> None:
    order = api.order(api.user())
    line_id = api.post("order-products", {"order_id": order, "stock_id": 2, "quantity": 1, "price": 49.5}).json()
    line = api.get(f"order-products/{line_id}").json()
    assert line["price"] == "49.50" and line["product_id"] == "2" and line["code"] == "KUB-002"


def test_json_booleans_are_refused_where_flags_are_strings(api) -> None:
    order = api.order(api.user())
    before = api.stock("KUB-001")
    answer = api.post("order-products", {"order_id": order, "product_id": 1, "quantity": 1, "unit_fp": True})
    assert answer.status_code == 400 and "'unit_fp'" in answer.json()["error_description"]
    assert api.stock("KUB-001") == before


def test_a_free_line_needs_a_name_and_moves_no_stock(api) -> None:
    order = api.order(api.user())
    assert api.post("order-products", {"order_id": order, "quantity": 1}).status_code == 400
    answer = api.post("order-products", {"order_id": order, "quantity": 1, "name": "Grawer", "price": "5.00"})
    assert answer.status_code == 200
    assert api.get(f"orders/{order}").json()["sum"] == "5.00"


def test_with_stock_on_buy_off_lines_leave_stock_alone(api, shop) -> None:
    requests.post(f"{shop.url}/_simulator/config", json={"shopping_update_stock_on_buy": "0"}, timeout=5)
    assert api.get("application-config").json()["shopping_update_stock_on_buy"] == "0"
    order = api.order(api.user())
    before = api.stock("KUB-001")
    line_id = api.post("order-products", {"order_id": order, "product_id": 1, "quantity": 5}).json()
    assert api.stock("KUB-001") == before
    api.delete(f"order-products/{line_id}")
    assert api.stock("KUB-001") == before  # nothing was taken, nothing comes back


def test_changing_or_deleting_a_line_moves_the_difference(api) -> None:
    order = api.order(api.user())
    before = int(api.stock("HER-010"))
    line_id = api.post("order-products", {"order_id": order, "product_id": 3, "quantity": 4}).json()
    assert api.put(f"order-products/{line_id}", {"quantity": 1}).json() == 1
    assert api.stock("HER-010") == str(before - 1)
    assert api.delete(f"order-products/{line_id}").json() == 1
    assert api.stock("HER-010") == str(before)


def test_quantity_must_be_positive(api) -> None:
    order = api.order(api.user())
    answer = api.post("order-products", {"order_id": order, "product_id": 1, "quantity": 0})
    assert answer.status_code == 400 and "'quantity'" in answer.json()["error_description"]
