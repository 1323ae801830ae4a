"""How both HTTP clients (Allegro's and Shoper's) wait and read alike: jittered exponential backoff, a bounded
``Retry-After``, and a body that may be empty or not JSON. Each client's policy keeps its own numbers."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests


@dataclass(frozen=True)
class Pacing:
    """Timeouts, attempts and pauses: frozen, so tests pass tiny pauses (and a fake ``sleep``) and fault scenarios
    run in milliseconds."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = 6  # per request, counting the first
    backoff_base: float = 0.5  # seconds; doubled per attempt, then jittered
    backoff_cap: float = 30.0
    rate_limit_pause: float = 60.0  # a 429 without Retry-After
    max_retry_after: float = 300.0  # never sleep longer than this on one Retry-After
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


LOOPBACK: dict[str, float] = {
    "connect_timeout": 2.0,
    "backoff_base": 0.001,
    "backoff_cap": 0.01,
    "rate_limit_pause": 0.01,
    "max_retry_after": 0.05,
}
"""The pauses of a policy for tests and benchmarks against a loopback simulator: faults retried in milliseconds."""

BROKEN = object()
"""What ``json_body`` gives for a body that is not JSON (a proxy's HTML page, a cut-off answer): worth a retry."""


def json_body(response: requests.Response) -> Any:
    """The decoded body, None when there is none, ``BROKEN`` when it does not decode."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return BROKEN
