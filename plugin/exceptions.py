"""Every error allegro-sync raises on purpose. Each is written for the integrator who reads it in a CI log.

Callers catch ``AllegroSyncError`` to tell our errors (with a message meant for people) from bugs.
"""

from __future__ import annotations


class AllegroSyncError(Exception):
    """Base of all errors of ours; ``str(err)`` is a complete, actionable message."""


class ManifestError(AllegroSyncError):
    """The manifest could not be used. ``findings`` holds every problem found, each with file, line and path."""

    def __init__(self, message: str, findings: tuple = ()) -> None:
        super().__init__(message)
        self.findings = tuple(findings)


class AllegroAPIError(AllegroSyncError):
    """Allegro (or the simulator) answered with an error; carries its ``errors[]`` body and ``trace-id``."""

    def __init__(
        self, message: str, *, status: int | None = None, errors: tuple = (), trace_id: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.errors = tuple(errors)
        self.trace_id = trace_id


class AuthError(AllegroAPIError):
    """OAuth failed: no token, an expired or revoked refresh token, or another Allegro account behind it."""


class ShopError(AllegroSyncError):
    """The shop backend refused an operation or holds data we cannot work with."""


class EmailError(AllegroSyncError):
    """A message could not be rendered, built safely or delivered."""


class UnsafeHeaderError(EmailError):
    """A header value built from buyer data contains CR, LF or NUL; the message is refused, never sent."""
