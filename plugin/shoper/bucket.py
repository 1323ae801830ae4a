"""Shoper's leaky bucket, mirrored on our side so we wait *before* it is full instead of collecting 429s.

Every answer carries ``X-Shop-Api-Calls`` (the fill), ``X-Shop-Api-Limit`` (the size) and
``X-Shop-Api-Bandwidth`` (how many calls drain per second). Between answers the fill is estimated from the
drain rate; a request goes out only when at least ``headroom`` slots stay free after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping


class LeakyBucket:
    def __init__(
        self,
        *,
        headroom: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.headroom = headroom
        self.clock = clock
        self.sleep = sleep
        self.limit: float | None = None
        self.bandwidth: float | None = None
        self._fill = 0.0
        self._seen = 0.0
        self.waited = 0.0

    def fill(self) -> float:
        """The estimated fill now."""
        if self.bandwidth is None:
            return self._fill
        return max(0.0, self._fill - (self.clock() - self._seen) * self.bandwidth)

    def wait_for_room(self) -> None:
        """Sleep until one more call leaves ``headroom`` free slots (no-op until the shop told us its size)."""
        if self.limit is None or not self.bandwidth:
            return
        room = self.limit - self.headroom - 1
        excess = self.fill() - max(0.0, room)
        if excess > 0:
            pause = excess / self.bandwidth
            self.waited += pause
            self.sleep(pause)
        self._fill = self.fill() + 1  # count the call we are about to make until its answer says better
        self._seen = self.clock()

    def observe(self, headers: Mapping[str, str]) -> None:
        calls = _number(headers.get("X-Shop-Api-Calls"))
        limit = _number(headers.get("X-Shop-Api-Limit"))
        bandwidth = _number(headers.get("X-Shop-Api-Bandwidth"))
        if limit is not None and limit > 0:
            self.limit = limit
        if bandwidth is not None and bandwidth > 0:
            self.bandwidth = bandwidth
        if calls is not None:
            self._fill = calls
            self._seen = self.clock()

    def full(self) -> None:
        """A 429: the bucket is full whatever we estimated."""
        if self.limit is not None:
            self._fill = self.limit
            self._seen = self.clock()


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None
