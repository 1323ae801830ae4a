"""A shop folder wired to a running simulator: the demo's manifest and catalog, the shop created."""

from __future__ import annotations

from pathlib import Path

from plugin.manifest.model import Manifest
from plugin.simulator.catalog import catalog_from
from plugin.sync.demo import DemoFiles, build_demo

PRODUCTS = catalog_from(None)


def shop_folder(folder: Path, api_url: str) -> tuple[DemoFiles, Manifest]:
    return build_demo(folder, api_url, PRODUCTS)
