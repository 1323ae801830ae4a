"""``allegro-sync quarantine MANIFEST``: list orders the engine set aside; ``--retry``/``--retry-all``/``--drop``.

Exit codes: 0 done, 2 for a configuration error or an id that is not set aside (nothing is changed then),
4 shop unavailable (``plugin.cli.failures``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from plugin.cli._args import add_format, manifest_command
from plugin.cli.failures import EXIT_OK


def register(subparsers: Any) -> None:
    cmd = manifest_command(
        subparsers,
        "quarantine",
        help="list orders set aside by `run`; retry them or give them up",
        description="Without options, lists set-aside orders. --retry/--retry-all reset their attempts so the "
        "next `run` tries again; --drop gives an order up (recorded; `run` passes it over until retried).",
    )
    action = cmd.add_mutually_exclusive_group()
    action.add_argument("--retry", nargs="+", metavar="ID", help="checkout form ids to try again in the next run")
    action.add_argument("--retry-all", action="store_true", help="try every set-aside order again (not dropped)")
    action.add_argument("--drop", nargs="+", metavar="ID", help="checkout form ids to give up on purpose")
    add_format(cmd)
    cmd.set_defaults(func=_quarantine)


def _quarantine(args: argparse.Namespace) -> int:
    from plugin.store import quarantine
    from plugin.store.open_store import opened_store
    from plugin.sync.runner import exclusive
    from plugin.validation import load_manifest

    manifest = load_manifest(args.manifest)
    changing = bool(args.retry or args.retry_all or args.drop)
    with opened_store(manifest, copy=not changing) as store:  # listing writes nothing
        if changing:
            with exclusive(store.path):  # a run reads the quarantine once; change it between runs
                changed = _change(quarantine, store, args)
            result: dict[str, Any] = changed
        else:
            result = {"orders": [entry.to_json() for entry in quarantine.set_aside(store)]}
    print(json.dumps(result, ensure_ascii=False) if args.format == "json" else _text(result))
    return EXIT_OK


def _change(quarantine: Any, store: Any, args: argparse.Namespace) -> dict[str, Any]:
    if args.drop:
        return {"dropped": quarantine.drop(store, args.drop)}
    return {"retried": quarantine.retry(store, None if args.retry_all else args.retry)}


def _text(result: dict[str, Any]) -> str:
    from plugin.sync.text_report import plural

    if "dropped" in result:
        ids = result["dropped"]
        return (
            f"dropped {plural(len(ids), 'order')}: {', '.join(ids)}; `run` passes them over (--retry ID takes one back)"
        )
    if "retried" in result:
        ids = result["retried"]
        return f"the next `allegro-sync run` retries {plural(len(ids), 'order')}" + (
            f": {', '.join(ids)}" if ids else ""
        )
    orders = result["orders"]
    if not orders:
        return "no orders set aside"
    lines = [f"{plural(len(orders), 'order')} set aside:"]
    for o in orders:
        lines.append(
            f"  {o['checkout_form_id']}  {o['state']}  attempts {o['attempts']}  first {o['first_attempt']}"
            f"  last {o['last_attempt']}  ({o['kind']}): {_one_line(o['reason'])}"
        )
    return "\n".join(lines)


def _one_line(text: str) -> str:
    """Reasons may quote buyer data: no line breaks or control characters reach the terminal."""
    return "".join(ch if ch.isprintable() else " " for ch in text)
