"""A buyer's user is made once, even when the call that made it lost its answer and a later order of the same
buyer, under another masked address, is imported before the first order is retried."""

from __future__ import annotations

import json

from plugin.cli import main
from plugin.shoper_simulator.server import start_shoper_simulator
from plugin.simulator.server import start_simulator
from tests.shoper_backend.shop_setup import PRODUCTS, shoper_folder


def run(manifest) -> int:
    return main(["run", str(manifest), "--once", "--format", "json"])


def test_a_user_whose_answer_was_lost_is_found_by_the_next_order_of_the_buyer(tmp_path, capsys):
    with (
        start_simulator(products=list(PRODUCTS), orders=6, archived=0, seed=21) as allegro,
        start_shoper_simulator(products=list(PRODUCTS), bucket_size=100_000, drain=100_000) as shop,
    ):
        forms = [f for f in allegro.state.store.forms.values() if f["status"] == "READY_FOR_PROCESSING"]
        buyer = next(b for b in {f["buyer"]["id"] for f in forms} if sum(f["buyer"]["id"] == b for f in forms) > 1)
        emails = {f["buyer"]["email"] for f in forms if f["buyer"]["id"] == buyer}
        assert len(emails) > 1  # one buyer, a masked address per order
        files = shoper_folder(tmp_path, allegro.url, shop.url, register=True)
        # building ahead is cut short before any user is made; then the first user made one at a time (the first
        # order of ``buyer``) is made by Shoper and its answer lost
        shop.fault("drop_before", count=1, method="POST", path="users")
        shop.fault("drop", count=1, method="POST", path="users")

        assert run(files.manifest) == 1  # the first order is set aside: did Shoper make its user?
        report = json.loads(capsys.readouterr().out)
        dropped = next(r for r in shop.requests() if r.get("fault") == "drop" and r["path"].endswith("/users"))
        lost_email = dropped["body"]["email"]
        assert lost_email in emails
        first_form = next(f["id"] for f in forms if f["buyer"]["email"] == lost_email)
        assert [q["checkout_form_id"] for q in report["quarantined"]] == [first_form]
        later = {f["id"] for f in forms if f["buyer"]["id"] == buyer} - {first_form}
        built = {o["notes_priv"].rsplit(" ", 1)[-1] for o in shop.snapshot()["orders"]}
        assert later <= built  # the buyer's later orders were imported before the first is retried

        assert run(files.manifest) == 0  # the first order, retried
        snap = shop.snapshot()
    buyer_orders = [a["order_id"] for a in snap["auction_orders"] if a["buyer_id"] == buyer]
    assert len(buyer_orders) == len(later) + 1
    users = {str(o["user_id"]) for o in snap["orders"] if o["order_id"] in buyer_orders}
    assert len(users) == 1  # every order of the buyer on one user
    mine = [u for u in snap["users"] if u["email"] in emails]
    assert [u["email"] for u in mine] == [lost_email]  # made once, under the first order's address
    assert len(snap["users"]) == len({a["buyer_id"] for a in snap["auction_orders"]})
