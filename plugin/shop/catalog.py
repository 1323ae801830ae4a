"""Loading a product catalog (``code,name,stock,price`` CSV, the same file the simulator takes) into a shop."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from plugin.exceptions import ShopError
from plugin.shop.sqlite import SqliteShop

COLUMNS = ("code", "name", "stock", "price")


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    stock: int
    price: Decimal


def read_catalog(path: Path) -> list[Product]:
    """Every row as a Product; a bad row is an error naming the file, line and column and how to fix it."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise ShopError(f"{path}: cannot read the catalog ({exc.strerror}).") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ShopError(
                f"{path}:1: the catalog lacks the column(s) {', '.join(missing)}; "
                f"the first line must be `{','.join(COLUMNS)}`."
            )
        return [_product(path, reader.line_num, row) for row in reader]


def _product(path: Path, line: int, row: dict[str, str]) -> Product:
    code = (row.get("code") or "").strip()
    if not code:
        raise ShopError(f"{path}:{line}: column `code` is empty; every product needs its shop code.")
    try:
        stock = int((row.get("stock") or "0").strip())
    except ValueError:
        raise ShopError(f"{path}:{line}: column `stock` is {row.get('stock')!r}; write a whole number.") from None
    try:
        price = Decimal((row.get("price") or "0").strip().replace(",", "."))
    except InvalidOperation:
        raise ShopError(f"{path}:{line}: column `price` is {row.get('price')!r}; write e.g. 129.99.") from None
    return Product(code, (row.get("name") or code).strip(), stock, price)


def load_catalog(shop: SqliteShop, products: list[Product]) -> int:
    """Insert or update every product in one transaction; returns how many."""
    with shop.transaction():
        for product in products:
            shop.upsert_product(product.code, product.name, product.stock, product.price)
    return len(products)
