"""Jinja2 filters for Polish money and dates, shared by every template.

Money is written ``1 234,50 zł``: the thousands separator and the space before ``zł`` are NO-BREAK SPACE
(U+00A0, as in CLDR's Polish locale) so a mail client never wraps an amount across two lines. Unlike CLDR,
four-digit amounts are grouped too (``1 234,50 zł``), as shops print them. Dates are shown in the buyer's time
zone (Europe/Warsaw): ``28.11.2026`` and ``28.11.2026, 14:05``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from plugin.emails.vocative import greeting_pl, vocative

NBSP = "\u00a0"
WARSAW = ZoneInfo("Europe/Warsaw")
CURRENCY_SYMBOLS: dict[str, str] = {"PLN": "zł", "EUR": "€", "CZK": "Kč", "HUF": "Ft"}


def _decimal(value: object) -> Decimal:
    if isinstance(value, float):  # floats never carry money here; refuse to guess their rounding
        raise ValueError(f"money must be a decimal string, not the float {value!r}")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not an amount of money: {value!r} (expected a decimal string like '1234.50')") from None


def money(value: object, currency: str = "PLN") -> str:
    """``"1234.5"`` → ``1 234,50 zł`` (NBSP separators), rounded half up to grosze."""
    amount = _decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    return f"{sign}{NBSP.join(groups)},{cents}{NBSP}{symbol}"


def _to_local(value: object) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=WARSAW)
    else:
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"not an ISO-8601 time: {value!r} (expected e.g. '2026-11-28T13:05:00Z')") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(WARSAW)


def date_pl(value: object) -> str:
    """An ISO-8601 UTC time → ``28.11.2026`` (the day in Poland)."""
    return _to_local(value).strftime("%d.%m.%Y")


def datetime_pl(value: object) -> str:
    """An ISO-8601 UTC time → ``28.11.2026, 14:05`` (Polish local time)."""
    return _to_local(value).strftime("%d.%m.%Y, %H:%M")


FILTERS = {
    "money": money,
    "date": date_pl,
    "datetime": datetime_pl,
    "vocative": vocative,  # Polish: Małgorzata → Małgorzato, or None when unsure
    "greeting_pl": greeting_pl,  # "Dzień dobry, Małgorzato," or "Dzień dobry,"
}
