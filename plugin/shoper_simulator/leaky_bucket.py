"""Shoper's leaky bucket: each call adds to the level, which drains at ``drain`` calls a second; a call that
would overflow ``size`` is refused with 429 and a ``Retry-After`` saying when it would fit.

How a bulk request counts is not documented (API_NOTES "Unconfirmed"); ``bulk_cost`` chooses: ``"request"``
(the default: one bulk call is one call) or ``"operation"`` (each of its operations is one call)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from plugin.exceptions import SimulatorError

BULK_COSTS = ("request", "operation")


@dataclass(frozen=True)
class Taken:
    allowed: bool
    calls: int  # the level after this call, as X-Shop-Api-Calls shows it
    retry_after: int  # seconds until the call would fit (0 when allowed)


class LeakyBucket:
    def __init__(
        self,
        size: int = 10,
        drain: float = 2.0,
        bulk_cost: str = "request",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.configure(size=size, drain=drain, bulk_cost=bulk_cost)
        self.level = 0.0
        self._at = clock()

    def configure(self, *, size: int | None = None, drain: float | None = None, bulk_cost: str | None = None) -> None:
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 1):
            raise SimulatorError("the bucket size must be a whole number ≥ 1")
        if drain is not None and (isinstance(drain, bool) or not isinstance(drain, int | float) or drain <= 0):
            raise SimulatorError("the drain must be a number of calls a second > 0")
        if bulk_cost is not None and bulk_cost not in BULK_COSTS:
            raise SimulatorError(f"bulk_cost must be one of {', '.join(BULK_COSTS)}")
        self.size = size if size is not None else self.size
        self.drain = float(drain) if drain is not None else self.drain
        self.bulk_cost = bulk_cost if bulk_cost is not None else self.bulk_cost

    def _leak(self) -> None:
        now = self._clock()
        self.level = max(0.0, self.level - (now - self._at) * self.drain)
        self._at = now

    def take(self, cost: int = 1) -> Taken:
        with self._lock:
            self._leak()
            if self.level + cost > self.size + 1e-9:
                wait = (self.level + cost - self.size) / self.drain
                return Taken(False, math.ceil(self.level), max(1, math.ceil(wait)))
            self.level += cost
            return Taken(True, math.ceil(self.level - 1e-9), 0)

    def empty(self) -> None:
        with self._lock:
            self.level = 0.0
            self._at = self._clock()

    def headers(self, calls: int) -> dict[str, str]:
        return {
            "X-Shop-Api-Calls": str(calls),
            "X-Shop-Api-Limit": str(self.size),
            "X-Shop-Api-Bandwidth": f"{self.drain:g}",
        }

    def describe(self) -> dict[str, object]:
        with self._lock:
            self._leak()
            return {"size": self.size, "drain": self.drain, "bulk_cost": self.bulk_cost, "level": self.level}
