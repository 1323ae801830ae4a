"""The shop's product catalog as a CSV file (``code,name,stock,price``): one format for ``shop init`` and the
simulator, so the offers the simulator builds (``external.id`` = code) match the shop's products.

Files exported from a Polish spreadsheet work as written: a UTF-8 byte-order mark, ``;`` as the separator and a
decimal comma (``"12,50"``) are all accepted; columns beyond the four (an EAN, a category) are ignored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from plugin.exceptions import CatalogError

COLUMNS = ("code", "name", "stock", "price")
HEADER = ",".join(COLUMNS)
MAX_STOCK = 2_147_483_647  # Allegro's offer stock is an int32; SQLite's integers overflow past 2**63 anyway
MAX_PRICE = Decimal("99999999.99")  # Allegro caps a buy-now price far lower; this keeps money exact and storable
GROSZ = Decimal("0.01")


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CatalogError(f"{path}:1: the header lacks {', '.join(missing)}; the first line must read '{HEADER}'")
    at = [header.index(c) for c in COLUMNS]
    products: list[Product] = []
    first_line: dict[str, int] = {}  # code → the line it first appeared on (one pass: 200k rows in a second)
    repeated: list[str] = []
    for cells in reader:
        if not cells:  # a blank line (DictReader skipped them too)
            continue
        row = {name: cells[i] if i < len(cells) else None for name, i in zip(COLUMNS, at, strict=True)}
        product = _parse_row(path, reader.line_num, row)
        seen = first_line.setdefault(product.code, reader.line_num)
        if seen != reader.line_num:
            repeated.append(f"{product.code} (line {reader.line_num}, first on line {seen})")
        products.append(product)
    if not products:
        raise CatalogError(f"{path}: the catalog has no products; add at least one row below the header")
    if repeated:
        shown = ", ".join(repeated[:10]) + (f" and {len(repeated) - 10} more" if len(repeated) > 10 else "")
        raise CatalogError(f"{path}: product codes must be unique (they are external.id); repeated: {shown}")
    return tuple(products)


def _parse_row(path: Path, line: int, row: dict[str, str | None]) -> Product:
    code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
    if not code or len(code) > 100:
        raise CatalogError(f"{path}:{line}: field 'code' must be 1–100 characters (it becomes external.id)")
    if not name:
        raise CatalogError(f"{path}:{line}: field 'name' is empty; give the product a name")
    return Product(code, name, _stock(path, line, row.get("stock")), _price(path, line, row.get("price")))


def _stock(path: Path, line: int, raw: str | None) -> int:
    text = (raw or "").strip()
    if len(text) > 20:  # int() of a long digit string is slow, and no stock has 20 digits
        raise CatalogError(f"{path}:{line}: field 'stock' must be at most {MAX_STOCK}, got {text[:30]!r}…")
    try:
        stock = int(text)
    except ValueError:
        raise CatalogError(f"{path}:{line}: field 'stock' must be a whole number, got {raw!r}") from None
    if stock < 0:
        raise CatalogError(f"{path}:{line}: field 'stock' must be ≥ 0, got {stock}")
    if stock > MAX_STOCK:
        raise CatalogError(f"{path}:{line}: field 'stock' must be at most {MAX_STOCK}, got {stock}")
    return stock


def _price(path: Path, line: int, raw: str | None) -> Decimal:
    """Prices are exact grosze: more than two decimal places is an error, never rounded (10.505 is not 10.50
    nor 10.51 without the shop saying so); trailing zeros (12.500) are fine."""
    try:
        price = Decimal((raw or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise CatalogError(f"{path}:{line}: field 'price' must be a decimal like 19.99, got {raw!r}") from None
    if not price.is_finite() or price <= 0:
        raise CatalogError(f"{path}:{line}: field 'price' must be more than 0, got {raw!r}")
    if price > MAX_PRICE:
        raise CatalogError(f"{path}:{line}: field 'price' must be at most {MAX_PRICE}, got {raw!r}")
    exact = price.quantize(GROSZ)
    if exact != price:
        raise CatalogError(
            f"{path}:{line}: field 'price' has more than two decimal places ({raw!r}); write it in grosze,"
            f" e.g. {price.quantize(GROSZ, rounding=ROUND_HALF_UP)}"
        )
    return exact


def write_catalog(path: Path, products: tuple[Product, ...] | list[Product]) -> None:
    """The inverse of ``read_catalog`` (the demo writes the simulator's catalog for ``shop init``)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows((p.code, p.name, p.stock, f"{p.price:.2f}") for p in products)
