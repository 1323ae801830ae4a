"""Switchable faults for the simulator's API endpoints (not OAuth, not ``/_simulator/``).

Either ratios (drawn from a seeded RNG) or an explicit ``schedule`` consumed one request at a time, which
tests use to drive exact sequences: ``["429", "500", "timeout", "malformed", null, …]``.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass, field, fields
from typing import Any

from plugin.exceptions import SimulatorError

KINDS = frozenset({"429", "500", "502", "503", "timeout", "malformed", "expired", None})


@dataclass
class Faults:
    rate_limit_requests: int = 0  # the next N API requests get 429
    rate_limit_seconds: float = 0.0  # every API request in the next S seconds gets 429 (Allegro blocks for 60 s)
    retry_after: int | None = 1  # the Retry-After header on those 429s (None: no header)
    error_ratio: float = 0.0  # share of API requests answered 5xx
    latency: float = 0.0  # seconds added to every API response
    timeout_delay: float = 1.0  # how long a "timeout" fault stalls before answering
    malformed_ratio: float = 0.0  # share of 200 answers whose body is cut short
    schedule: list[str | None] = field(default_factory=list)
    seed: int = 0


class FaultInjector:
    """Decides, per API request, which fault (if any) applies."""

    def __init__(self) -> None:
        self.faults = Faults()
        self.rng = random.Random(0)  # noqa: S311 - reproducible fault draws, not secrets
        self.lock = threading.Lock()
        self.injected: dict[str, int] = {}
        self.limited_until = 0.0

    def configure(self, **changes: Any) -> Faults:
        known = {f.name for f in fields(Faults)}
        unknown = sorted(set(changes) - known - {"expire_tokens", "slow_down", "reset"})
        if unknown:
            raise SimulatorError(f"unknown fault setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        bad = [k for k in changes.get("schedule") or [] if k not in KINDS]
        if bad:
            raise SimulatorError(
                f"schedule entries must be one of 429, 500, 502, 503, timeout, malformed, expired, null; got {bad}"
            )
        with self.lock:
            if changes.get("reset"):
                self.faults = Faults()
            for name in known & set(changes):
                setattr(self.faults, name, changes[name])
            if changes.get("rate_limit_seconds"):
                self.limited_until = time.monotonic() + float(changes["rate_limit_seconds"])
            if changes.get("reset"):
                self.limited_until = 0.0
            if "seed" in changes:
                self.rng = random.Random(changes["seed"])  # noqa: S311 - reproducible
            return self.faults

    def next(self) -> str | None:
        """The fault for this request: the schedule first, then the limits and ratios."""
        with self.lock:
            f = self.faults
            if f.schedule:
                kind = f.schedule.pop(0)
            elif f.rate_limit_requests > 0:
                f.rate_limit_requests -= 1
                kind = "429"
            elif time.monotonic() < self.limited_until:
                kind = "429"
            elif f.error_ratio and self.rng.random() < f.error_ratio:
                kind = "503"
            elif f.malformed_ratio and self.rng.random() < f.malformed_ratio:
                kind = "malformed"
            else:
                kind = None
            if kind:
                self.injected[kind] = self.injected.get(kind, 0) + 1
            return kind

    def retry_after(self) -> int | None:
        """The ``Retry-After`` of a 429: what is left of a blocking window, else the configured value."""
        left = self.limited_until - time.monotonic()
        return math.ceil(left) if left > 0 else self.faults.retry_after
