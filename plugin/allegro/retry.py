"""How the client waits: timeouts, bounded retries, jittered exponential backoff, rate-limit pauses.

One frozen policy object; tests pass tiny pauses (and a fake ``sleep``) so fault scenarios run in milliseconds.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = 6  # per request, counting the first
    backoff_base: float = 0.5  # seconds; doubled per attempt, then jittered
    backoff_cap: float = 30.0
    rate_limit_pause: float = 60.0  # a 429 without Retry-After: Allegro blocks a client id for a minute
    max_retry_after: float = 300.0  # never sleep longer than this on one Retry-After
    poll_pause: float = 1.0  # between status polls of asynchronous operations
    max_polls: int = 60
    refresh_margin: float = 300.0  # refresh the access token this long before it expires
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in ``[0, min(cap, base·2^attempt)]`` so clients do not retry in lockstep."""
        ceiling = min(self.backoff_cap, self.backoff_base * (2**attempt))
        return self.rng.uniform(0, ceiling)

    def retry_after(self, header: str | None) -> float:
        """Seconds to wait after a 429: the server's ``Retry-After`` when it is a number, else the configured pause."""
        try:
            seconds = float(header) if header is not None else self.rate_limit_pause
        except ValueError:
            seconds = self.rate_limit_pause
        return max(0.0, min(seconds, self.max_retry_after))


FAST = RetryPolicy(
    connect_timeout=2.0,
    read_timeout=2.0,
    backoff_base=0.001,
    backoff_cap=0.01,
    rate_limit_pause=0.01,
    max_retry_after=0.05,
    poll_pause=0.0,
)
"""A policy for tests and benchmarks against the loopback simulator."""
