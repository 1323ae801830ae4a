"""The shop's product catalog as a CSV file (``code,name,stock,price``): one format for ``shop init`` and the
simulator, so the offers the simulator builds (``external.id`` = code) match the shop's products.

Files exported from a Polish spreadsheet work as written: a UTF-8 byte-order mark, ``;`` as the separator and a
decimal comma (``"12,50"``) are all accepted; columns beyond the four (an EAN, a category) are ignored.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from plugin.exceptions import CatalogError

COLUMNS = ("code", "name", "stock", "price")
HEADER = ",".join(COLUMNS)


@dataclass(frozen=True)
class Product:
    """One shop product; its ``code`` is the Allegro offer's ``external.id``."""

    code: str
    name: str
    stock: int
    price: Decimal


def read_catalog(path: Path) -> tuple[Product, ...]:
    """Every row as a ``Product``; the first bad row is an error naming the file, line, field and the fix."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise CatalogError(f"{path}: cannot read the product catalog ({reason}); pass a UTF-8 CSV file") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(text.splitlines(keepends=True), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CatalogError(f"{path}:1: the header lacks {', '.join(missing)}; the first line must read '{HEADER}'")
    reader.fieldnames = header
    products = [_parse_row(path, reader.line_num, row) for row in reader]
    if not products:
        raise CatalogError(f"{path}: the catalog has no products; add at least one row below the header")
    codes = [p.code for p in products]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise CatalogError(
            f"{path}: product codes must be unique (they are external.id); repeated: {', '.join(repeated)}"
        )
    return tuple(products)


def _parse_row(path: Path, line: int, row: dict[str, str]) -> Product:
    code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
    if not code or len(code) > 100:
        raise CatalogError(f"{path}:{line}: field 'code' must be 1–100 characters (it becomes external.id)")
    if not name:
        raise CatalogError(f"{path}:{line}: field 'name' is empty; give the product a name")
    try:
        stock = int((row.get("stock") or "").strip())
    except ValueError:
        raise CatalogError(f"{path}:{line}: field 'stock' must be a whole number, got {row.get('stock')!r}") from None
    try:
        price = Decimal((row.get("price") or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise CatalogError(
            f"{path}:{line}: field 'price' must be a decimal like 19.99, got {row.get('price')!r}"
        ) from None
    if stock < 0:
        raise CatalogError(f"{path}:{line}: field 'stock' must be ≥ 0, got {stock}")
    if not price.is_finite() or price <= 0:
        raise CatalogError(f"{path}:{line}: field 'price' must be more than 0, got {row.get('price')!r}")
    return Product(code, name, stock, price.quantize(Decimal("0.01")))


def write_catalog(path: Path, products: tuple[Product, ...] | list[Product]) -> None:
    """The inverse of ``read_catalog`` (the demo writes the simulator's catalog for ``shop init``)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows((p.code, p.name, p.stock, f"{p.price:.2f}") for p in products)
