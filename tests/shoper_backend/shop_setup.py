"""Both simulators and a manifest for the Shoper backend, for the end-to-end tests."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugin.shoper_simulator.server import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from plugin.simulator.seller_catalog import catalog_from
from plugin.sync.demo import LOCAL_ALLEGRO, SECRET_ENV, SIMULATOR_SECRET, write_manifest

PRODUCTS = catalog_from(None)
SHOPER_SECRET_ENV = "SHOPER_TEST_SECRET"

MANIFEST = (
    """\
version: 1
shop:
  name: Sklep Testowy
  url: https://sklep.example.pl
  backend:
    type: shoper
    url: {shoper_url}
    client_id: {client_id}
    client_secret: ${{{secret_env}}}
    guest_account: allegro@sklep.example.pl
"""
    + LOCAL_ALLEGRO
    + """\
sync:
  import_orders: true
  send_confirmation_email: {confirm}
  register_customers: {register}
  update_stock: {update_stock}
email:
  sender: sklep@sklep.example.pl
  transport: {{type: outbox, path: ./outbox}}
mapping:
  order_status: {{READY_FOR_PROCESSING: Złożone, BOUGHT: Złożone, FILLED_IN: Złożone, CANCELLED: Anulowane}}
  shipping:
    default: Kurier DPD
    names: {{Allegro Paczkomaty InPost: Paczkomaty InPost, Allegro Paczkomaty InPost pobranie: Paczkomaty InPost}}
  payment:
    default: Płatność Allegro
    names: {{CASH_ON_DELIVERY: Płatność przy odbiorze}}
"""
)


@dataclass(frozen=True)
class ShoperFolder:
    folder: Path
    manifest: Path
    outbox: Path
    store: Path


def environment() -> dict[str, str]:
    return {SECRET_ENV: SIMULATOR_SECRET, SHOPER_SECRET_ENV: DEFAULT_CLIENT_SECRET}


def shoper_folder(
    folder: Path,
    api_url: str,
    shoper_url: str,
    *,
    register: bool = False,
    update_stock: bool = True,
    confirm: bool = True,
) -> ShoperFolder:
    os.environ.update(environment())
    manifest = write_manifest(
        folder,
        MANIFEST,
        api_url=api_url,
        shoper_url=shoper_url,
        client_id=DEFAULT_CLIENT_ID,
        secret_env=SHOPER_SECRET_ENV,
        register="true" if register else "false",
        update_stock="true" if update_stock else "false",
        confirm="true" if confirm else "false",
    )
    return ShoperFolder(folder, manifest, folder / "outbox", folder / "allegro-sync.sync.db")


def shop_state(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What a clean run and a killed-and-restarted run must agree on, without Shoper's own ids."""
    orders = {}
    lines_of: dict[str, list] = {}
    for line in snapshot["order_products"]:
        lines_of.setdefault(str(line["order_id"]), []).append(
            (line.get("code") or line.get("name"), str(line["quantity"]), str(line["price"]))
        )
    links = {str(a["order_id"]): a for a in snapshot["auction_orders"]}
    for order in snapshot["orders"]:
        key = order["notes_priv"]
        assert key not in orders, f"two orders for {key}"
        order_id = str(order["order_id"])
        orders[key] = {
            "status_id": str(order["status_id"])
            if "status_id" in order
            else str(order.get("status", {}).get("status_id")),
            "lines": sorted(lines_of.get(order_id, [])),
            "link": (links[order_id]["deal_id"], links[order_id]["buyer_login"]) if order_id in links else None,
            "email": order["email"],
        }
    emails = sorted(u["email"].casefold() for u in snapshot["users"])
    assert len(emails) == len(set(emails)), "two users with one email"
    return {"orders": orders, "stock": snapshot["stock"], "users": emails}


WRITES = {"POST", "PUT", "DELETE", "PATCH"}


def writes_in(log: list[dict]) -> list[str]:
    """The writes in the local Shoper's request log: POST, PUT, DELETE, but not the login nor a bulk of GETs."""
    found = []
    for entry in log:
        method, path = entry["method"].upper(), entry["path"]
        if method not in WRITES or path.rstrip("/").endswith("/auth"):
            continue
        if path.rstrip("/").endswith("/bulk"):
            inner = [str(op.get("method", "")).upper() for op in entry.get("operations") or []]
            if inner and all(m == "GET" for m in inner):
                continue
        found.append(f"{method} {path}")
    return found
