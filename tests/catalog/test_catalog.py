"""The catalog CSV shared by ``shop init`` and the simulator."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.catalog_csv import Product, read_catalog, write_catalog
from plugin.exceptions import CatalogError


def test_a_csv_is_read_with_decimal_prices(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('code,name,stock,price\nA-1,Żółty kubek,3,"12,50"\nB-2,Miód,0,9.9\n', encoding="utf-8")
    products = read_catalog(path)
    assert [(p.code, p.stock, p.price) for p in products] == [("A-1", 3, Decimal("12.50")), ("B-2", 0, Decimal("9.90"))]


def test_trailing_zeros_are_exact_grosze(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("code,name,stock,price\nA,Kubek,1,12.500\nB,Miód,2147483647,99999999.99\n", encoding="utf-8")
    assert [(p.stock, p.price) for p in read_catalog(path)] == [
        (1, Decimal("12.50")),
        (2147483647, Decimal("99999999.99")),
    ]


def test_a_polish_spreadsheet_export_is_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "eksport.csv"
    path.write_bytes("\ufeffCode;Name;Stock;Price\nKUB-1;Kubek „Kraków”;12;1\u00a0234,50\n".encode())
    (product,) = read_catalog(path)
    assert (product.code, product.name, product.stock, product.price) == (
        "KUB-1",
        "Kubek „Kraków”",
        12,
        Decimal("1234.50"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code,name,price\nA,B,1\n", r"p\.csv:1: the header lacks stock"),
        ("code,name,stock,price\nA,Kubek,trzy,1\n", r"p\.csv:2: field 'stock' must be a whole number"),
        ("code,name,stock,price\nA,Kubek,1,1\nB,,1,1\n", r"p\.csv:3: field 'name' is empty"),
        ("code,name,stock,price\nA,Kubek,1,tanio\n", r"p\.csv:2: field 'price' must be a decimal"),
        ("code,name,stock,price\nA,Kubek,1,1\nA,Kubek 2,1,1\n", r"repeated: A \(line 3, first on line 2\)"),
        ("code,name,stock,price\nA,Kubek,99999999999999999999999,1\n", r"p\.csv:2: field 'stock' must be at most"),
        ("code,name,stock,price\nA,Kubek,2147483648,1\n", r"p\.csv:2: field 'stock' must be at most 2147483647"),
        ("code,name,stock,price\nA,Kubek,1,1e400\n", r"p\.csv:2: field 'price' must be at most 99999999\.99"),
        ("code,name,stock,price\nA,Kubek,1,1e-400\n", r"p\.csv:2: field 'price' has more than two decimal places"),
        ("code,name,stock,price\nA,Kubek,1,0.001\n", r"p\.csv:2: field 'price' has more than two decimal places"),
        ("code,name,stock,price\nA,Kubek,1,10.505\n", r"more than two decimal places \('10\.505'\).*e\.g\. 10\.51"),
        ("code,name,stock,price\nA,Kubek,1,0\n", r"p\.csv:2: field 'price' must be more than 0"),
        ("code,name,stock,price\n", "has no products"),
        ("code,name,stock,price\nA,Kubek,-1,1\n", r"p\.csv:2: field 'stock' must be ≥ 0, got -1"),
        ("code,name,stock,price\nA,Kubek,1,NaN\n", r"p\.csv:2: field 'price' must be more than 0, got 'NaN'"),
        ('code,name,stock,price\nA,"Kubek\nduży",1,1\nB,,1,1\n', r"p\.csv:4: field 'name' is empty"),
    ],
)
def test_bad_rows_name_the_file_line_field_and_fix(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=expected):
        read_catalog(path)


@pytest.mark.parametrize("content", [None, b"\xff\xfe\x00binary"])
def test_an_unreadable_file_is_a_clear_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "catalog.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CatalogError, match="cannot read the product catalog"):
        read_catalog(path)


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1).filter(
    lambda s: s.strip() == s
)
products = st.lists(
    st.builds(
        Product,
        code=st.from_regex(r"[A-ZĄĆĘŁŃÓŚŹŻ0-9-]{1,20}", fullmatch=True),
        name=names,
        stock=st.integers(0, 10**6),
        price=st.decimals(Decimal("0.01"), Decimal("99999.99"), places=2),
    ),
    min_size=1,
    max_size=20,
    unique_by=lambda p: p.code,
)


@given(products)
def test_write_then_read_gives_the_same_products(tmp_path_factory, catalog: list[Product]) -> None:
    path = tmp_path_factory.mktemp("c") / "catalog.csv"
    write_catalog(path, catalog)
    assert read_catalog(path) == tuple(catalog)
