"""``allegro-sync demo [--orders N] [--dir DIR] [--shop sqlite|shoper]``: the whole path of an Allegro order in one
command, into the embedded shop or into a local Shoper."""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from plugin.cli._args import add_format, count
from plugin.cli.failures import usage


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="simulator + SQLite shop + outbox in one folder, then one sync")
    demo.add_argument(
        "--orders", type=count(1_000_000), default=200, metavar="N", help="recent orders (default: %(default)s)"
    )
    demo.add_argument(
        "--archived",
        type=count(1_000_000),
        default=20,
        metavar="N",
        help="archival orders, not imported (default: %(default)s)",
    )
    demo.add_argument(
        "--dir",
        type=Path,
        default=Path("allegro-sync-demo"),
        metavar="DIR",
        help="folder for the manifest, shop.db and outbox/ (default: %(default)s)",
    )
    demo.add_argument(
        "--seed", type=int, default=0, metavar="S", help="random seed: same seed, same orders (default: %(default)s)"
    )
    demo.add_argument(
        "--shop",
        choices=("sqlite", "shoper"),
        default="sqlite",
        help="the shop the orders land in: the embedded SQLite shop, or a local Shoper (`shoper-simulator`) reached "
        "through its REST API (default: %(default)s)",
    )
    add_format(demo)
    demo.set_defaults(func=_demo)


def shop_side_change(manifest: Any, sim: Any) -> dict[str, Any]:
    """A stock change made in the shop (``shop stock --set``) and the pass that carries it to Allegro."""
    from plugin.sync.runner import run_sync
    from plugin.sync.stock_by_hand import change_stock

    offer = max((o for o in sim.state.offers.offers if o.status == "ACTIVE"), key=lambda o: o.available)
    before = offer.available
    change = change_stock(manifest, offer.external_id, add=-3, reason="demo: three sold in the shop's own storefront")
    again = run_sync(manifest, send=False)
    return {
        "product": offer.external_id,
        "shop_before": change.correction.stock_before,
        "shop_after": change.correction.stock_after,
        "offer_id": offer.id,
        "offer_before": before,
        "offer_after": offer.available if offer.status == "ACTIVE" else 0,
        "api_calls": again.api_calls,
    }


def _demo(args: argparse.Namespace) -> int:
    from plugin.cli.sync_cmd import remember
    from plugin.simulator.seller_catalog import catalog_from
    from plugin.simulator.server import start_simulator
    from plugin.sync.console import Progress
    from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET, build_demo
    from plugin.sync.runner import run_sync
    from plugin.sync.text_report import render

    if args.dir.exists() and not args.dir.is_dir():
        return usage(f"--dir {args.dir} is a file; pass a new folder for the demo", args)
    if args.dir.exists() and any((args.dir / name).exists() for name in ("shop.db", "allegro-sync.sync.db")):
        return usage(f"{args.dir} already holds a demo; remove it or pass --dir NEW_DIR", args)
    if args.shop == "shoper":
        return _shoper_demo(args)
    progress = Progress()
    try:
        products = catalog_from(None)  # the simulator's built-in catalog is also the shop's
        with start_simulator(
            products=list(products), orders=args.orders, archived=args.archived, seed=args.seed
        ) as sim:
            url = sim.url
            files, manifest = build_demo(args.dir, url, products, push_stock=True)
            started = datetime.now(UTC).isoformat(timespec="seconds")
            report = run_sync(manifest, progress=progress)
            stock = shop_side_change(manifest, sim)
    finally:
        progress.close()
    remember(manifest, started, report=report, command="demo")  # `status` on the demo folder shows this pass
    if args.format == "json":
        print(json.dumps({**report.to_json(), "dir": str(files.folder), "stock_demo": stock}, ensure_ascii=False))
        return 0
    print(render(report))
    print(
        f"\nStock both ways: {stock['product']}'s stock in the shop was set by hand from {stock['shop_before']} to "
        f"{stock['shop_after']} (as the storefront or an employee would). The next pass pushed it: Allegro's offer "
        f"{stock['offer_id']} went from {stock['offer_before']} to {stock['offer_after']} units on sale"
        + (
            f" ({stock['shop_after'] - stock['offer_after']} unit(s) held back for unpaid Allegro purchases)"
            if stock["shop_after"] != stock["offer_after"]
            else ""
        )
        + f", in {stock['api_calls']} Allegro calls for the whole pass."
    )

    print(
        f"\nLook at:\n  {files.manifest}   the manifest (copy it for your shop)\n"
        f"  {files.shop}   the shop: sqlite3 {files.shop} 'SELECT * FROM orders LIMIT 5'\n"
        f"  {files.outbox}/   the emails the buyers got (.eml)\n"
        f"The simulator stopped with the demo. To go on, start it on the manifest's port and plan the next run:\n"
        f"  allegro-sync simulator --port {urlsplit(url).port} --seed {args.seed} --orders {args.orders} "
        f"--archived {args.archived} &\n"
        f"  {SECRET_ENV}={SIMULATOR_SECRET} allegro-sync plan {files.manifest}"
    )
    return 0


def _shoper_demo(args: argparse.Namespace) -> int:
    from plugin.cli.sync_cmd import remember
    from plugin.shoper_simulator.server import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, start_shoper_simulator
    from plugin.simulator.seller_catalog import catalog_from
    from plugin.simulator.server import start_simulator
    from plugin.sync.console import Progress
    from plugin.sync.demo_shoper import SHOPER_SECRET_ENV, write_shoper_demo
    from plugin.sync.runner import run_sync
    from plugin.sync.text_report import render
    from plugin.validation import load_manifest

    progress = Progress()
    products = catalog_from(None)  # the Allegro simulator's catalog is also the Shoper shop's
    started = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with (
            start_simulator(products=list(products), orders=args.orders, archived=args.archived, seed=args.seed) as sim,
            # a wide bucket so the demo takes seconds; a real shop allows 10 calls draining 2 a second
            start_shoper_simulator(products=list(products), bucket_size=1000, drain=1000) as shoper,
        ):
            manifest_path = write_shoper_demo(args.dir, sim.url, shoper.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
            manifest = load_manifest(manifest_path)
            report = run_sync(manifest, progress=progress)
            state = shoper.snapshot()
    finally:
        progress.close()
    remember(manifest, started, report=report, command="demo")  # `status` on the demo folder shows this pass
    shop_file = args.dir / "shoper-state.json"
    keep = ("orders", "users", "auction_orders", "stock")
    fd = os.open(shop_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # buyers' names and addresses
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({k: state[k] for k in keep}, out, ensure_ascii=False, indent=1)
    if args.format == "json":
        print(json.dumps({**report.to_json(), "dir": str(args.dir)}, ensure_ascii=False))
        return 0
    print(render(report))
    print(
        f"\nLook at:\n  {manifest_path}   the manifest (shop.backend type shoper; copy it for your shop)\n"
        f"  {shop_file}   what the local Shoper held at the end: orders with their lines, users, "
        f"auction-orders, stock\n"
        f"  {args.dir / 'outbox'}/   the emails the buyers got (.eml)\n"
        f"Both simulators stopped with the demo. To go on, start them on the manifest's ports "
        f"(allegro-sync simulator, allegro-sync shoper-simulator) with {SHOPER_SECRET_ENV} set, then "
        f"`allegro-sync plan {manifest_path}`."
    )
    return 0
