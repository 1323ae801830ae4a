"""Checkout forms generated from Allegro's own spec schema (``CheckoutForm``), pushed through the real
simulator: whatever a field holds (control characters, 10 kB, a buyer email that is no address, a missing
optional object, an enum value Allegro adds tomorrow), ``run`` never ends in an internal error, and every paid
order is imported or quarantined with a reason."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
import requests
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from simulator.openapi import SPEC_PATH
from spec.schema_strategy import SchemaStrategies, uuids

from plugin.cli import main
from plugin.simulator.seller_catalog import catalog_from
from plugin.simulator.server import RunningSimulator, start_simulator
from plugin.sync.demo import DemoFiles, build_demo

STATUSES = ("BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "CANCELLED")
SCHEMAS = SchemaStrategies(
    yaml.load(SPEC_PATH.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
)


@st.composite
def spec_forms(draw: st.DrawFn) -> dict:
    """A ``CheckoutForm`` as the spec allows it; only its identity is fixed (a uuid, a status the simulator's
    journal knows), so that each example is a new order."""
    form = draw(SCHEMAS.for_schema("CheckoutForm"))
    form["id"] = draw(uuids())
    form["status"] = draw(st.sampled_from(STATUSES))
    for item in form["lineItems"]:
        item["id"] = draw(uuids())
    return form


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningSimulator, DemoFiles]]:
    with start_simulator(products=list(catalog_from(None)), orders=5, seed=5) as sim:
        files, _ = build_demo(tmp_path_factory.mktemp("spec-forms") / "sklep", sim.url, catalog_from(None))
        assert main(["run", str(files.manifest), "--once", "--format", "json"]) == 0  # backfilled: now events
        yield sim, files


# no shrinking: the shop is shared by the examples, so a failure does not replay alone (the example is printed)
@settings(
    max_examples=40, deadline=None, phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck)
)
@given(forms=st.lists(spec_forms(), min_size=1, max_size=3))
def test_no_spec_valid_form_stops_a_run(world, capsys, monkeypatch, forms: list[dict]) -> None:
    sim, files = world
    monkeypatch.setenv("ALLEGRO_SYNC_DEBUG", "1")  # a bug raises here instead of becoming exit 70
    for form in forms:
        answer = requests.post(f"{sim.url}/_simulator/orders", json=form, timeout=10)
        assert answer.status_code == 201, answer.text
    code = main(["run", str(files.manifest), "--once", "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    report = json.loads(out)
    assert "internal error" not in err and "Traceback" not in err
    assert main(["quarantine", str(files.manifest), "--format", "json"]) == 0
    quarantined = {o["checkout_form_id"]: o["reason"] for o in json.loads(capsys.readouterr().out)["orders"]}
    with sqlite3.connect(files.shop) as conn:  # the shop's documented tables
        imported = {row[0] for row in conn.execute("SELECT allegro_checkout_form_id FROM orders")}
        claimed = {row[0] for row in conn.execute("SELECT line_item_id FROM order_items")}
    for form in forms:
        if form["status"] != "READY_FOR_PROCESSING" or not form["lineItems"]:
            continue
        held = form["id"] in imported or all(item["id"] in claimed for item in form["lineItems"])
        assert held or quarantined.get(form["id"]), (form["id"], report)


def test_unusable_buyer_emails_are_skipped_with_a_reason_and_the_run_goes_on(tmp_path, capsys, monkeypatch) -> None:
    """The reported case: ``@\\x07`` and ``ÀoI…`` as buyer emails ended the run with HeaderParseError (exit 70)
    and every later form stayed unimported."""
    monkeypatch.setenv("ALLEGRO_SYNC_DEBUG", "1")
    with start_simulator(products=list(catalog_from(None)), orders=3, seed=7) as sim:
        files, _ = build_demo(tmp_path / "sklep", sim.url, catalog_from(None))
        assert main(["run", str(files.manifest), "--once", "--format", "json"]) == 0
        capsys.readouterr()
        base = next(f for f in sim.state.store.forms.values() if f["status"] == "READY_FOR_PROCESSING")
        emails = ["@\x07", "ÀoI…", "kupujacy+1@allegromail.pl"]
        ids = [f"7d1b5c9e-1111-4222-8333-00000000000{n}" for n in range(len(emails))]
        for n, (form_id, email) in enumerate(zip(ids, emails, strict=True)):
            form = {**base, "id": form_id, "buyer": {**base["buyer"], "email": email, "id": f"77{n}"}}
            form["lineItems"] = [{**item, "id": f"{form_id}-{k}"} for k, item in enumerate(base["lineItems"])]
            assert requests.post(f"{sim.url}/_simulator/orders", json=form, timeout=10).status_code == 201
        code = main(["run", str(files.manifest), "--once", "--format", "json"])
        report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["orders_imported"] == 3
    assert report["emails_skipped"] == 4  # confirmation + registration of each (the demo registers buyers)
    assert sorted(e["checkout_form_id"] for e in report["skipped_emails"]) == sorted(ids[:2] * 2)
    with sqlite3.connect(files.shop) as conn:
        rows = dict(
            conn.execute(
                "SELECT checkout_form_id, status || ': ' || coalesce(last_error, '') FROM outbox"
                " WHERE template = 'order_confirmation' AND checkout_form_id IN (?, ?, ?)",
                ids,
            ).fetchall()
        )
    assert rows[ids[0]].startswith("skipped: ") and "not an email address" in rows[ids[0]]
    assert rows[ids[1]].startswith("skipped: ") and "'ÀoI…' is not an email address" in rows[ids[1]]
    assert rows[ids[2]] == "sent: "
