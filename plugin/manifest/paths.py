"""JSON paths (``$.sync.import_orders``, ``$.rules[0].handlers[1]``) for findings, from key/index tuples."""

from __future__ import annotations

import re
from collections.abc import Iterable

Path_ = tuple[str | int, ...]
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def json_path(path: Iterable[str | int]) -> str:
    """``('rules', 0, 'handlers')`` → ``$.rules[0].handlers``; odd keys are quoted: ``$.names['Paczkomaty 24/7']``."""
    parts = ["$"]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _IDENTIFIER.match(part):
            parts.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{escaped}']")
    return "".join(parts)


def dotted(path: Iterable[str | int]) -> str:
    """A short human name for a place in the manifest: ``rules[0].handlers`` (``the top level`` for the root)."""
    text = json_path(path)[1:].lstrip(".")
    return text or "the top level"
