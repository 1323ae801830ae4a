"""A shop folder wired to a running simulator: the demo's manifest and catalog, the shop created."""

from __future__ import annotations

import os
from pathlib import Path

from plugin.manifest import load_manifest
from plugin.manifest.model import Manifest
from plugin.shop.catalog import load_catalog, read_catalog
from plugin.shop.sqlite import open_shop
from plugin.simulator.catalog import catalog_from
from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET, DemoFiles, write_demo

PRODUCTS = catalog_from(None)


def shop_folder(folder: Path, api_url: str) -> tuple[DemoFiles, Manifest]:
    os.environ.setdefault(SECRET_ENV, SIMULATOR_SECRET)
    files = write_demo(folder, api_url, PRODUCTS)
    manifest = load_manifest(files.manifest)
    shop = open_shop(manifest, create=True)
    load_catalog(shop, read_catalog(files.catalog))
    shop.close()
    return files, manifest
