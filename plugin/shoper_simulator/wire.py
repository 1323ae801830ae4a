"""Shoper's wire conventions: the error envelope and its Polish texts, string numbers, "0"/"1" flags, and dates
``YYYY-MM-DD HH:MM:SS`` in the shop's zone (Europe/Warsaw), without an offset."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

REQUIRED = "Pole wymagane"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ShoperFault(Exception):
    """An answer other than success: Shoper's ``{"error", "error_description"}`` with its status."""

    def __init__(self, status: int, error: str, description: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description
        self.headers = dict(headers or {})

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


def invalid(description: str) -> ShoperFault:
    return ShoperFault(400, "invalid_request", description)


def not_found() -> ShoperFault:
    """What Shoper answers for an id it does not have (a wrong *path* is a 400, see ``unknown_path``)."""
    return ShoperFault(404, "invalid_request", "Resource not found")


def unknown_path(path: str) -> ShoperFault:
    return ShoperFault(400, "invalid_request", f"Niepoprawny zasób: {path}")


def field_error(name: str, reason: str) -> str:
    return f"Wartość pola '{name}' jest niepoprawna: {reason}"


def missing_value(value: Any) -> str:
    return f"Nie znaleziono wartości '{value}'"


def already_exists(value: Any) -> str:
    return f"Wartość '{value}' już istnieje"


class Problems:
    """Collects every field error of one body, so the 400 names them all in one string, as Shoper does."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, name: str, reason: str) -> None:
        self.items.append(field_error(name, reason))

    def raise_any(self) -> None:
        if self.items:
            raise invalid("; ".join(self.items))


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def decimal_of(value: Any) -> Decimal | None:
    """A number sent as a JSON number or a decimal string; None when it is neither (booleans are not numbers)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def quantity(value: Decimal) -> str:
    """Stock and quantities: ``"77"`` for whole numbers (as Shoper shows them), else the decimal."""
    normal = value.normalize()
    return f"{normal:f}" if normal != normal.to_integral_value() else str(int(normal))


def flag(value: Any) -> str | None:
    """A "0"/"1" flag as Shoper takes it: the string or the integer; a JSON boolean is refused (None)."""
    if isinstance(value, bool):
        return None
    if value in ("0", "1", 0, 1):
        return str(value)
    return None


def warsaw_offset_by_rule(moment: datetime) -> timedelta:
    """CET/CEST by the EU rule (last Sunday of March / October, 01:00 UTC): used only without tz data."""
    year = moment.year

    def last_sunday(month: int) -> datetime:
        day = datetime(year, month, 31, 1, tzinfo=UTC)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    summer = last_sunday(3) <= moment < last_sunday(10)
    return timedelta(hours=2 if summer else 1)


try:
    WARSAW: ZoneInfo | None = ZoneInfo("Europe/Warsaw")
except ZoneInfoNotFoundError:  # a system without tz data: the fixed EU rule is exact for Poland since 1996
    WARSAW = None


def shop_time(moment: datetime) -> str:
    """A moment as Shoper writes it: the shop's wall clock in Warsaw, no zone."""
    moment = moment.astimezone(UTC)
    local = moment.astimezone(WARSAW) if WARSAW else moment + warsaw_offset_by_rule(moment)
    return local.strftime("%Y-%m-%d %H:%M:%S")
