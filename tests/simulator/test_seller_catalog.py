"""The simulator's built-in catalog and what ``start_simulator(products=...)`` accepts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from plugin.simulator.seller_catalog import BUILTIN_CATALOG, catalog_from


def test_builtin_catalog_is_polish_unique_and_about_thirty_products() -> None:
    assert 25 <= len(BUILTIN_CATALOG) <= 40
    assert len({p.code for p in BUILTIN_CATALOG}) == len(BUILTIN_CATALOG)
    assert any(ch in p.name for p in BUILTIN_CATALOG for ch in "ąćęłńóśźż")
    assert all(isinstance(p.price, Decimal) and p.price > 0 for p in BUILTIN_CATALOG)


def test_a_csv_path_and_tuples_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("code,name,stock,price\nA-1,Kubek,3,12.50\n", encoding="utf-8")
    assert [(p.code, p.stock, p.price) for p in catalog_from(path)] == [("A-1", 3, Decimal("12.50"))]
    assert catalog_from([("B", "Miód", 1, "9.9")])[0].price == Decimal("9.9")
    assert catalog_from(None) == BUILTIN_CATALOG
