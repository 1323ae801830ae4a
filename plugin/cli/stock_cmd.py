"""``allegro-sync stock push MANIFEST [--dry-run] [--format json]``: shop stock → Allegro offer quantities."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from plugin.cli._args import add_format, command_group, manifest_command
from plugin.cli.failures import EXIT_OK, EXIT_PARTIAL


def register(subparsers: Any) -> None:
    commands = command_group(subparsers, "stock", help="shop stock and Allegro offer quantities", dest="stock_command")
    push = manifest_command(
        commands,
        "push",
        help="set every linked offer's quantity to the shop's stock minus stock.reserve",
        description="Imports Allegro's new orders first (their emails stay queued for `run`/`emails send`), so no "
        "unit Allegro sold is put on sale again; then sets each offer whose product's stock changed to "
        "max(0, stock − stock.reserve): grouped quantity commands, END at 0, resumed when stock is back.",
    )
    push.add_argument("--dry-run", action="store_true", help="show old → new quantities, change nothing")
    push.add_argument("--refresh", action="store_true", help="read every offer from Allegro's listing first")
    add_format(push)
    push.set_defaults(func=_push)


def _push(args: argparse.Namespace) -> int:
    """Failures rise to ``plugin.cli.main`` and are reported by class (``plugin.cli.failures``: Allegro
    unreachable is exit 3, not a configuration error); a real push is recorded in the run history."""
    from datetime import UTC, datetime

    from plugin.cli.failures import classify
    from plugin.cli.sync_cmd import remember
    from plugin.exceptions import AllegroSyncError
    from plugin.sync.runner import plan_sync, run_sync
    from plugin.validation import load_manifest

    manifest = load_manifest(args.manifest)
    if args.dry_run:
        report = plan_sync(manifest, push=True)
    else:
        started = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            report = run_sync(manifest, push=True, send=False, refresh_offers=args.refresh)
        except AllegroSyncError as exc:
            remember(manifest, started, outage=classify(exc), message=str(exc), command="stock push")
            raise
        remember(manifest, started, report=report, command="stock push")
    data = report.to_json()
    if "stock_changes" not in data:
        print("allegro-sync: error: the stock push did not run (see errors)", file=sys.stderr)
        for error in data["errors"]:
            print(f"  {error}", file=sys.stderr)
        if args.format == "json":  # a script still reads what the pass did
            print(json.dumps(data, ensure_ascii=False), flush=True)
        return EXIT_PARTIAL
    from plugin.sync.text_report import render

    print(
        json.dumps(data, ensure_ascii=False) if args.format == "json" else render(report, plan=args.dry_run), flush=True
    )
    return EXIT_PARTIAL if data["errors"] or data["quarantined_count"] else EXIT_OK
