"""Argument types shared by the commands: a bad value is a usage error (exit 2) that says what to write."""

from __future__ import annotations

import argparse
from collections.abc import Callable


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


MANIFEST_HELP = "the integration manifest (YAML), e.g. shop.yaml"
FORMAT_HELP = "text for people, json for scripts: one object on stdout, a failure too (default: %(default)s)"


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
