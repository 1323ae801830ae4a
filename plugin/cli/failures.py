"""One exit-code table for every command, and the one way a failure reaches the user.

A command lets our errors (``AllegroSyncError``) rise; ``plugin.cli.main`` classifies them here. The message goes
to stderr as one line; with ``--format json`` stdout also gets one JSON object, so a script never reads nothing.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

from plugin.exceptions import (
    AllegroAPIError,
    AllegroSyncError,
    AllegroUnavailable,
    AuthError,
    ShopError,
)

EXIT_OK = 0
EXIT_PARTIAL = 1  # some work done, some waits for a person (quarantined orders, emails not delivered, invalid file)
EXIT_CONFIG = 2  # the manifest, a file it names, the credentials or the command line must be fixed
EXIT_ALLEGRO = 3  # Allegro unreachable or refusing: nothing half-done, run again later
EXIT_SHOP = 4  # the shop unavailable: its database missing, locked, read-only or unusable, or busy with a run
EXIT_BUG = 70  # EX_SOFTWARE: a bug of ours
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Outage:
    """A class of failure: its exit code, the name scripts read (``error.class``) and the prefix people read."""

    code: int
    name: str
    prefix: str


CONFIGURATION = Outage(EXIT_CONFIG, "configuration", "error")
ALLEGRO = Outage(EXIT_ALLEGRO, "allegro", "Allegro error")
SHOP = Outage(EXIT_SHOP, "shop", "shop error")
BUG = Outage(EXIT_BUG, "bug", "internal error")

# first match wins: the most specific kinds first (a missing or revoked token is fixed with `connect`: configuration)
OUTAGES: tuple[tuple[type[AllegroSyncError], Outage], ...] = (
    (AllegroUnavailable, ALLEGRO),
    (AuthError, CONFIGURATION),
    (AllegroAPIError, ALLEGRO),
    (ShopError, SHOP),
    (AllegroSyncError, CONFIGURATION),
)

# the README's table, in one place (tests check the README against it)
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "done; nothing waits for a person",
    EXIT_PARTIAL: "partly done: an order quarantined, an email not delivered, an invalid manifest, "
    "`status`: something waits for a person",
    EXIT_CONFIG: "configuration: the manifest, a file it names, the credentials (`connect`) or the command line",
    EXIT_ALLEGRO: "Allegro unreachable or refusing (network, 5xx, 429 after retries): nothing half-done; run again",
    EXIT_SHOP: "shop unavailable: the shop database missing, locked, read-only or unusable, or another run holds it",
    EXIT_BUG: "a bug of ours: rerun with ALLEGRO_SYNC_DEBUG=1 and report the traceback",
    EXIT_INTERRUPTED: "interrupted mid-pass: what was committed stays; run the same command again",
}


def classify(exc: AllegroSyncError) -> Outage:
    return next(outage for kind, outage in OUTAGES if isinstance(exc, kind))


def wants_json(args: Any) -> bool:
    return getattr(args, "format", None) == "json"


def report(outage: Outage, message: str, *, as_json: bool) -> int:
    """One stderr line for people; with ``as_json`` the same as a JSON object on stdout. Returns the exit code."""
    print(f"allegro-sync: {outage.prefix}: {message}", file=sys.stderr, flush=True)
    if as_json:
        print(json.dumps(_object(outage, message), ensure_ascii=False), flush=True)
    return outage.code


def error_object(exc: AllegroSyncError) -> dict[str, Any]:
    """``{"error": {"class", "exit_code", "message"}}``: what ``--format json`` prints for a failure."""
    return _object(classify(exc), str(exc))


def _object(outage: Outage, message: str) -> dict[str, Any]:
    return {"error": {"class": outage.name, "exit_code": outage.code, "message": message}}


def fail(exc: AllegroSyncError, args: Any = None) -> int:
    """Report one of our errors by its class; the exit code comes from the table."""
    return report(classify(exc), str(exc), as_json=wants_json(args))


def usage(message: str, args: Any = None) -> int:
    """A command line that cannot work (``--interval`` without ``--follow``): configuration, exit 2."""
    return report(CONFIGURATION, message, as_json=wants_json(args))
