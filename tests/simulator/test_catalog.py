"""The product catalog CSV the simulator builds offers from."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from plugin.exceptions import SimulatorError
from plugin.simulator.catalog import BUILTIN_CATALOG, catalog_from, load_catalog


def test_builtin_catalog_is_polish_unique_and_about_thirty_products() -> None:
    assert 25 <= len(BUILTIN_CATALOG) <= 40
    assert len({p.code for p in BUILTIN_CATALOG}) == len(BUILTIN_CATALOG)
    assert any(ch in p.name for p in BUILTIN_CATALOG for ch in "ąćęłńóśźż")
    assert all(isinstance(p.price, Decimal) and p.price > 0 for p in BUILTIN_CATALOG)


def test_a_csv_is_read_with_decimal_prices(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('code,name,stock,price\nA-1,Żółty kubek,3,"12,50"\nB-2,Miód,0,9.9\n', encoding="utf-8")
    products = load_catalog(path)
    assert [(p.code, p.stock, p.price) for p in products] == [("A-1", 3, Decimal("12.50")), ("B-2", 0, Decimal("9.90"))]
    assert catalog_from(path) == products


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code,name,price\nA,B,1\n", r"p\.csv:1: the header lacks stock"),
        ("code,name,stock,price\nA,Kubek,trzy,1\n", r"p\.csv:2: field 'stock' must be a whole number"),
        ("code,name,stock,price\nA,Kubek,1,1\nB,,1,1\n", r"p\.csv:3: field 'name' is empty"),
        ("code,name,stock,price\nA,Kubek,1,tanio\n", r"p\.csv:2: field 'price' must be a decimal"),
        ("code,name,stock,price\nA,Kubek,1,1\nA,Kubek 2,1,1\n", "repeated: A"),
        ("code,name,stock,price\n", "has no products"),
        ("code,name,stock,price\nA,Kubek,-1,1\n", r"p\.csv:2: 'stock' must be ≥ 0"),
    ],
)
def test_bad_rows_name_the_file_line_field_and_fix(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SimulatorError, match=expected):
        load_catalog(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SimulatorError, match="cannot read the product catalog"):
        load_catalog(tmp_path / "nope.csv")
