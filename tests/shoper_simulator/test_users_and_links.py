"""Users (unique emails) and auction-orders (one per order, no DELETE)."""

from __future__ import annotations

from plugin.shoper_simulator import start_shoper_simulator
from shoper_simulator.conftest import Api


def test_the_shop_can_start_with_customers_drawn_from_the_seed() -> None:
    def emails(seed: int) -> list[str]:
        with start_shoper_simulator(customers=4, seed=seed) as shop:
            users = Api(shop).get("users").json()
            assert users["count"] == "4" and shop.snapshot()["users"] == users["list"]
            shop.reset()  # a reset brings the same customers back
            return [u["email"] for u in Api(shop).get("users").json()["list"]]

    assert emails(1) == emails(1) != emails(2)
    assert all(email.endswith("@example.pl") and email.isascii() for email in emails(3))


def test_a_second_user_with_the_same_email_is_refused(api) -> None:
    first = api.post("users", {"email": "ewa@example.pl", "firstname": "Ewa"})
    assert first.status_code == 200 and isinstance(first.json(), int)
    again = api.post("users", {"email": "EWA@example.pl", "firstname": "Ewa2"})
    assert again.status_code == 400
    assert again.json() == {
        "error": "invalid_request",
        "error_description": "Wartość pola 'email' jest niepoprawna: Wartość 'EWA@example.pl' już istnieje",
    }
    found = api.get("users", params={"filters[email]": "ewa@example.pl"}).json()
    assert found["count"] == "1" and found["list"][0]["user_id"] == str(first.json())
    assert found["list"][0]["active"] == "1"


def test_a_user_needs_a_valid_email_and_a_string_active_flag(api) -> None:
    assert api.post("users", {"firstname": "Bez"}).json()["error_description"] == (
        "Wartość pola 'email' jest niepoprawna: Pole wymagane"
    )
    assert api.post("users", {"email": "nie-email"}).status_code == 400
    assert api.post("users", {"email": "x@example.pl", "active": True}).status_code == 400
    assert api.post("users", {"email": "x@example.pl", "active": "1", "origin": 3}).status_code == 200


def test_changing_an_email_to_a_taken_one_is_refused(api) -> None:
    api.user("a@example.pl")
    second = api.user("b@example.pl")
    assert api.put(f"users/{second}", {"email": "a@example.pl"}).status_code == 400
    assert api.put(f"users/{second}", {"email": "b@example.pl", "firstname": "Bogdan"}).json() == 1


def test_an_auction_order_links_one_order_once(api) -> None:
    order = api.order(api.user())
    assert api.post("auction-orders", {}).json()["error_description"] == (
        "Wartość pola 'order_id' jest niepoprawna: Pole wymagane"
    )
    link = {
        "order_id": order,
        "auction_order_id": "ignored",
        "buyer_id": "12345678",
        "buyer_login": "klient_allegro",
        "deal_id": "29f8a7c0-0000-11ee-8000-000000000001",
        "transaction_id": "29f8a7c0-0000-11ee-8000-000000000001",
        "auction_house_id": "1",
    }
    created = api.post("auction-orders", link)
    assert created.status_code == 200 and isinstance(created.json(), int)
    again = api.post("auction-orders", link)
    assert again.status_code == 400 and again.json()["error"] == "auction_order_already_connected"
    shown = api.get(f"auction-orders/{created.json()}").json()
    assert shown["auction_order_id"] == str(created.json()) and shown["buyer_login"] == "klient_allegro"
    assert api.get(f"orders/{order}").json()["auction"]["deal_id"] == link["deal_id"]
    by_deal = api.get("auction-orders", params={"filters[deal_id]": link["deal_id"]}).json()
    assert [a["order_id"] for a in by_deal["list"]] == [order]
    assert api.delete(f"auction-orders/{created.json()}").status_code == 405
    assert api.put(f"auction-orders/{created.json()}", {"buyer_login": "nowy_login"}).json() == 1


def test_an_auction_order_for_a_missing_order_is_refused(api) -> None:
    answer = api.post("auction-orders", {"order_id": 404})
    assert answer.status_code == 400 and "Nie znaleziono wartości '404'" in answer.json()["error_description"]
