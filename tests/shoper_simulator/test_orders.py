"""Orders: Shoper's required fields named in one Polish 400, references checked, a phone on addresses, the
read-only sum, string wire types and Warsaw dates, and DELETE giving the stock back."""

from __future__ import annotations

import re

REQUIRED = ("email", "status_id", "payment_id", "shipping_id", "user_id", "shipping_tax_id")


def test_an_empty_order_names_every_missing_field_in_one_polish_string(api) -> None:
    answer = api.post("orders", {})
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "invalid_request"
    expected = "; ".join(f"Wartość pola '{name}' jest niepoprawna: Pole wymagane" for name in REQUIRED)
    assert body["error_description"] == expected


def test_only_the_missing_fields_are_named(api) -> None:
    answer = api.post("orders", {"email": "a@example.pl", "status_id": 1, "payment_id": 1, "shipping_id": 2})
    assert answer.json()["error_description"] == (
        "Wartość pola 'user_id' jest niepoprawna: Pole wymagane; "
        "Wartość pola 'shipping_tax_id' jest niepoprawna: Pole wymagane"
    )


def test_user_id_0_and_unknown_references_are_refused(api) -> None:
    body = {"email": "a@example.pl", "status_id": 99, "payment_id": 1, "shipping_id": 2, "user_id": 0}
    answer = api.post("orders", {**body, "shipping_tax_id": 1})
    text = answer.json()["error_description"]
    assert answer.status_code == 400
    assert "Wartość pola 'user_id' jest niepoprawna: Nie znaleziono wartości '0'" in text
    assert "Wartość pola 'status_id' jest niepoprawna: Nie znaleziono wartości '99'" in text
    assert api.get("orders").json()["count"] == "0"


def test_an_address_needs_a_phone(api) -> None:
    user = api.user()
    answer = api.post(
        "orders",
        {
            "email": "a@example.pl",
            "status_id": 1,
            "payment_id": 1,
            "shipping_id": 2,
            "user_id": user,
            "shipping_tax_id": 1,
            "delivery_address": {"firstname": "Jan", "phone": ""},
        },
    )
    assert answer.status_code == 400 and "delivery_address.phone" in answer.json()["error_description"]


def test_a_created_order_reads_back_in_shopers_wire_types(api) -> None:
    user = api.user()
    answer = api.post(
        "orders",
        {
            "email": "jan.kowalski@example.pl",
            "status_id": 1,
            "payment_id": 3,
            "shipping_id": 2,
            "user_id": int(user),
            "shipping_tax_id": 1,
            "origin": 3,
            "notes_priv": "allegro:29f8a7c0-0000-11ee-8000-000000000001",
            "shipping_cost": "16.99",
            "code": "IDEMPOTENCY-KEY",
            "sum": "1.00",
            "billing_address": {"firstname": "Jan", "lastname": "Kowalski", "phone": "600100200", "city": "Łódź"},
        },
    )
    assert answer.status_code == 200 and isinstance(answer.json(), int)
    order = api.get(f"orders/{answer.json()}").json()
    assert order["order_id"] == str(answer.json()) and order["user_id"] == user
    assert order["origin"] == "3" and order["status_id"] == "1" and order["confirm"] == "0"
    assert order["notes_priv"] == "allegro:29f8a7c0-0000-11ee-8000-000000000001"
    assert order["sum"] == "16.99"  # read only: the lines (none yet) + shipping
    assert order["code"] == ""  # not round-tripped, as live
    assert order["is_paid"] is False and order["status"]["type"] == "1"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", order["date"])
    assert order["delivery_address"]["city"] == "Łódź"  # no delivery address: the billing one
    assert isinstance(order["total_products"], int)


def test_confirm_is_a_0_1_string_flag(api) -> None:
    user = api.user()
    answer = api.post(
        "orders",
        {"email": "a@example.pl", "status_id": 1, "payment_id": 1, "shipping_id": 2, "user_id": user}
        | {"shipping_tax_id": 1, "confirm": True},
    )
    assert answer.status_code == 400 and "'confirm'" in answer.json()["error_description"]


def test_the_sum_follows_the_lines_and_paid_makes_it_paid(api) -> None:
    order = api.order(api.user(), shipping_cost="10.00")
    api.post("order-products", {"order_id": order, "product_id": "1", "quantity": "2", "price": "29.99"})
    api.post("order-products", {"order_id": order, "stock_id": "3", "quantity": "1"})
    shown = api.get(f"orders/{order}").json()
    assert shown["sum"] == "88.48" and shown["total_products"] == 2  # 2 × 29.99 + 18.50 + 10.00
    assert api.put(f"orders/{order}", {"paid": "88.48", "status_id": 2}).json() == 1
    shown = api.get(f"orders/{order}").json()
    assert shown["is_paid"] is True and shown["status_id"] == "2" and shown["status"]["type"] == "2"


def test_put_checks_references_and_deleting_an_order_gives_its_stock_back(api) -> None:
    order = api.order(api.user())
    assert api.put(f"orders/{order}", {"status_id": 42}).status_code == 400
    before = api.stock("KUB-001")
    api.post("order-products", {"order_id": order, "product_id": "1", "quantity": 3})
    assert api.stock("KUB-001") == str(int(before) - 3)
    assert api.delete(f"orders/{order}").json() == 1
    assert api.stock("KUB-001") == before
    assert api.get(f"orders/{order}").status_code == 404
    assert api.get("order-products").json()["count"] == "0"
    assert api.delete(f"orders/{order}").status_code == 404


def test_orders_can_be_found_by_notes_priv(api) -> None:
    user = api.user()
    api.order(user, notes_priv="allegro:form-1")
    wanted = api.order(user, notes_priv="allegro:form-2")
    found = api.get("orders", params={"filters": '{"notes_priv": "allegro:form-2"}'}).json()
    assert [o["order_id"] for o in found["list"]] == [wanted]


def test_joined_blocks_are_not_filterable_but_computed_fields_are(api) -> None:
    order = api.order(api.user(), paid="0.00")
    api.post("order-products", {"order_id": order, "product_id": 1, "quantity": 1})
    assert api.get("orders", params={"filters": '{"auction.deal_id": "x"}'}).status_code == 404
    assert api.get("orders", params={"filters": '{"status.type": "1"}'}).status_code == 404
    assert api.get("orders", params={"filters": '{"total_products": 1}'}).json()["count"] == "1"
    assert api.get("orders", params={"filters": '{"sum": {">": 1000}}'}).json()["count"] == "0"
