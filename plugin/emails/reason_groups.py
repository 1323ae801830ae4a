"""Many messages of one kind, said once: grouped by their reason with a count and a few examples.

A run that quarantines 29,662 orders for want of stock, or cannot write 256 emails into a read-only folder,
says so in one line per reason, not one per record. Reasons differ only in their particulars (a product code,
a file name, a number), so they are grouped by a *shape*: the reason with those particulars blanked out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

EXAMPLES = 3
_PARTICULARS = (
    (re.compile(r"<[^<>\s]+@[^<>\s]+>"), "<…>"),  # Message-IDs
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), "…"),  # uuids
    (re.compile(r"'[^'\n]*'"), "'…'"),
    (re.compile(r'"[^"\n]*"'), '"…"'),
    (re.compile(r"„[^”\n]*”"), "„…”"),
    (re.compile(r"(/[^\s:'\"]+/)[^\s:/'\"]+"), r"\1…"),  # the last part of a path (a per-message file)
    (re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])"), "N"),
)


def shape(reason: str) -> str:
    """``reason`` with its particulars (ids, quoted values, file names, numbers) blanked out."""
    for pattern, blank in _PARTICULARS:
        reason = pattern.sub(blank, reason)
    return reason


@dataclass
class ReasonGroup:
    reason: str  # the first reason of this shape, as it was
    count: int = 0
    examples: list[str] = field(default_factory=list)  # subjects (order or message ids), the first few

    def line(self, noun: str = "record") -> str:
        more = f" (and {self.count - 1} more alike)" if self.count > 1 else ""
        shown = ", ".join(self.examples) + (", …" if self.count > len(self.examples) else "")
        return f"{self.count} {noun}{'s' if self.count != 1 else ''}: {self.reason}{more} — e.g. {shown}"

    def to_json(self) -> dict[str, object]:
        return {"reason": self.reason, "count": self.count, "examples": list(self.examples)}


@dataclass
class ReasonGroups:
    """Reasons grouped by shape, in the order first seen."""

    groups: dict[str, ReasonGroup] = field(default_factory=dict)

    def add(self, subject: str, reason: str) -> ReasonGroup:
        group = self.groups.setdefault(shape(reason), ReasonGroup(reason))
        group.count += 1
        if len(group.examples) < EXAMPLES:
            group.examples.append(subject)
        return group

    def lines(self, noun: str = "record") -> list[str]:
        return [group.line(noun) for group in self.groups.values()]

    def to_json(self) -> list[dict[str, object]]:
        return [group.to_json() for group in self.groups.values()]


def grouped(pairs: Iterable[tuple[str, str]]) -> ReasonGroups:
    """``(subject, reason)`` pairs grouped by the shape of the reason."""
    out = ReasonGroups()
    for subject, reason in pairs:
        out.add(subject, reason)
    return out
