"""Argument types shared by the commands: a bad value is a usage error (exit 2) that says what to write."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def count(maximum: int | None = None) -> Callable[[str], int]:
    """A whole number from 0 to ``maximum`` (``--orders``, ``--limit``)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < 0 or (maximum is not None and number > maximum):
            bound = "0 or more" if maximum is None else f"between 0 and {maximum:,}"
            raise argparse.ArgumentTypeError(f"must be {bound}")
        return number

    return parse


MANIFEST_HELP = "the integration manifest (YAML), e.g. shop.yaml"
FORMAT_HELP = "text for people, json for scripts: one object on stdout, a failure too (default: %(default)s)"


def seconds(value: str) -> float:
    """A positive number of seconds (``--interval``)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return number
