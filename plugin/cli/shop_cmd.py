"""``allegro-sync shop init MANIFEST [--products CSV]`` creates the embedded shop and loads its catalogue;
``allegro-sync shop stock MANIFEST CODE (--set N | --add N)`` changes a product's stock by hand, recorded."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from plugin.cli._args import add_format, command_group, count, manifest_command
from plugin.cli.failures import EXIT_OK


def register(subparsers: Any) -> None:
    sub = command_group(
        subparsers, "shop", help="the shop: create the embedded one, change stock by hand", dest="shop_command"
    )
    init = manifest_command(
        sub,
        "init",
        help="create the shop database (and load a code,name,stock,price catalog)",
        description="Creates the embedded shop, or refreshes it: new products are added with the catalogue's "
        "stock; products the shop has get the catalogue's name and price but keep their stock (sales moved "
        "it), unless --reset-stock says otherwise. Every stock it sets is recorded.",
    )
    init.add_argument("--products", type=Path, metavar="CSV", help="catalog: code,name,stock,price")
    init.add_argument(
        "--reset-stock",
        action="store_true",
        help="also set the stock of products the shop already has to the catalogue's (recorded as corrections)",
    )
    add_format(init)
    init.set_defaults(func=_init)

    stock = manifest_command(
        sub,
        "stock",
        help="set or change one product's stock by hand (a delivery, a count, a correction)",
        description="Changes the stock of one product in the shop (any backend) and records it in the sync "
        "store with its reason; with sync.push_stock the next run pushes it to Allegro. Orders set aside "
        "because this product had no stock are named, and --retry-waiting queues them for the next run.",
    )
    stock.add_argument("code", metavar="CODE", help="the product code (the offer's external.id)")
    change = stock.add_mutually_exclusive_group(required=True)
    change.add_argument("--set", type=count(), metavar="N", help="the new stock (0 or more)")
    change.add_argument("--add", type=int, metavar="N", help="add N (negative: take away); the result stays ≥ 0")
    stock.add_argument(
        "--reason", default="manual correction", metavar="TEXT", help="recorded with the change (default: %(default)s)"
    )
    stock.add_argument(
        "--retry-waiting", action="store_true", help="retry the set-aside orders that waited for this product"
    )
    add_format(stock)
    stock.set_defaults(func=_stock)


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
        load = load_catalog(store, open_embedded(manifest, store), products, reset_stock=args.reset_stock)
    finally:
        store.close()
    result = {
        "shop": str(store.path),
        "products_loaded": load.loaded,
        "products_added": load.added,
        "products_refreshed": load.refreshed,
        "stock_reset": load.stock_reset,
    }
    if args.format == "json":
        print(json.dumps(result))
        return EXIT_OK
    from plugin.sync.text_report import plural

    kept = "" if args.reset_stock or not load.refreshed else ", their stock kept (--reset-stock to overwrite it)"
    reset = f", stock reset for {plural(load.stock_reset, 'product')}" if args.reset_stock else ""
    print(
        f"shop ready: {store.path} ({plural(load.added, 'product')} added, "
        f"{plural(load.refreshed, 'product')} refreshed{kept}{reset})"
    )
    return EXIT_OK


def _stock(args: argparse.Namespace) -> int:
    from plugin.sync.stock_by_hand import change_stock
    from plugin.sync.text_report import plural
    from plugin.validation import load_manifest

    change = change_stock(
        load_manifest(args.manifest),
        args.code,
        set_to=args.set,
        add=args.add,
        reason=args.reason,
        retry_waiting=args.retry_waiting,
    )
    if args.format == "json":
        print(json.dumps(change.to_json(), ensure_ascii=False))
        return EXIT_OK
    c = change.correction
    print(f"{c.product_code}: stock {c.stock_before} → {c.stock_after} ({c.delta:+d}, {c.reason}); recorded")
    if change.retried:
        print(f"  the next run retries {plural(len(change.retried), 'set-aside order')}: {', '.join(change.retried)}")
    elif change.waiting:
        print(
            f"  {plural(len(change.waiting), 'set-aside order')} waited for stock of {c.product_code}: "
            f"{', '.join(change.waiting)}\n  retry them with --retry-waiting, or "
            "`allegro-sync quarantine MANIFEST --retry ID…`"
        )
    return EXIT_OK
