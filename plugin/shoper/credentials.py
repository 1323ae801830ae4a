"""How the client proves itself: a WebAPI user's Basic credentials exchanged for a bearer, or a static token.

The bearer from ``POST /webapi/rest/auth`` is cached in memory until shortly before ``expires_in`` runs out
(its real lifetime is unconfirmed, so the answer decides). Neither secret is ever put into a message or a log.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WebApiUser:
    """Panel: "Konfiguracja > Administracja, system > Administratorzy", a user of type WebAPI."""

    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True)
class StaticToken:
    """Panel: "Dodaj integrację" gives a "Token API" that is used as the bearer as it is."""

    token: str = field(repr=False)


Credentials = WebApiUser | StaticToken


class BearerCache:
    """Holds the current bearer and when it stops being usable."""

    def __init__(self, margin: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.margin = margin
        self.clock = clock
        self._token: str | None = None
        self._until = 0.0

    def get(self) -> str | None:
        if self._token is not None and self.clock() < self._until:
            return self._token
        return None

    def put(self, token: str, expires_in: float | None) -> None:
        self._token = token
        lifetime = expires_in if expires_in and expires_in > 0 else 3600.0
        self._until = self.clock() + max(0.0, lifetime - min(self.margin, lifetime / 2))

    def drop(self) -> None:
        self._token = None
        self._until = 0.0
