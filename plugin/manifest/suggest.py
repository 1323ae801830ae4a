""" "Did you mean …?" for misspelt keys and values (difflib, the same ratio editors use)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` did you mean 'import_orders'?`` or an empty string when nothing is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(str(choice) for choice in choices)
