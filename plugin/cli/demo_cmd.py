"""``allegro-sync demo [--orders N] [--dir DIR]``: see the whole path of an Allegro order in one command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from plugin.cli._args import FORMAT_HELP, count
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
    demo.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    demo.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    from plugin.simulator.seller_catalog import catalog_from
    from plugin.simulator.server import start_simulator
    from plugin.sync.console import Progress
    from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET, build_demo
    from plugin.sync.runner import run_sync
    from plugin.sync.text_report import render

    if args.dir.exists() and not args.dir.is_dir():
        return usage(f"--dir {args.dir} is a file; pass a new folder for the demo", args)
    if args.dir.exists() and (args.dir / "shop.db").exists():
        return usage(f"{args.dir} already holds a demo; remove it or pass --dir NEW_DIR", args)
    progress = Progress()
    try:
        products = catalog_from(None)  # the simulator's built-in catalog is also the shop's
        with start_simulator(
            products=list(products), orders=args.orders, archived=args.archived, seed=args.seed
        ) as sim:
            url = sim.url
            files, manifest = build_demo(args.dir, url, products)
            report = run_sync(manifest, progress=progress)
    finally:
        progress.close()
    if args.format == "json":
        print(json.dumps({**report.to_json(), "dir": str(files.folder)}, ensure_ascii=False))
        return 0
    print(render(report))
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
