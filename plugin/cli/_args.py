"""What the commands' parsers share, so that every command reads alike: the argument types (a bad value is a usage
error, exit 2, that says what to write), ``MANIFEST`` first, ``--format`` and the words that group subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plugin.cli.failures import EXIT_CONFIG

MANIFEST_HELP = "the integration manifest (YAML), e.g. shop.yaml"
FORMAT_HELP = "text for people, json for scripts: one object on stdout, a failure too (default: %(default)s)"
FORMATS = ("text", "json")


def count(maximum: int | None = None, *, minimum: int = 0) -> Callable[[str], int]:
    """A whole number from ``minimum`` to ``maximum`` (``--orders``, ``--limit``, ``--bucket-size``)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < minimum or (maximum is not None and number > maximum):
            bound = f"{minimum} or more" if maximum is None else f"between {minimum} and {maximum:,}"
            raise argparse.ArgumentTypeError(f"must be {bound}")
        return number

    return parse


def positive(unit: str = "") -> Callable[[str], float]:
    """A finite number above 0, in ``unit`` when it has one (``--interval`` in seconds, ``--drain``)."""
    of_unit, in_unit = (f" of {unit}", f" {unit}") if unit else ("", "")

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a number{of_unit}") from None
        if not number > 0 or number == float("inf"):
            raise argparse.ArgumentTypeError(f"must be more than 0{in_unit}")
        return number

    return parse


seconds = positive("seconds")


def manifest_command(subparsers: Any, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A command on one manifest: its parser, ``MANIFEST`` first."""
    parser = subparsers.add_parser(name, **kwargs)
    parser.add_argument("manifest", type=Path, metavar="MANIFEST", help=MANIFEST_HELP)
    return parser


def add_format(parser: argparse.ArgumentParser) -> None:
    """``--format text|json``, wherever a script may read the output."""
    parser.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)


def command_group(subparsers: Any, name: str, *, help: str, dest: str) -> Any:
    """A word that only groups subcommands (``shop init``, ``emails send``): alone, it prints its help on stderr
    and exits 2. Returns the subparsers to add its subcommands to."""
    group = subparsers.add_parser(name, help=help)
    group.set_defaults(func=lambda _args: _usage(group))
    return group.add_subparsers(dest=dest, metavar="SUBCOMMAND")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_CONFIG
