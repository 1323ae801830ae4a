"""The ``allegro-sync`` command line. The only package that knows about argparse.

Each command lives in its own module exposing ``register(subparsers)``; the module adds its parser and sets
``func`` (called with the parsed namespace, returning the exit code). Modules import the core lazily inside
``func`` so that ``allegro-sync validate`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from plugin import __version__

# command module → what it adds (for the reader; the modules themselves register the sub-commands)
COMMAND_MODULES: dict[str, str] = {
    "plugin.cli.validate_cmd": "validate, schema",
    "plugin.cli.simulator_cmd": "simulator",
    "plugin.cli.connect_cmd": "connect",
    "plugin.cli.sync_cmd": "plan, run",
    "plugin.cli.quarantine_cmd": "quarantine",
    "plugin.cli.demo_cmd": "demo",
    "plugin.cli.shop_cmd": "shop init",
    "plugin.cli.emails_cmd": "emails preview, emails send",
    "plugin.cli.offers_cmd": "offers publish",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="allegro-sync",
        description="Synchronise a shop with Allegro, driven by a YAML integration manifest.",
    )
    parser.add_argument("--version", action="version", version=f"allegro-sync {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a command still being built must not break the others
            if exc.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("allegro-sync: interrupted", file=sys.stderr)
        return 130
