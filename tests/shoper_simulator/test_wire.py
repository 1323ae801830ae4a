"""Shoper's dates are the shop's wall clock in Warsaw without a zone; the fallback rule (for a system without
tz data) agrees with the tz database, and the in-process server gives its port back when stopped."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from plugin.shoper_simulator import start_shoper_simulator
from plugin.shoper_simulator.wire import shop_time, warsaw_offset_by_rule


def test_dates_are_warsaw_wall_clock_in_summer_and_winter() -> None:
    assert shop_time(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "2026-07-01 12:00:00"
    assert shop_time(datetime(2026, 12, 3, 23, 30, 5, tzinfo=UTC)) == "2026-12-04 00:30:05"


@given(st.datetimes(min_value=datetime(1997, 1, 1), max_value=datetime(2037, 12, 31)))
def test_the_fallback_rule_matches_the_tz_database(moment: datetime) -> None:
    moment = moment.replace(tzinfo=UTC)
    assert warsaw_offset_by_rule(moment) == moment.astimezone(ZoneInfo("Europe/Warsaw")).utcoffset()
    assert timedelta(hours=1) <= warsaw_offset_by_rule(moment) <= timedelta(hours=2)


def test_stopping_releases_the_port() -> None:
    with start_shoper_simulator() as shop:
        port = shop.port
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))  # would raise if the server still held it
