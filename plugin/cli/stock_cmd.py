"""``allegro-sync stock push MANIFEST [--dry-run] [--format json]``: shop stock → Allegro offer quantities."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from plugin.cli._args import FORMAT_HELP, MANIFEST_HELP

FORMATS = ("text", "json")
EXIT_OK, EXIT_PARTIAL, EXIT_CONFIG = 0, 1, 2


def register(subparsers: Any) -> None:
    stock = subparsers.add_parser("stock", help="shop stock and Allegro offer quantities")
    commands = stock.add_subparsers(dest="stock_command", metavar="SUBCOMMAND")
    push = commands.add_parser(
        "push",
        help="set every linked offer's quantity to the shop's stock minus stock.reserve",
        description="Imports Allegro's new orders first (their emails stay queued for `run`/`emails send`), so no "
        "unit Allegro sold is put on sale again; then sets each offer whose product's stock changed to "
        "max(0, stock − stock.reserve): grouped quantity commands, END at 0, resumed when stock is back.",
    )
    push.add_argument("manifest", type=Path, metavar="MANIFEST", help=MANIFEST_HELP)
    push.add_argument("--dry-run", action="store_true", help="show old → new quantities, change nothing")
    push.add_argument("--refresh", action="store_true", help="read every offer from Allegro's listing first")
    push.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)
    push.set_defaults(func=_push)
    stock.set_defaults(func=lambda _args: _usage(stock))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_CONFIG


def _push(args: argparse.Namespace) -> int:
    from plugin.exceptions import AllegroSyncError, AuthError
    from plugin.manifest import load_manifest
    from plugin.sync.runner import plan_sync, run_sync

    try:
        manifest = load_manifest(args.manifest)
        if args.dry_run:
            report = plan_sync(manifest, push=True)
        else:
            report = run_sync(manifest, push=True, send=False, refresh_offers=args.refresh)
    except AuthError as exc:
        print(f"allegro-sync: error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except AllegroSyncError as exc:
        print(f"allegro-sync: error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    data = report.to_json()
    if "stock_changes" not in data:
        print("allegro-sync: error: the stock push did not run (see errors)", file=sys.stderr)
        for error in data["errors"]:
            print(f"  {error}", file=sys.stderr)
        return EXIT_PARTIAL
    from plugin.sync.text_report import render

    print(
        json.dumps(data, ensure_ascii=False) if args.format == "json" else render(report, plan=args.dry_run), flush=True
    )
    return EXIT_PARTIAL if data["errors"] or data["quarantined_count"] else EXIT_OK
