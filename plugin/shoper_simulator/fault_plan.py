"""Faults for the next N requests matching a method and a path pattern.

Kinds: ``429`` (a storm: Shoper's ``temporarily_unavailable``), ``500``/``502``/``503``, ``slow`` (answer after
``seconds``), ``drop`` (do the work, then close the connection without an answer: the write happened and the
client cannot know it, the case that makes duplicates) and ``drop_before`` (close it without doing anything).
A pattern is a glob on the path; without a leading ``/`` it is taken under ``/webapi/rest/`` (``orders*``).

Operations inside a bulk call match too, by their own method and path: a 429 or 5xx becomes that operation's
item (it is not done), ``slow`` delays the whole answer, ``drop`` does the operation and drops the answer to
the whole bulk call, and ``drop_before`` stops the bulk call there (the operations before it are done).
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import asdict, dataclass
from typing import Any

from plugin.exceptions import SimulatorError
from plugin.shoper_simulator.wire import ShoperFault

KINDS = ("429", "500", "502", "503", "slow", "drop", "drop_before")
ANSWERED = ("429", "500", "502", "503")  # kinds that replace the answer (the rest act on the connection)
PREFIX = "/webapi/rest/"


@dataclass
class FaultRule:
    kind: str
    count: int = 1
    method: str = "*"
    path: str = "*"
    seconds: float = 1.0  # for "slow"
    retry_after: int = 1  # for "429"
    used: int = 0

    def matches(self, method: str, path: str) -> bool:
        pattern = self.path if self.path.startswith("/") or self.path == "*" else PREFIX + self.path
        return self.method in ("*", method) and fnmatch.fnmatchcase(path, pattern)


def rule_from(raw: dict[str, Any]) -> FaultRule:
    """A rule from a control request's JSON; every mistake is named."""
    known = {"kind", "count", "method", "path", "seconds", "retry_after"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SimulatorError(f"unknown fault field(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    kind = str(raw.get("kind"))
    if kind not in KINDS:
        raise SimulatorError(f"fault 'kind' must be one of {', '.join(KINDS)}; got {raw.get('kind')!r}")
    count = raw.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise SimulatorError("fault 'count' must be a whole number ≥ 1 (how many matching requests it hits)")
    seconds = raw.get("seconds", 1.0)
    retry_after = raw.get("retry_after", 1)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds <= 600:
        raise SimulatorError("fault 'seconds' must be a number from 0 to 600")
    if isinstance(retry_after, bool) or not isinstance(retry_after, int) or retry_after < 0:
        raise SimulatorError("fault 'retry_after' must be a whole number of seconds ≥ 0")
    method = str(raw.get("method", "*")).upper()
    return FaultRule(kind, count, method, str(raw.get("path", "*")), float(seconds), retry_after)


class FaultPlan:
    """Rules in the order they were added; the first matching rule with hits left applies and uses one hit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self.injected: dict[str, int] = {}

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def next(self, method: str, path: str) -> FaultRule | None:
        with self._lock:
            for rule in self._rules:
                if rule.used < rule.count and rule.matches(method, path):
                    rule.used += 1
                    self.injected[rule.kind] = self.injected.get(rule.kind, 0) + 1
                    if rule.used >= rule.count:
                        self._rules.remove(rule)
                    return rule
            return None

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {"pending": [asdict(r) for r in self._rules], "injected": dict(self.injected)}


def fault_reply(rule: FaultRule) -> ShoperFault | None:
    """The answer a rule puts in place of the real one (None for the kinds that act on the connection)."""
    if rule.kind == "429":
        return ShoperFault(429, "temporarily_unavailable", "Too many requests", {"Retry-After": str(rule.retry_after)})
    if rule.kind in ANSWERED:
        return ShoperFault(int(rule.kind), "server_error", "Internal server error")
    return None
