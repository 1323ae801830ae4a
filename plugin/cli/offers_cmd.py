"""``allegro-sync offers publish``: list the shop's products that have stock but no Allegro offer yet."""

from __future__ import annotations

import argparse
import json
from typing import Any

from plugin.cli._args import add_format, command_group, manifest_command
from plugin.cli.failures import EXIT_OK, EXIT_PARTIAL


def register(subparsers: Any) -> None:
    commands = command_group(subparsers, "offers", help="the shop's offers on Allegro", dest="offers_command")
    publish = manifest_command(
        commands,
        "publish",
        help="list every shop product with stock and no offer (needs sync.list_products and location)",
        description="Creates an Allegro offer (name, price in PLN, stock, the manifest's location) for every "
        "shop product with stock > 0 whose code is no offer's external.id yet. Safe to repeat.",
    )
    publish.add_argument("--dry-run", action="store_true", help="look up and count, create nothing")
    add_format(publish)
    publish.set_defaults(func=_publish)


def render(data: dict[str, Any]) -> str:
    """The text report: the counts, then every failure with its fix."""
    created = "would be created" if data["dry_run"] else "created"
    lines = [
        f"offers {created}: {data['offers_created']}",
        f"offers existing: {data['offers_existing']}",
        f"products skipped (no stock): {data['products_skipped']}",
        f"errors: {data['errors']}",
    ]
    lines += [f"  {failure['code']}: {failure['message']}" for failure in data["failures"]]
    if data["errors"] > len(data["failures"]):
        lines.append(f"  … and {data['errors'] - len(data['failures'])} more")
    return "\n".join(lines)


def _publish(args: argparse.Namespace) -> int:
    from plugin.sync.console import Counted
    from plugin.sync.listing import publish
    from plugin.validation import load_manifest

    progress = Counted("offers publish", "products")
    try:  # Allegro unreachable or refusing the lookup rises (exit 3): nothing was created since
        report = publish(load_manifest(args.manifest), dry_run=args.dry_run, progress=progress)
    finally:
        progress.close()
    data = report.to_json()
    print(json.dumps(data, ensure_ascii=False) if args.format == "json" else render(data), flush=True)
    return EXIT_PARTIAL if report.error_count else EXIT_OK
