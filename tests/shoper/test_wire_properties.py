"""Properties of the wire layer: Shoper's strings parse back to what was written, bulk answers pair up by id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from plugin.shoper.bulk import BulkOp, answers_of
from plugin.shoper.wire import SHOP_ZONE, as_datetime, as_decimal, as_flag, as_int, flag, money, shop_datetime

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC))


@given(moments)
def test_a_date_written_in_shop_time_reads_back_the_same_instant_except_in_the_repeated_autumn_hour(moment):
    moment = moment.replace(microsecond=0)
    back = as_datetime(shop_datetime(moment))
    local = moment.astimezone(SHOP_ZONE)
    repeated = local.replace(fold=1).utcoffset() != local.replace(fold=0).utcoffset()
    # Shoper's dates carry no zone: in the hour that happens twice at the end of summer time the second
    # occurrence reads as the first. Nothing else may move.
    assert back == moment or (repeated and moment - back == timedelta(hours=1))


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False))
def test_money_survives_the_wire(amount):
    assert as_decimal(money(amount)) == amount


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_ids_and_counts_read_from_strings_or_numbers(number):
    assert as_int(str(number)) == as_int(number) == number


@given(st.booleans())
def test_flags_read_from_strings_or_booleans(value):
    assert as_flag(flag(value)) is value and as_flag(value) is value


@given(st.lists(st.booleans(), min_size=1, max_size=25), st.randoms(use_true_random=False), st.booleans())
def test_each_bulk_item_is_paired_by_id_whatever_the_order_and_missing_ones_fail_alone(ok, rng, drop_last):
    ops = [BulkOp(f"op{n}", "POST", "users", {"email": f"u{n}@x.pl"}) for n in range(len(ok))]
    items = [
        {"id": op.id, "code": 200 if good else 400, "body": n + 1 if good else {"error": "invalid_request"}}
        for n, (op, good) in enumerate(zip(ops, ok, strict=True))
    ]
    rng.shuffle(items)
    missing = items.pop()["id"] if drop_last else None
    results = answers_of(ops, {"errors": not all(ok), "items": items})
    assert [r.op for r in results] == ops
    for n, (result, good) in enumerate(zip(results, ok, strict=True)):
        if result.op.id == missing:
            assert not result.ok and "left out" in str(result.error)
        else:
            assert result.ok is good
            assert not good or result.new_id() == n + 1
