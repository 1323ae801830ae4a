"""A form whose order Shoper built in a run that died before the form committed, cancelled on Allegro before the
next run and seen by it only through the listing (backfill) as a cancellation: its order must not stay live in
Shoper, and the stock it took comes back exactly once. The run dies at an exact point (``crash_run``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plugin.cli import main
from plugin.shop.shoper.bodies import form_of
from plugin.shoper_simulator.server import start_shoper_simulator
from plugin.simulator.server import start_simulator
from plugin.store.form_steps import FormSteps
from tests.shoper_backend.crash_run import DIED, POINTS
from tests.shoper_backend.shop_setup import PRODUCTS, environment, shop_state, shoper_folder, writes_in

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CANCELLED = "9"  # Anulowane, the manifest's mapping of CANCELLED


def run(manifest) -> int:
    return main(["run", str(manifest), "--once", "--format", "json"])


def die_at(point: str, manifest) -> None:
    env = {**os.environ, **environment(), "PYTHONPATH": ROOT}
    process = subprocess.run(
        [sys.executable, "-m", "tests.shoper_backend.crash_run", point, str(manifest)],
        env=env,
        cwd=ROOT,
        check=False,
        capture_output=True,
        timeout=120,
    )
    assert process.returncode == DIED, process.stderr.decode()[-2000:]


def outbox(files) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(files.store) as conn:
        return sorted(conn.execute("SELECT message_id, template, recipient FROM outbox"))


def handed(files) -> str:
    """The one form whose order a run that died had handed to the engine (its ``import_order`` step done)."""
    import sqlite3

    with sqlite3.connect(files.store) as conn:
        (form,) = conn.execute("SELECT checkout_form_id FROM sync_form_steps WHERE step = 'import_order'").fetchall()
    return form[0]


@pytest.mark.parametrize("point", sorted(POINTS))
def test_an_order_built_by_a_run_that_died_is_cancelled_when_the_listing_shows_it_cancelled(tmp_path, point, capsys):
    with (
        start_simulator(products=list(PRODUCTS), orders=8, archived=0, seed=21) as allegro,
        start_shoper_simulator(products=list(PRODUCTS), bucket_size=100_000, drain=100_000) as shop,
    ):
        before = shop.snapshot()["stock"]
        files = shoper_folder(tmp_path / "died", allegro.url, shop.url)
        die_at(point, files.manifest)
        built = shop.snapshot()
        assert built["orders"], "the run died after Shoper built orders"
        with_stock = [o for o in built["orders"] if any(str(p.get("stock_id")) != "0" for p in o["products"])]
        victim = (with_stock or built["orders"])[0]
        if point == "handed-unsold":  # the order the engine took, whose sale the death cut off
            victim = next(o for o in built["orders"] if form_of(o["notes_priv"]) == handed(files))
            assert any(str(p.get("stock_id")) != "0" for p in victim["products"]), "Shoper took its stock"
        form = form_of(victim["notes_priv"])
        assert form
        allegro.state.cancel(form)

        with start_shoper_simulator(products=list(PRODUCTS), bucket_size=100_000, drain=100_000) as clean_shop:
            clean_files = shoper_folder(tmp_path / "clean", allegro.url, clean_shop.url)
            assert run(clean_files.manifest) == 0
            clean = shop_state(clean_shop.snapshot())

        capsys.readouterr()
        shop.clear_requests()
        assert main(["plan", str(files.manifest), "--format", "json"]) == 0
        planned = json.loads(capsys.readouterr().out)
        assert writes_in(shop.requests()) == []  # plan neither finishes nor undoes it in Shoper
        assert run(files.manifest) == 0, capsys.readouterr().err
        ran = json.loads(capsys.readouterr().out)
        counts = ("orders_imported", "orders_cancelled", "stock_updates", "emails_queued")
        assert {k: planned[k] for k in counts} == {k: ran[k] for k in counts}  # plan counts what run does
        after = shop_state(shop.snapshot())
        assert run(files.manifest) == 0
        again = shop_state(shop.snapshot())
    key = victim["notes_priv"]
    assert key not in clean["orders"]  # the clean run saw the form cancelled from the start
    left = after["orders"].pop(key, None)
    assert left is None or left["status_id"] == CANCELLED  # deleted, or there and cancelled
    assert ran["orders_cancelled"] == (left is not None)  # a deleted one was never an order of the engine's
    assert after["orders"] == clean["orders"]  # every other order as one clean run builds it
    assert after["stock"] == clean["stock"]  # what the cancelled order took came back, once
    assert again["stock"] == clean["stock"]  # and not again
    assert outbox(files) == outbox(clean_files)  # no email for the cancelled order
    if point == "built-ahead" and with_stock:
        assert left is not None  # complete: cancelled in place, not deleted
        taken = {p["code"] for p in victim["products"]}
        assert any(Decimal(built["stock"][code]) < Decimal(before[code]) for code in taken)


class Died(BaseException):
    """A run's death in this process: not an ``Exception``, so nothing on the way catches it; every open store
    transaction rolls back, as a kill loses it."""


def live_stock_rule(snapshot: dict, initial: dict[str, str], cancelled_forms: set[str]) -> None:
    """Stock = the catalogue's minus what the live orders' linked lines hold; no cancelled form's order is live."""
    held: dict[str, Decimal] = {}
    for order in snapshot["orders"]:
        form = form_of(order["notes_priv"])
        live = str(order.get("status_id")) != CANCELLED
        assert not (live and form in cancelled_forms), f"the order of cancelled form {form} is live"
        for line in order["products"] if live else ():
            if str(line.get("stock_id")) != "0":
                held[line["code"]] = held.get(line["code"], Decimal(0)) + Decimal(line["quantity"])
    for code, stock in initial.items():
        assert Decimal(snapshot["stock"][code]) == Decimal(stock) - held.get(code, Decimal(0)), code


