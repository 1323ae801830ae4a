"""Running the engine for a manifest: open the shop and the Allegro client, sync, then deliver the outbox.

``plan_sync`` is the same pass inside a rolled-back transaction, so its counts are exactly what
``run_sync`` would do next (nothing is written, no email is sent).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from plugin.exceptions import AllegroSyncError, SyncError
from plugin.locks import held_or_refused
from plugin.manifest.model import Manifest
from plugin.shop.sqlite import SqliteShop, open_shop
from plugin.sync.apply import Log
from plugin.sync.engine import quiet, sync_once
from plugin.sync.report import SyncReport
from plugin.sync.source import OrderSource

Progress = Callable[[str, int], None]


def open_source(manifest: Manifest) -> OrderSource:
    try:
        from plugin.allegro.client import open_client
    except ModuleNotFoundError as exc:  # the client part ships separately
        raise SyncError(f"the Allegro client is not installed ({exc.name}); reinstall allegro-sync.") from None
    return open_client(manifest)


def deliver(shop: SqliteShop, manifest: Manifest, report: SyncReport) -> None:
    """Send what the run queued (after its transactions committed); failures are reported, not raised."""
    if manifest.email is None:
        return
    try:
        from plugin.emails.delivery import deliver_pending
    except ModuleNotFoundError:
        report.errors.append("emails were queued but the email module is not installed; run `emails send` later")
        return
    try:
        delivered = deliver_pending(shop.conn, manifest)
    except AllegroSyncError as exc:
        report.errors.append(f"email delivery: {exc}")
        return
    report.emails_sent += delivered.sent
    report.errors.extend(f"email delivery: {error}" for error in delivered.errors)


def exclusive(shop_path: Path) -> AbstractContextManager[None]:
    """One ``run`` per shop at a time (two would read the same events and race for the cursor)."""
    return held_or_refused(
        shop_path.with_name(shop_path.name + ".run-lock"),
        SyncError(
            f"another `allegro-sync run` is synchronising {shop_path} right now; wait for it to finish "
            "(or stop it) — a --follow run already picks up new orders by itself"
        ),
    )


def run_sync(
    manifest: Manifest,
    *,
    source: OrderSource | None = None,
    progress: Progress | None = None,
    log: Log = quiet,
    send: bool = True,
) -> SyncReport:
    shop = open_shop(manifest)
    try:
        with exclusive(shop.path):
            report = sync_once(manifest, shop, source or open_source(manifest), progress=progress, log=log)
            if send:
                deliver(shop, manifest, report)
        return report
    finally:
        shop.close()


def plan_sync(manifest: Manifest, *, source: OrderSource | None = None, progress: Progress | None = None) -> SyncReport:
    shop = open_shop(manifest)
    try:
        with shop.dry_run():
            return sync_once(manifest, shop, source or open_source(manifest), progress=progress)
    finally:
        shop.close()
