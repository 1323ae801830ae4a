"""Shoper's wire values both ways: ids and numbers as strings, flags as "0"/"1", Warsaw wall-clock dates.

Shoper is not consistent (some flags are JSON booleans, some counts integers), so every reader accepts both the
string and the native form; every writer sends what Shoper's own panel sends.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

SHOP_ZONE = ZoneInfo("Europe/Warsaw")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def as_int(value: Any, default: int | None = None) -> int | None:
    """``"36"``, ``36`` or ``"36.0"`` → 36; empty or absent → ``default``."""
    if value is None or value == "" or isinstance(value, bool):
        return default
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return default


def as_decimal(value: Any, default: Decimal = Decimal(0)) -> Decimal:
    """Money and quantities arrive as decimal strings; floats never enter (a float would round)."""
    if value is None or value == "" or isinstance(value, bool):
        return default
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return default


def as_flag(value: Any) -> bool:
    """``"1"``/``1``/``true`` → True; ``"0"``/``0``/``false``/absent → False."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes"}


def flag(value: bool) -> str:
    return "1" if value else "0"


def money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def as_datetime(value: Any) -> datetime | None:
    """``"2024-01-15 12:34:56"`` (shop time, no zone) → an aware UTC datetime; anything else → None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        local = datetime.strptime(value.strip()[:19], DATE_FORMAT)
    except ValueError:
        return None
    return local.replace(tzinfo=SHOP_ZONE).astimezone(UTC)


def shop_datetime(moment: datetime) -> str:
    """An aware datetime as Shoper writes it: Warsaw wall-clock time, no zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(SHOP_ZONE).strftime(DATE_FORMAT)


def text(value: Any) -> str:
    return "" if value is None else str(value)


def translated_name(data: dict[str, Any], language: str = "pl_PL") -> str:
    """A status, shipping or payment name as the panel shows it: the shop language's translation (a status's
    ``name``, a payment's ``title``), else any translation, else the plain field (a payment's is its engine)."""
    translations = data.get("translations")
    if isinstance(translations, dict) and translations:
        ordered = [translations.get(language)] + [v for k, v in sorted(translations.items()) if k != language]
        for entry in ordered:
            if isinstance(entry, dict):
                for key in ("name", "title"):
                    if isinstance(entry.get(key), str) and entry[key].strip():
                        return entry[key].strip()
    for key in ("name", "title"):
        if isinstance(data.get(key), str) and data[key].strip():
            return data[key].strip()
    return ""