@settings(
    max_examples=int(os.environ.get("CANCEL_EXAMPLES", "25")), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(
    crash_at=st.integers(min_value=1, max_value=64),  # every recovery point of a run (62 with registration)
    picks=st.lists(st.integers(0, 7), max_size=4),
    register=st.booleans(),
)
@example(crash_at=59, picks=[2], register=True)
def test_a_crash_at_any_recovery_point_then_cancellations_leave_no_live_cancelled_order(
    tmp_path_factory, crash_at, picks, register
):
    folder = tmp_path_factory.mktemp("prop")
    with (
        start_simulator(products=list(PRODUCTS), orders=8, archived=0, seed=21) as allegro,
        start_shoper_simulator(products=list(PRODUCTS), bucket_size=100_000, drain=100_000) as shop,
    ):
        initial = shop.snapshot()["stock"]
        files = shoper_folder(folder, allegro.url, shop.url, register=register)
        calls = {"n": 0}
        put = FormSteps._put

        def put_or_die(self, *args, **kwargs):
            calls["n"] += 1
            if calls["n"] == crash_at:
                raise Died
            return put(self, *args, **kwargs)

        FormSteps._put = put_or_die
        try:
            run(files.manifest)
        except Died:
            pass
        finally:
            FormSteps._put = put
        built = sorted({form_of(o["notes_priv"]) for o in shop.snapshot()["orders"]} - {None})
        forms = allegro.state.store.forms.values()
        ready = sorted(f["id"] for f in forms if f["status"] == "READY_FOR_PROCESSING")
        chosen = built or ready  # the orders the dead run built, or (dead before any) forms it would build
        cancelled = {chosen[p % len(chosen)] for p in picks}
        for form in cancelled:
            allegro.state.cancel(form)
        assert run(files.manifest) == 0
        after = shop.snapshot()
        shop_state(after)  # no form twice, no user email twice
        users_of: dict[str, set[str]] = {}
        user_of_order = {o["order_id"]: str(o["user_id"]) for o in after["orders"]}
        for link in after["auction_orders"]:
            users_of.setdefault(link["buyer_id"], set()).add(user_of_order[link["order_id"]])
        assert all(len(users) == 1 for users in users_of.values())  # a buyer's orders on one user
        live_stock_rule(after, initial, cancelled)
        assert run(files.manifest) == 0
        assert shop.snapshot()["stock"] == after["stock"]
