"""The stock push as part of a run, ``plan`` and ``stock push``: builds a ``StockPush`` for a manifest's shop and
Allegro account, and folds its outcome into the report (a failure of Allegro is reported, never raised)."""

from __future__ import annotations

from typing import Any

from plugin.exceptions import AllegroSyncError, SyncError
from plugin.manifest.model import Manifest
from plugin.store.offer_links import OfferLinks
from plugin.sync.stock_push import PushReport, StockPush
from plugin.sync.unit_of_work import UnitOfWork


def stock_push_for(manifest: Manifest, uow: UnitOfWork, api: Any) -> StockPush:
    """The push for the unit of work's shop (its change journal) and store (the offer links)."""
    if not callable(getattr(uow.shop, "stock_changes", None)):
        raise SyncError(
            f"the {manifest.shop.backend.type} shop cannot tell which stock changed yet, so push_stock is not "
            "available for it; use shop.backend.type: sqlite, or set push_stock: false"
        )
    policy = getattr(getattr(api, "transport", None), "policy", None)
    offer_map = manifest.mapping.products.offers if manifest.mapping.products.match == "offer_map" else {}
    return StockPush(
        uow.shop,  # type: ignore[arg-type]
        OfferLinks(uow.store.conn),
        api,
        reserve=manifest.stock.reserve,
        offer_map=offer_map,
        transaction=uow.store.transaction,
        sleep=policy.sleep if policy else (lambda _: None),
        poll_pause=policy.poll_pause if policy else 1.0,
        max_polls=policy.max_polls if policy else 60,
    )


def push_after_import(
    manifest: Manifest, uow: UnitOfWork, api: Any, report: Any, *, dry_run: bool = False, refresh: bool = False
) -> PushReport | None:
    """After the pass's import: push (or, ``dry_run``, only plan) and put the outcome in ``report``."""
    calls = getattr(api, "calls", 0)
    try:
        push = stock_push_for(manifest, uow, api)
        cursor = getattr(report, "cursor", None)  # the order journal, imported up to here
        outcome = push.plan(order_cursor=cursor) if dry_run else push.run(refresh=refresh, order_cursor=cursor)
    except AllegroSyncError as exc:
        report.errors.append(f"stock push: {exc}; nothing more was pushed, the next pass tries again")
        return None
    finally:
        if hasattr(report, "api_calls"):
            report.api_calls += getattr(api, "calls", 0) - calls
    report.stock_push = outcome
    report.errors.extend(f"stock push: offer {offer}: {reason}" for offer, reason in sorted(outcome.failed.items()))
    return outcome
