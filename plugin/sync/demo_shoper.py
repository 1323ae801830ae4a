"""``allegro-sync demo --shop shoper``: the demo against both simulators, the orders landing in a local Shoper.

The manifest differs from the embedded demo only in ``shop.backend`` and in the mapping, which names what the
local Shoper has (its statuses, shippings and payments, as a trial Shoper shop has them).
"""

from __future__ import annotations

import os
from pathlib import Path

from plugin.sync.demo import LOCAL_ALLEGRO, SECRET_ENV, SIMULATOR_SECRET, write_manifest

SHOPER_SECRET_ENV = "SHOPER_DEMO_SECRET"  # noqa: S105 - the name of a variable, not its value

MANIFEST_TEMPLATE = (
    """\
# Written by `allegro-sync demo --shop shoper`: Allegro orders into a (local) Shoper shop.
version: 1
shop:
  name: Sklep Demo
  url: https://sklep-demo.example.pl
  backend:
    type: shoper
    url: {shoper_url}
    client_id: {client_id}                 # a WebAPI user; or instead: token: ${{SHOPER_TOKEN}}
    client_secret: ${{{secret_env}}}
    guest_account: allegro@sklep-demo.example.pl
"""
    + LOCAL_ALLEGRO
    + """\
sync:
  import_orders: true
  send_confirmation_email: true
  register_customers: true
  update_stock: true
email:
  sender: sklep@sklep-demo.example.pl
  transport: {{type: outbox, path: ./outbox}}
mapping:                                   # names as the Shoper panel shows them
  order_status: {{BOUGHT: Złożone, FILLED_IN: Złożone, READY_FOR_PROCESSING: Złożone, CANCELLED: Anulowane}}
  shipping:
    default: Kurier DPD
    names:
      Allegro Paczkomaty InPost: Paczkomaty InPost
      Allegro Paczkomaty InPost pobranie: Paczkomaty InPost
      Allegro One Box, DPD: Allegro One Box
  payment:
    default: Płatność Allegro
    names: {{CASH_ON_DELIVERY: Płatność przy odbiorze}}
"""
)


def write_shoper_demo(folder: Path, api_url: str, shoper_url: str, client_id: str, client_secret: str) -> Path:
    """The manifest in ``folder`` (the secrets as environment variables, set here for the demo's own run)."""
    os.environ.setdefault(SECRET_ENV, SIMULATOR_SECRET)
    os.environ.setdefault(SHOPER_SECRET_ENV, client_secret)
    return write_manifest(
        folder,
        MANIFEST_TEMPLATE,
        api_url=api_url,
        shoper_url=shoper_url,
        client_id=client_id,
        secret_env=SHOPER_SECRET_ENV,
    )
