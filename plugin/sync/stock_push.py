"""Shop stock → Allegro offer quantities (``sync.push_stock``), one pass at a time, after the order import.

An offer's quantity is ``max(0, shop stock − stock.reserve)``. Only products the shop's change journal names
(plus offers whose last push failed, plus everything right after the links were refreshed from Allegro's
listing) are compared with what Allegro has, so a pass with nothing changed costs no Allegro call.

- changes go to Allegro as batch commands, as few as they can be (``plugin.sync.stock_commands``); before a
  relative (GAIN) change is sent its offers' quantities are forgotten, so a crash before Allegro confirms it
  makes the next pass read them again;
- an offer going to 0 is ended (one ``offer-publication-commands`` END for all of them): Allegro refuses a
  quantity below 1;
- an ended offer whose product has stock again is edited and resumed in one ``PATCH`` (stock + ACTIVE), when
  Allegro allows it; a refusal is reported like any failure;
- a failed offer is reported with Allegro's reason, read again at the next pass and retried.

The journal position is saved, and what was read forgotten, in the transaction that records the results: a
crash before it makes the next pass read the same changes again and recompute every quantity from the shop's
stock then (never a quantity computed before the last imported purchase).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from plugin.allegro.models import CheckoutForm, Offer, OrderEvent
from plugin.allegro.offer_calls import PUBLICATION
from plugin.exceptions import AllegroAPIError
from plugin.shop.stock_journal import StockChanges
from plugin.store.offer_links import OfferLink, OfferLinks
from plugin.sync.offer_changes import STATUSES_LISTED, OfferChange, change_for, link_of
from plugin.sync.stock_commands import CommandApi, await_commands, plan_commands, send_commands

LISTING_TTL = timedelta(hours=6)  # the links are read again from Allegro's listing at least this often
UNPAID = ("BOUGHT", "FILLED_IN")  # purchases that took units on Allegro before the shop's stock counts them


class StockSource(Protocol):
    """What the shop gives the push (the embedded shop: ``SqliteStockJournal``)."""

    def stock_changes(self, position: str | None) -> StockChanges: ...
    def product_stocks(self, codes: Iterable[str]) -> dict[str, int | None]: ...
    def forget_stock_changes(self, position: str) -> None: ...


class OfferApi(CommandApi, Protocol):
    """The Allegro calls the push makes (``AllegroClient``)."""

    def seller_offers(self, statuses: Iterable[str] = ()) -> Iterator[Offer]: ...
    def set_offer_stock(self, offer_id: str, available: int, *, activate: bool = False) -> None: ...
    def checkout_forms(self, *, status: str | None = None) -> Iterator[CheckoutForm]: ...
    def events(self, from_id: str | None) -> Iterator[OrderEvent]: ...


@dataclass
class PushReport:
    changes: list[OfferChange] = field(default_factory=list)
    pushed: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # offer id → Allegro's reason
    unlinked_offers: list[str] = field(default_factory=list)  # offers no shop product has (not touched)
    products_changed: int = 0
    listing_refreshed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "stock_offers_changed": len(self.changes),
            "stock_offers_pushed": self.pushed,
            "stock_offers_failed": [{"offer_id": k, "reason": v} for k, v in sorted(self.failed.items())],
            "stock_offers_unlinked": self.unlinked_offers,
            "stock_products_changed": self.products_changed,
            "stock_changes": [
                {"offer_id": c.offer_id, "product": c.product_code, "old": c.old, "new": c.new, "action": c.action}
                for c in self.changes
            ],
        }


class StockPush:
    """One pass: ``plan()`` says what would change (reads only); ``run()`` pushes and records it."""

    def __init__(
        self,
        shop: StockSource,
        links: OfferLinks,
        api: OfferApi,
        *,
        reserve: int = 0,
        offer_map: dict[str, str] | None = None,
        transaction: Callable[[], AbstractContextManager[Any]],
        sleep: Callable[[float], None],
        poll_pause: float = 1.0,
        max_polls: int = 60,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.shop, self.links, self.api = shop, links, api
        self.reserve = reserve
        self.offer_map = offer_map or {}
        self.transaction, self.sleep = transaction, sleep
        self.poll_pause, self.max_polls = poll_pause, max_polls
        self.now = now
        self._new_holds: dict[str, int] | None = None

    # --- what changed -----------------------------------------------------------------------------------
    def _refresh_links(self, report: PushReport, force: bool) -> bool:
        _, listed_at = self.links.state()
        if not force and listed_at and self.now() - datetime.fromisoformat(listed_at) < LISTING_TTL:
            return False
        with self.transaction():  # page by page: memory stays one listing page, whatever the number of offers
            self.links.replace_all(())
            for page in _pages(self.api.seller_offers(STATUSES_LISTED), 1000):
                codes = {self.offer_map.get(o.id) or o.external_id for o in page} - {None}
                products = self.shop.product_stocks(c for c in codes if c)
                self.links.add(link_of(o, products, self.offer_map) for o in page)
            self.links.save_state(listed_at=self.now().isoformat())
        report.listing_refreshed = True
        return True

    def _reread_failed(self) -> list[OfferLink]:
        failed = self.links.to_read_again()
        if failed:
            fresh = {o.id: o for o in self.api.offers_by_ids([link.offer_id for link in failed])}
            with self.transaction():
                self.links.refresh(
                    OfferLink(o.id, None, o.external_id, o.status or "ACTIVE", o.available, None)
                    for o in fresh.values()
                )
        return failed

    def _holds(self, due: bool) -> tuple[dict[str, int], set[str]]:
        """Units per product in unpaid Allegro purchases (read when the pass saw order events), and the products
        whose holds changed since the last read."""
        before = self.links.holds()
        if not due:
            return before, set()
        taken: dict[str, int] = defaultdict(int)
        for status in UNPAID:
            for form in self.api.checkout_forms(status=status):
                for item in form.line_items:
                    taken[item.offer_id] += item.quantity
        products = self.links.products_of(taken)
        holds: dict[str, int] = defaultdict(int)
        for offer_id, units in taken.items():
            if offer_id in products:
                holds[products[offer_id]] += units
        self._new_holds = dict(holds)  # saved with the pass's results: a crash before reads them again
        return dict(holds), {c for c in set(before) | set(holds) if before.get(c, 0) != holds.get(c, 0)}

    def _touched(self, order_cursor: str | None) -> set[str] | None:
        """Offers named in the order events since the last completed push, up to the import's cursor (Allegro
        moved their quantities itself: purchases, cancellations). None: the import has not moved since."""
        since = self.links.order_cursor()
        if order_cursor is None or since == order_cursor:
            return None
        touched: set[str] = set()
        if since is None:
            return touched  # the first push compares everything after the listing anyway
        for event in self.api.events(since):
            touched.update(item.offer_id for item in event.line_items)
            if event.id == order_cursor:
                break
        return touched

    def _reread_touched(self, touched: Iterable[str]) -> set[str]:
        """The offers Allegro moved: their quantity and status now; returns their products."""
        products = self.links.products_of(touched)
        if products:
            fresh = self.api.offers_by_ids(sorted(products))
            with self.transaction():
                self.links.refresh(
                    OfferLink(o.id, None, o.external_id, o.status or "ACTIVE", o.available, None) for o in fresh
                )
        return set(products.values())

    def _changes(self, report: PushReport, *, refresh: bool, order_cursor: str | None) -> tuple[list[OfferChange], str]:
        position, _ = self.links.state()
        # no order cursor of ours yet: which offers Allegro moved is unknown, so the listing tells
        unknown = order_cursor is not None and self.links.order_cursor() is None
        refreshed = self._refresh_links(report, refresh or unknown)
        failed = self._reread_failed()
        touched = self._touched(order_cursor)
        moved_by_allegro = set() if refreshed or not touched else self._reread_touched(touched)
        holds, moved = self._holds(touched is not None or refreshed)
        moved |= moved_by_allegro
        changed = self.shop.stock_changes(position)
        report.products_changed = len(changed.stocks)
        stocks = dict(changed.stocks)
        stocks.update(self.shop.product_stocks(moved - set(stocks)))
        if refreshed:  # the listing may show what we did not set (an edit on Allegro): compare every product
            codes = [link.product_code for link in self.links.linked() if link.product_code not in stocks]
            stocks.update(self.shop.product_stocks(c for c in codes if c))
        retry = [link.product_code for link in failed if link.product_code and link.product_code not in stocks]
        stocks.update(self.shop.product_stocks(retry))
        changes = []
        for link in self.links.of_products(stocks):
            code = link.product_code or ""
            change = change_for(link, stocks.get(code), self.reserve, holds.get(code, 0))
            if change is not None:
                changes.append(change)
        report.unlinked_offers = [link.offer_id for link in self.links.unlinked()]
        return changes, changed.position

    def plan(self, *, order_cursor: str | None = None) -> PushReport:
        """What a push would change now (reads Allegro's listing when the links are due, writes nothing)."""
        report = PushReport()
        report.changes, _ = self._changes(report, refresh=False, order_cursor=order_cursor)
        return report

    # --- pushing ------------------------------------------------------------------------------------------
    def run(self, *, refresh: bool = False, order_cursor: str | None = None) -> PushReport:
        """``order_cursor``: where the pass's import left Allegro's order journal. The events since the last
        completed push name the offers Allegro moved by itself; they are read again, and so are unpaid purchases.

        Offers that fail are read again at once and pushed once more when Allegro's view differs from ours (an
        offer Allegro ended itself when its last unit sold is resumed, not retried as a quantity change)."""
        report = PushReport()
        changes, position = self._changes(report, refresh=refresh, order_cursor=order_cursor)
        report.changes = changes
        attempt = f"{position}/{order_cursor}"  # a change met again in another pass is a new command
        self._push(changes, attempt, report)
        if report.failed:
            retry = self._second_look(report)
            if retry:
                self._push(retry, attempt + ":again", report)
        with self.transaction():
            if self._new_holds is not None:
                self.links.save_holds(self._new_holds)
            self.links.save_state(position=position, order_cursor=order_cursor)
            self.shop.forget_stock_changes(position)
        return report

    def _push(self, changes: list[OfferChange], attempt: str, report: PushReport) -> None:
        commands = plan_commands(changes, attempt)
        gains = [o for command in commands if command.change_type == "GAIN" for o, _ in command.targets]
        if gains:  # until Allegro confirms a relative change, what the offer sells is unknown (read again)
            with self.transaction():
                self.links.forget_quantities(gains)
        send_commands(self.api, commands)
        done = await_commands(
            self.api, commands, sleep=self.sleep, poll_pause=self.poll_pause, max_polls=self.max_polls
        )
        resumed = self._resume([c for c in changes if c.action == "resume"])
        with self.transaction():
            for outcome in done:
                ok = {o: t for o, t in outcome.command.targets if o not in outcome.failures}
                if outcome.command.kind == PUBLICATION:
                    self.links.record_pushed(ok, status="ENDED", quantity=None)
                else:  # a target Allegro did not show (a purchase meanwhile) stays unknown: read again next pass
                    self.links.record_quantities({o: t if outcome.shown.get(o, True) else None for o, t in ok.items()})
                self.links.record_failed(outcome.failures)
                self._tally(report, list(ok), outcome.failures)
            for change, reason in resumed.items():
                if reason is None:
                    self.links.record_pushed([change.offer_id], status="ACTIVE", quantity=change.new)
                    self._tally(report, [change.offer_id], {})
                else:
                    self.links.record_failed({change.offer_id: reason})
                    self._tally(report, [], {change.offer_id: reason})

    @staticmethod
    def _tally(report: PushReport, ok: list[str], failures: dict[str, str]) -> None:
        report.pushed += len(ok)
        for offer_id in ok:
            report.failed.pop(offer_id, None)
        report.failed.update(failures)

    def _second_look(self, report: PushReport) -> list[OfferChange]:
        """The failed offers as Allegro has them now; the changes they need when that differs from what we tried."""
        tried = {c.offer_id: c for c in report.changes}
        fresh = {o.id: o for o in self.api.offers_by_ids(sorted(report.failed))}
        with self.transaction():
            self.links.refresh(
                OfferLink(o.id, None, o.external_id, o.status or "ACTIVE", o.available, None) for o in fresh.values()
            )
        retry = []
        for link in self.links.of_offers(fresh):
            before = tried.get(link.offer_id)
            if before is None:
                continue
            change = change_for(replace(link, failure=None), before.new + self.reserve, self.reserve)
            if change is not None and change.action != before.action:
                retry.append(change)
        return retry

    def _resume(self, changes: list[OfferChange]) -> dict[OfferChange, str | None]:
        outcome: dict[OfferChange, str | None] = {}
        for change in changes:
            try:
                self.api.set_offer_stock(change.offer_id, change.new, activate=True)
                outcome[change] = None
            except AllegroAPIError as exc:
                outcome[change] = _reason(exc)
        return outcome


def _pages(items: Iterable[Offer], size: int) -> Iterator[list[Offer]]:
    page: list[Offer] = []
    for item in items:
        page.append(item)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page


def _reason(exc: AllegroAPIError) -> str:
    errors = getattr(exc, "errors", None) or []
    if errors and isinstance(errors[0], dict):
        first = errors[0]
        return f"{first.get('code')}: {first.get('userMessage') or first.get('message')}"
    return str(exc)
