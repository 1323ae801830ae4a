"""How the client waits: timeouts, bounded retries, jittered exponential backoff, rate-limit pauses.

One frozen policy object: the shared ``Pacing`` (plugin/http_retry.py) with Allegro's numbers and its polls.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugin.http_retry import LOOPBACK, Pacing


@dataclass(frozen=True)
class RetryPolicy(Pacing):
    rate_limit_pause: float = 60.0  # a 429 without Retry-After: Allegro blocks a client id for a minute
    poll_pause: float = 1.0  # between status polls of asynchronous operations
    max_polls: int = 60
    refresh_margin: float = 300.0  # refresh the access token this long before it expires


FAST = RetryPolicy(**LOOPBACK, read_timeout=2.0, poll_pause=0.0)
"""A policy for tests and benchmarks against the loopback simulator."""
