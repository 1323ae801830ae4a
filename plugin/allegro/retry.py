"""How the client waits: timeouts, bounded retries, jittered exponential backoff, rate-limit pauses.

One frozen policy object: the shared ``Pacing`` (plugin/http_retry.py) with Allegro's numbers and its polls.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugin.http_retry import Pacing


@dataclass(frozen=True)
class RetryPolicy(Pacing):
    rate_limit_pause: float = 60.0  # a 429 without Retry-After: Allegro blocks a client id for a minute
    poll_pause: float = 1.0  # between status polls of asynchronous operations
    max_polls: int = 60
    refresh_margin: float = 300.0  # refresh the access token this long before it expires


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
