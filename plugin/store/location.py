"""Where a manifest's sync store lives: always a local SQLite file beside the manifest.

With the embedded shop it is the shop's own file (``shop.backend.path``), so one transaction covers both.
With any other shop it is ``<manifest name>.sync.db`` in the manifest's folder, created by the first ``run``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plugin.manifest.model import Manifest


@dataclass(frozen=True)
class StorePlace:
    path: Path
    label: str  # how messages call the file
    setting: str  # the manifest setting (or fact) to fix when the path is wrong
    made_by_run: bool  # False: ``shop init`` creates it, and a missing file is an error for every other command


def embedded_place(path: Path) -> StorePlace:
    """The embedded shop's file, which holds the store too."""
    return StorePlace(Path(path), "the shop database", "shop.backend.path", made_by_run=False)


def _embedded(manifest: Manifest) -> StorePlace:
    return embedded_place(manifest.shop.backend.path)  # type: ignore[union-attr]  # listed for type: sqlite only


def _beside_manifest(manifest: Manifest) -> StorePlace:
    folder = manifest.source.parent if manifest.source is not None else Path.cwd()
    stem = manifest.source.stem if manifest.source is not None else "allegro-sync"
    return StorePlace(folder / f"{stem}.sync.db", "the sync store", "the manifest's folder", made_by_run=True)


#: shop.backend.type → where its store lives; a type not listed keeps its store beside the manifest.
PLACES: dict[str, Callable[[Manifest], StorePlace]] = {"sqlite": _embedded}


def store_place(manifest: Manifest) -> StorePlace:
    return PLACES.get(manifest.shop.backend.type, _beside_manifest)(manifest)
