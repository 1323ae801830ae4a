"""Running the engine for a manifest: open the store, the shop and the Allegro client, sync, deliver the outbox.

``plan_sync`` is the same pass on a throw-away in-memory copy of the store (and, for the embedded shop, of the
shop: they are one file), with a REST shop behind a read-only view. Its counts are exactly what ``run_sync``
would do next, and nothing is written anywhere, not even to a read-only file.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from plugin.exceptions import AllegroSyncError, ShopError
from plugin.locks import held_or_refused
from plugin.manifest.model import Manifest
from plugin.shop.backends import open_shop
from plugin.shop.read_only import ReadOnlyShop
from plugin.store.open_store import copy_store, open_store
from plugin.sync.apply import Log
from plugin.sync.engine import quiet, sync_once
from plugin.sync.report import SyncReport
from plugin.sync.source import OrderSource
from plugin.sync.stock_pass import push_after_import
from plugin.sync.unit_of_work import UnitOfWork

Progress = Callable[[str, int], None]


def open_source(manifest: Manifest) -> OrderSource:
    from plugin.allegro.connect import open_client

    return open_client(manifest)


def open_unit_of_work(manifest: Manifest) -> UnitOfWork:
    """The store for writing and the manifest's shop on it."""
    store = open_store(manifest)
    try:
        return UnitOfWork(open_shop(manifest, store), store)
    except BaseException:
        store.close()
        raise


def open_plan_unit_of_work(manifest: Manifest) -> UnitOfWork:
    """A copy of the store in memory, and the shop on it: the embedded shop is in that copy; any other shop is
    seen through ``ReadOnlyShop`` (its writes are simulated)."""
    store = copy_store(manifest)
    try:
        shop = open_shop(manifest, store)
        return UnitOfWork(shop if shop.transactional else ReadOnlyShop(shop), store)
    except BaseException:
        store.close()
        raise


def deliver(uow: UnitOfWork, manifest: Manifest, report: SyncReport) -> None:
    """Send what the run queued (after its transactions committed); failures are reported, not raised."""
    if manifest.email is None:
        return
    from plugin.emails.delivery import deliver_pending

    try:
        delivered = deliver_pending(uow.store.conn, manifest)
    except AllegroSyncError as exc:
        report.errors.append(f"email delivery: {exc}")
        return
    report.emails_sent += delivered.sent
    report.errors.extend(f"email delivery: {error}" for error in delivered.errors)


def exclusive(shop_path: Path) -> AbstractContextManager[None]:
    """One ``run`` per shop at a time (two would read the same events and race for the cursor)."""
    return held_or_refused(
        shop_path.with_name(shop_path.name + ".run-lock"),
        ShopError(  # the shop is busy: exit 4 (shop unavailable), like a database another program locks
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
    push: bool | None = None,
    refresh_offers: bool = False,
) -> SyncReport:
    """One pass: import, then (``sync.push_stock``, or ``push``) the stock push, then email delivery."""
    uow = open_unit_of_work(manifest)
    try:
        if uow.store.migrated:
            log("store-upgraded", path=str(uow.store.path), steps=",".join(uow.store.migrated))
        with exclusive(uow.store.path):
            backlog = email_backlog(uow)
            source = source or open_source(manifest)
            report = sync_once(manifest, uow, source, progress=progress, log=log)
            report.emails_backlog = backlog
            if manifest.sync.push_stock if push is None else push:  # after the import, never before it
                push_after_import(manifest, uow, source, report, refresh=refresh_offers)
            if send:
                deliver(uow, manifest, report)
        return report
    finally:
        uow.close()


def plan_sync(
    manifest: Manifest,
    *,
    source: OrderSource | None = None,
    progress: Progress | None = None,
    push: bool | None = None,
) -> SyncReport:
    uow = open_plan_unit_of_work(manifest)
    try:
        backlog = email_backlog(uow)
        source = source or open_source(manifest)
        report = sync_once(manifest, uow, source, progress=progress)
        report.emails_backlog = backlog
        if manifest.sync.push_stock if push is None else push:  # on the store's copy: nothing is written
            push_after_import(manifest, uow, source, report, dry_run=True)
        return report
    finally:
        uow.close()


def email_backlog(uow: UnitOfWork) -> int:
    """Emails queued by earlier runs and not sent yet: a run sends them besides what it queues itself."""
    from plugin.emails.outbox import count_by_status

    return count_by_status(uow.store.conn).get("queued", 0)
