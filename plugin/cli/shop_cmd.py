"""``allegro-sync shop init MANIFEST [--products CSV]``: create the embedded shop and load its catalog."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from plugin.cli._args import FORMAT_HELP, MANIFEST_HELP


def register(subparsers: Any) -> None:
    shop = subparsers.add_parser("shop", help="the embedded SQLite shop")
    sub = shop.add_subparsers(dest="shop_command", metavar="SUBCOMMAND")
    shop.set_defaults(func=lambda args: _usage(shop))
    init = sub.add_parser("init", help="create the shop database (and load a code,name,stock,price catalog)")
    init.add_argument("manifest", type=Path, metavar="MANIFEST", help=MANIFEST_HELP)
    init.add_argument("--products", type=Path, metavar="CSV", help="catalog: code,name,stock,price")
    init.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    init.set_defaults(func=_init)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _init(args: argparse.Namespace) -> int:
    from plugin.shop.backends import embedded_only, open_embedded
    from plugin.shop.catalog_load import load_catalog, read_catalog
    from plugin.store.open_store import open_store
    from plugin.validation import load_manifest

    manifest = load_manifest(args.manifest)
    embedded_only(manifest)
    products = read_catalog(args.products) if args.products else []
    store = open_store(manifest, create=True)
    try:
        loaded = load_catalog(store, open_embedded(manifest, store), products)
    finally:
        store.close()
    result = {"shop": str(store.path), "products_loaded": loaded}
    if args.format == "json":
        print(json.dumps(result))
    else:
        print(f"shop ready: {store.path} ({loaded} product(s) loaded)")
    return 0
