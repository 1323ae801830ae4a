"""Products and stock (from a CSV or the built-in catalogue), absolute stock writes, object-mtime, and the
reference data: Polish statuses, shippings with their tax, payments, taxes and the shop settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugin.exceptions import CatalogError
from plugin.shoper_simulator import start_shoper_simulator
from shoper_simulator.conftest import Api


def test_products_come_from_a_catalog_csv(tmp_path: Path) -> None:
    catalog = tmp_path / "produkty.csv"
    catalog.write_text("code;name;stock;price\nSKU-1;Kubek „Łódź”;50;19,99\nSKU-2;Miód gryczany;4;32.00\n")
    with start_shoper_simulator(products=catalog, bucket_size=1000, drain=1000) as shop:
        api = Api(shop)
        products = api.get("products").json()
        assert products["count"] == "2"
        first = products["list"][0]
        assert first["code"] == "SKU-1" and first["translations"]["pl_PL"]["name"] == "Kubek „Łódź”"
        assert first["stock"]["stock"] == "50" and first["stock"]["price"] == "19.99"
        assert first["stock"]["stock_id"] == "1" and first["product_id"] == "1"
        assert shop.snapshot()["stock"] == {"SKU-1": "50", "SKU-2": "4"}


def test_a_bad_catalog_is_an_error_naming_the_line(tmp_path: Path) -> None:
    catalog = tmp_path / "zle.csv"
    catalog.write_text("code,name,stock,price\nSKU-1,Kubek,dużo,19.99\n")
    with pytest.raises(CatalogError, match=r"zle\.csv:2: field 'stock'"):
        start_shoper_simulator(products=catalog)


def test_put_product_stocks_sets_an_absolute_value(api) -> None:
    assert api.put("product-stocks/1", {"stock": 77}).json() == 1
    assert api.get("product-stocks/1").json()["stock"] == "77"
    assert api.put("product-stocks/1", {"stock": 77}).json() == 1  # the same write twice: still 77
    assert api.stock("KUB-001") == "77"
    assert api.put("product-stocks/1", {"stock": -1}).status_code == 400
    assert api.put("product-stocks/1", {"active": False}).status_code == 400
    assert api.put("product-stocks/999", {"stock": 1}).status_code == 404
    assert api.get("products/1").json()["stock"]["stock"] == "77"


def test_a_product_needs_its_required_fields_and_gets_a_stock_row(api) -> None:
    answer = api.post("products", {})
    assert answer.status_code == 400
    for name in ("category_id", "code", "stock", "translations"):
        assert f"Wartość pola '{name}' jest niepoprawna: Pole wymagane" in answer.json()["error_description"]
    created = api.post(
        "products",
        {
            "category_id": 1,
            "code": "NOWY-1",
            "stock": {"stock": "5", "price": "12.50"},
            "translations": {"pl_PL": {"name": "Nowy produkt"}},
        },
    )
    assert created.status_code == 200
    assert api.stock("NOWY-1") == "5"
    assert api.get(f"products/{created.json()}").json()["stock"]["price"] == "12.50"


def test_object_mtime_answers_per_object_only(api) -> None:
    answer = api.get("object-mtime/product/1")
    assert answer.status_code == 200 and isinstance(answer.json()["date"], int) and answer.json()["date"] > 0
    assert api.get("object-mtime/products").status_code == 500
    assert api.get("object-mtime/product").status_code == 500
    assert api.get("object-mtime/product/9999").status_code == 404


def test_statuses_are_seeded_with_polish_names_and_types(api) -> None:
    statuses = api.get("statuses", params={"limit": 50}).json()
    assert statuses["count"] == "11"
    names = {s["translations"]["pl_PL"]["name"]: s["type"] for s in statuses["list"]}
    assert names["Złożone"] == "1" and names["Wysłane"] == "3" and names["Anulowane"] == "4"
    assert {s["type"] for s in statuses["list"]} == {"1", "2", "3", "4"}
    assert sum(s["default"] == "1" for s in statuses["list"]) == 1


def test_shippings_carry_their_tax_and_payments_their_polish_titles(api) -> None:
    shippings = api.get("shippings", params={"limit": 50}).json()["list"]
    courier = next(s for s in shippings if s["name"] == "Kurier DPD")
    assert courier["tax_id"] == "1" and courier["cost"] == "16.99"
    assert api.get(f"taxes/{courier['tax_id']}").json() == {"tax_id": "1", "value": "23", "name": "23%"}
    titles = [p["translations"]["pl_PL"]["title"] for p in api.get("payments").json()["list"]]
    assert "Przelew bankowy" in titles and "Płatność przy odbiorze" in titles
    taxes = api.get("taxes").json()["list"]
    assert [t["name"] for t in taxes] == ["23%", "8%", "5%", "0%", "zw.", "np."]
    assert api.post("statuses", {"name": "x"}).status_code == 405


def test_application_config_has_the_stock_on_buy_setting(api) -> None:
    config = api.get("application-config").json()
    assert config["shopping_update_stock_on_buy"] == "1" and config["warehouses_enabled"] == "0"
