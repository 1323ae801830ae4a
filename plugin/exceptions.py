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


class AllegroUnavailable(AllegroAPIError):
    """Allegro (or its OAuth server) did not answer: an outage to wait out, not a setting to fix."""


class AuthServerUnavailable(AuthError, AllegroUnavailable):
    """The OAuth server did not answer while getting or refreshing a token (exit 3, not a credentials problem)."""


class ShopError(AllegroSyncError):
    """The shop backend refused an operation or holds data we cannot work with."""


class ShopUnavailable(ShopError):
    """The shop refuses this integration a whole area (a permission it lacks): no order is to blame, so none is
    set aside for it; the run stops (exit 4) and goes on from there once a person has fixed the shop's side."""


class ShoperAPIError(ShopError):
    """Shoper's REST API refused a call or did not answer; names the resource and quotes Shoper's own text.

    ``code`` is Shoper's ``error`` field (``invalid_request``, ``insufficient_scope``…), ``description`` its
    ``error_description`` (often Polish), ``status`` the HTTP status (None when no answer came)."""

    def __init__(
        self, message: str, *, status: int | None = None, code: str | None = None, description: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.description = description


class StockChangeError(AllegroSyncError):
    """A stock change by hand (``shop stock``) that cannot be made: an unknown product, a stock below zero."""


class EmailError(AllegroSyncError):
    """A message could not be rendered, built safely or delivered."""


class UnsafeHeaderError(EmailError):
    """A header value built from buyer data contains CR, LF or NUL; the message is refused, never sent."""


class TemplateError(EmailError):
    """An email template is missing, does not parse, or uses a name the context does not have."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.line = line


class DeliveryError(EmailError):
    """A transport could not deliver a message. ``permanent`` errors are not retried (bad address, 5xx)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SyncError(AllegroSyncError):
    """The sync engine could not go on (a broken shop state, a cursor it cannot use)."""


class OrderQuarantined(SyncError):
    """One order cannot be applied now (e.g. its stock would go below zero under ``negative_stock: quarantine``).

    The engine sets the order aside with this message as its reason and moves on to the next one."""


class AccountMismatchError(AuthError):
    """The token belongs to a different Allegro account than the one this shop was first synchronised with."""


class SimulatorError(AllegroSyncError):
    """The local Allegro simulator cannot start with what it was given (a bad product CSV, a busy port)."""


class CatalogError(AllegroSyncError):
    """A product catalog CSV (``code,name,stock,price``) cannot be read; names the file, line and field."""


class QuarantineError(SyncError):
    """A quarantine command named an order that is not set aside (the message lists every such id)."""


class ListingError(AllegroSyncError):
    """Shop products cannot be listed on Allegro with this manifest (listing switched off, no location)."""


class ShoperPermissionError(ShoperAPIError, ShopUnavailable):
    """Shoper's 403 ``insufficient_scope``: the WebAPI user or Token API lacks a permission; the message names
    the area and level to grant in the Shoper panel."""
