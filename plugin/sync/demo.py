"""``allegro-sync demo``: a simulator, a manifest, a SQLite shop and an outbox in one folder, then one run.

Everything the demo writes is an ordinary file an integrator can open: the manifest to copy from, the
catalog CSV, ``shop.db`` (see the schema in the README) and ``outbox/*.eml``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from plugin.catalog_csv import write_catalog
from plugin.manifest.model import Manifest

SECRET_ENV = "ALLEGRO_DEMO_SECRET"  # noqa: S105 - the name of a variable, not its value
SIMULATOR_SECRET = "local-secret"  # noqa: S105 - the bundled simulator's public default, not a secret

# the local Allegro as every demo and test manifest reaches it; written by `write_manifest`
LOCAL_ALLEGRO = """\
allegro:
  environment: local
  api_url: {api_url}
  client_id: local-client
  client_secret: ${{{allegro_env}}}
  connected_since: {since}
  token_file: ./tokens.json
"""

MANIFEST_TEMPLATE = (
    """\
# Written by `allegro-sync demo`: a shop synchronised with the bundled Allegro simulator.
version: 1
shop:
  name: Sklep Demo
  url: https://sklep-demo.example.pl
  backend: {{type: sqlite, path: ./shop.db}}
"""
    + LOCAL_ALLEGRO
    + """\
sync:
  import_orders: true
  send_confirmation_email: true
  register_customers: true
  update_stock: true
{push_line}  import_archived: false
email:
  sender: sklep@sklep-demo.example.pl
  transport: {{type: outbox, path: ./outbox}}
  archived_orders: {{send: false}}
mapping:
  shipping:
    default: Przesyłka kurierska
    names:
      Allegro Paczkomaty InPost: Paczkomat InPost
      Allegro Paczkomaty InPost pobranie: Paczkomat InPost (pobranie)
      Allegro Kurier DPD: Kurier DPD
      Allegro Kurier DPD pobranie: Kurier DPD (pobranie)
      Allegro One Box, DPD: Automat DPD
      Allegro Odbiór w Punkcie Orlen Paczka: Orlen Paczka
  payment:
    default: Płatność przez Allegro
    names: {{ONLINE: Płatność online (Allegro), CASH_ON_DELIVERY: Za pobraniem}}
"""
)


@dataclass(frozen=True)
class DemoFiles:
    folder: Path
    manifest: Path
    catalog: Path
    shop: Path
    outbox: Path


def write_manifest(folder: Path, template: str, *, api_url: str, **fields: str) -> Path:
    """``folder``/allegro-sync.yaml from a template holding ``LOCAL_ALLEGRO``: connected two weeks ago, so the
    simulator's recent orders are imported and its older ones are archival."""
    folder.mkdir(parents=True, exist_ok=True)
    since = (datetime.now(UTC) - timedelta(days=14)).date().isoformat()
    manifest = folder / "allegro-sync.yaml"
    text = template.format(api_url=api_url, since=since, allegro_env=SECRET_ENV, **fields)
    manifest.write_text(text, encoding="utf-8")
    return manifest


def write_demo(folder: Path, api_url: str, products: tuple, *, push_stock: bool = False) -> DemoFiles:
    """Write the manifest and the catalog (the simulator's own products) into ``folder``."""
    push_line = "  push_stock: true\n" if push_stock else ""  # `demo` shows the stock push; tests add it themselves
    manifest = write_manifest(folder, MANIFEST_TEMPLATE, api_url=api_url, push_line=push_line)
    catalog = folder / "catalog.csv"
    write_catalog(catalog, products)
    return DemoFiles(folder, manifest, catalog, folder / "shop.db", folder / "outbox")


def build_demo(folder: Path, api_url: str, products: tuple, *, push_stock: bool = False) -> tuple[DemoFiles, Manifest]:
    """``write_demo``, then the manifest loaded and the shop created with the catalog in it."""
    from plugin.shop.backends import open_embedded
    from plugin.shop.catalog_load import load_catalog, read_catalog
    from plugin.store.open_store import open_store
    from plugin.validation import load_manifest

    os.environ.setdefault(SECRET_ENV, SIMULATOR_SECRET)
    files = write_demo(folder, api_url, products, push_stock=push_stock)
    manifest = load_manifest(files.manifest)
    store = open_store(manifest, create=True)
    try:
        load_catalog(store, open_embedded(manifest, store), read_catalog(files.catalog))
    finally:
        store.close()
    return files, manifest
