"""A shop folder wired to a running simulator: the demo's manifest and catalog, the shop created."""

from __future__ import annotations

from pathlib import Path

from plugin.manifest.model import Manifest
from plugin.simulator.seller_catalog import catalog_from
from plugin.sync.demo import DemoFiles, build_demo

PRODUCTS = catalog_from(None)


def shop_folder(folder: Path, api_url: str) -> tuple[DemoFiles, Manifest]:
    return build_demo(folder, api_url, PRODUCTS)


def shop_without_stock(folder: Path, api_url: str) -> DemoFiles:
    """A shop with no stock under ``negative_stock: quarantine``: every paid order will be set aside."""
    from plugin.catalog_csv import Product, write_catalog
    from plugin.cli import main

    files, _ = shop_folder(folder, api_url)
    text = files.manifest.read_text().replace("update_stock: true", "update_stock: true\n  negative_stock: quarantine")
    files.manifest.write_text(text)
    empty = folder / "empty.csv"
    write_catalog(empty, [Product(p.code, p.name, 0, p.price) for p in PRODUCTS])
    assert main(["shop", "init", str(files.manifest), "--products", str(empty), "--reset-stock"]) == 0
    return files
