"""A buyer who changes the delivery address on Allegro after the order reached Shoper: the Shoper order gets the
new address in one PUT, and a run with nothing new sends no address again."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from plugin.shop.shoper.bodies import DELIVERY_FIELDS, address, marker, revised_delivery
from plugin.simulator.server import start_simulator
from plugin.sync.runner import run_sync
from plugin.validation import load_manifest
from tests.shoper_backend.shop_setup import PRODUCTS, shoper_folder


def _shoper_order(shoper, form_id: str) -> dict:
    (order,) = [o for o in shoper.snapshot()["orders"] if o.get("notes_priv") == marker(form_id)]
    return order


def _order_puts(shoper) -> list[dict]:
    return [r for r in shoper.requests() if r["method"] == "PUT" and "/orders/" in r["path"]]


def test_a_changed_delivery_address_reaches_the_shoper_order_once(tmp_path, shoper) -> None:
    with start_simulator(products=list(PRODUCTS), orders=15, archived=0, seed=8) as allegro:
        files = shoper_folder(tmp_path, allegro.url, shoper.url)
        manifest = load_manifest(files.manifest)
        assert run_sync(manifest).orders_imported > 0
        imported = {o["notes_priv"] for o in shoper.snapshot()["orders"]}
        form = next(
            f
            for f in allegro.state.store.forms.values()
            if marker(f["id"]) in imported and ((f.get("delivery") or {}).get("address") or {}).get("street")
        )
        before = _shoper_order(shoper, form["id"])["delivery_address"]
        assert before["street1"] == form["delivery"]["address"]["street"]

        allegro.state.modify(form["id"])  # BUYER_MODIFIED: a new street, a new revision
        new_street = allegro.state.store.forms[form["id"]]["delivery"]["address"]["street"]
        assert new_street != before["street1"]
        shoper.clear_requests()
        report = run_sync(manifest)
        after = _shoper_order(shoper, form["id"])
        assert report.orders_updated >= 1
        assert after["delivery_address"]["street1"] == new_street
        assert {k: v for k, v in after["delivery_address"].items() if k != "street1"} == {
            k: v for k, v in before.items() if k != "street1"
        }  # the recipient, city, postcode and phone stay as they were
        assert len(_order_puts(shoper)) == 1

        shoper.clear_requests()
        run_sync(manifest)  # nothing new on Allegro
        assert _order_puts(shoper) == []


names = st.none() | st.text(min_size=1, max_size=12)


@given(
    fields=st.fixed_dictionaries({key: names for key in DELIVERY_FIELDS}),
    buyer=st.fixed_dictionaries({"buyer_first_name": names, "buyer_last_name": names, "buyer_phone": names}),
)
def test_a_revision_that_moves_nothing_sends_nothing(fields: dict, buyer: dict) -> None:
    built = SimpleNamespace(**fields, **buyer, buyer_company=None, tax_id=None)
    sent = {
        "delivery_address": address(built, "000000000", billing=False),  # type: ignore[arg-type]
        "pickup_point": fields["pickup_point_id"] or "",
    }
    assert revised_delivery(fields, sent, "000000000") == sent
