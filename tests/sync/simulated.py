"""A shop folder wired to a running simulator: the demo's manifest and catalog, the shop created; the simulator and
the folder as fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plugin.manifest.model import Manifest
from plugin.simulator.seller_catalog import catalog_from
from plugin.simulator.server import RunningSimulator, start_simulator
from plugin.sync.demo import DemoFiles, build_demo

PRODUCTS = catalog_from(None)


def shop_folder(folder: Path, api_url: str) -> tuple[DemoFiles, Manifest]:
    return build_demo(folder, api_url, PRODUCTS)


def simulator_fixture(*, orders: int, seed: int, archived: int = 0, scope: str = "function") -> Any:
    """A fixture: the local Allegro selling the demo's products, ``orders`` bought lately and ``archived`` long
    ago, stopped when ``scope`` ends. Named by what it is assigned to: ``simulator = simulator_fixture(...)``."""

    @pytest.fixture(scope=scope)
    def running() -> Iterator[RunningSimulator]:
        with start_simulator(products=list(PRODUCTS), orders=orders, archived=archived, seed=seed) as sim:
            yield sim

    return running


@pytest.fixture(name="shop")
def demo_shop(tmp_path: Path, simulator: RunningSimulator) -> DemoFiles:
    """A demo folder (manifest, catalog, SQLite shop) pointed at the running ``simulator``; a conftest imports it."""
    return shop_folder(tmp_path / "sklep", simulator.url)[0]


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
