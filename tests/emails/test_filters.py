"""Polish money and date filters: properties (round trips) plus the documented examples."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.emails.filters import NBSP, WARSAW, date_pl, datetime_pl, money

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False)


@given(amounts)
def test_money_round_trips_to_the_same_amount(amount: Decimal) -> None:
    shown = money(str(amount))
    assert shown.endswith(f"{NBSP}zł")
    digits = shown.removesuffix(f"{NBSP}zł").replace(NBSP, "").replace(",", ".")
    assert Decimal(digits) == amount


@given(amounts)
def test_money_groups_by_three_digits(amount: Decimal) -> None:
    whole = money(str(amount)).removesuffix(f"{NBSP}zł").split(",")[0].lstrip("-")
    groups = whole.split(NBSP)
    assert all(len(group) == 3 for group in groups[1:])
    assert 1 <= len(groups[0]) <= 3


def test_money_documented_example_uses_no_break_spaces() -> None:
    assert money("1234.5") == f"1{NBSP}234,50{NBSP}zł"
    assert money("0.005") == f"0,01{NBSP}zł"  # half up, to the grosz
    assert money("12", "EUR").endswith("€")


@pytest.mark.parametrize("bad", [1.5, "abc", None])
def test_money_refuses_floats_and_garbage(bad: object) -> None:
    with pytest.raises(ValueError, match=r"money|amount"):
        money(bad)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)))
def test_dates_show_the_day_in_poland(moment: datetime) -> None:
    iso = moment.isoformat().replace("+00:00", "Z")
    local = moment.astimezone(WARSAW)
    assert date_pl(iso) == f"{local.day:02d}.{local.month:02d}.{local.year}"
    assert datetime_pl(iso).startswith(date_pl(iso) + ", ")
    assert datetime_pl(iso).endswith(f"{local.hour:02d}:{local.minute:02d}")


def test_midnight_utc_can_be_the_next_day_in_poland() -> None:
    assert date_pl("2026-11-27T23:30:00Z") == "28.11.2026"


def test_date_refuses_non_iso_text() -> None:
    with pytest.raises(ValueError, match="ISO-8601"):
        date_pl("28/11/2026")
