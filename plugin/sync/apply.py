"""Applying one checkout form: its rule's handlers, the ledger entry and the cursor in ONE unit of work.

A form whose handlers fail is rolled back and set aside (quarantined with its reason and attempts) in a
transaction of its own that still moves the cursor: one bad order never holds up the others. A form the
integrator dropped (``quarantine --drop``) is passed over. Applying a combined payment marks the forms it
replaced as ``REPLACED`` in the ledger, so they are never asked for again (Allegro answers 404 for them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from plugin.allegro.models import CheckoutForm
from plugin.emails.reason_groups import shape
from plugin.exceptions import AllegroSyncError, OrderQuarantined, ShopUnavailable
from plugin.manifest.model import Manifest
from plugin.rules.compile import RuleSet
from plugin.shop.port import ShopPort
from plugin.store.sync_store import DROPPED, REPLACED, SyncStore
from plugin.sync.cursor_state import SyncState
from plugin.sync.handler_context import HandlerContext
from plugin.sync.handlers import Handler
from plugin.sync.handlers.orders import planned_order
from plugin.sync.order_record import PlacedOrder
from plugin.sync.report import SyncReport
from plugin.sync.unit_of_work import UnitOfWork

Log = Callable[..., None]
LOGGED_PER_REASON = 3  # quarantine lines logged per reason and run; the rest are counted (``log_quarantine_rest``)


def connected_since(manifest: Manifest) -> datetime:
    """Midnight UTC of ``allegro.connected_since``: purchases before it are archival."""
    return datetime.combine(manifest.allegro.connected_since, time(), tzinfo=UTC)


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, AllegroSyncError) else f"{type(exc).__name__}: {exc}"


@dataclass
class Applier:
    manifest: Manifest
    uow: UnitOfWork
    rules: RuleSet
    handlers: dict[str, Handler]
    report: SyncReport
    state: SyncState
    log: Log
    products: frozenset[str] = frozenset()
    quarantined_ids: set[str] = field(default_factory=set)
    dropped_ids: frozenset[str] = frozenset()
    failed_now: set[str] = field(default_factory=set)  # set aside during this run: not retried until the next

    def __post_init__(self) -> None:
        self.products = self.shop.product_codes()
        self.quarantined_ids = {entry.checkout_form_id for entry in self.store.quarantined()}
        self.dropped_ids = self.store.ledger_marked(DROPPED)

    @property
    def shop(self) -> ShopPort:
        return self.uow.shop

    @property
    def store(self) -> SyncStore:
        return self.uow.store

    def is_archival(self, form: CheckoutForm) -> bool:
        bought = form.bought_at
        return bought is not None and bought < connected_since(self.manifest)

    def save(self, state: SyncState) -> None:
        """Persist a state change that has no order attached (page ends, phase changes)."""
        if state != self.state:
            with self.uow.commit():
                self.store.save_state_json(state.to_json())
            self.state = state

    def prepare(self, batch: Iterable[tuple[CheckoutForm, str, str]]) -> None:
        """Before applying a batch: hand the shop the new orders it will be asked for, so a shop that writes at
        once builds them together (Shoper: in bulk calls). Only forms that would simply create an order, and
        none sharing a purchase with another; ``insert_order`` then finds each built. An optimisation only: a
        failure here leaves the forms to the usual path, which meets it again and sets the form aside."""
        if self.shop.transactional:
            return
        planned: list[PlacedOrder] = []
        seen: set[str] = set()
        for form, kind, revision in batch:
            archival = self.is_archival(form)
            if (
                form.id in self.dropped_ids
                or form.id in self.quarantined_ids
                or "import_order" not in self.rules.handlers_for(kind, archival=archival)
                or self.store.ledger_contains(form.id, revision, kind)
            ):
                continue
            lines = {line.id for line in form.line_items}
            if lines & seen:
                continue
            seen |= lines
            ctx = HandlerContext(self.shop, self.store, self.manifest, form, kind, archival, self.products)
            placed = planned_order(ctx)
            if placed is not None:
                planned.append(placed)
        if planned:
            try:
                self.shop.prepare_orders([(p.record, list(p.items)) for p in planned])
            except ShopUnavailable:
                raise
            except AllegroSyncError as exc:
                self.log("prepare-failed", reason=str(exc))

    def apply(self, form: CheckoutForm, kind: str, revision: str, state_after: SyncState | None = None) -> bool:
        """Apply ``form`` as event ``kind``; False when it was quarantined."""
        if form.id in self.dropped_ids:
            self.report.dropped_skipped += 1
            self.log("dropped", checkout_form_id=form.id, kind=kind, reason="given up by `quarantine --drop`")
            if state_after is not None:
                self.save(state_after)
            return True
        archival = self.is_archival(form)
        names = self.rules.handlers_for(kind, archival=archival)
        if not names or self.store.ledger_contains(form.id, revision, kind):
            if state_after is not None:
                self.save(state_after)
            return True
        ctx = HandlerContext(self.shop, self.store, self.manifest, form, kind, archival, self.products)
        try:
            if form.unreadable:  # set aside with the reason; retried like any other, after Allegro fixes it
                raise OrderQuarantined(form.unreadable)
            with self.uow.form():
                self._run(ctx, names, revision, state_after)
        except ShopUnavailable:  # the shop refuses every order alike (a permission): stop, blame none of them
            raise
        except Exception as exc:  # any failure sets this one order aside; the run goes on
            self._set_aside(form, kind, _reason(exc), state_after)
            return False
        self.report.merge(ctx.tally)
        return True

    def _run(self, ctx: HandlerContext, names: tuple[str, ...], revision: str, state_after: SyncState | None) -> None:
        """The handlers, the ledger entry and the cursor, inside the form's transaction."""
        form = ctx.form
        for name in names:
            ctx.running = name
            result = self.handlers[name](ctx)
            if result is not None:
                ctx.results[name] = result
        self.store.ledger_add(form.id, revision, ctx.kind)
        if not self.shop.transactional:  # the application is complete: its handlers' steps are done with
            for name in names:
                self.store.form_steps.forget(form.id, name)
        if not ctx.replaces_nothing:
            self._mark_replaced(form)
        if form.id in self.quarantined_ids:
            self.store.release(form.id)
        self._write_state(state_after)

    def _set_aside(self, form: CheckoutForm, kind: str, reason: str, state_after: SyncState | None) -> None:
        """Quarantine ``form`` in a transaction of its own that still moves the cursor; log the first few per
        reason (the rest are counted)."""
        with self.uow.form():
            updated = form.updated_at.isoformat() if form.updated_at else None
            attempts = self.store.quarantine(form.id, kind, reason, updated)
            self._write_state(state_after)
        self.quarantined_ids.add(form.id)
        self.failed_now.add(form.id)
        self.report.add_quarantine(form.id, reason, attempts)
        if self.report.quarantine_reasons.groups[shape(reason)].count <= LOGGED_PER_REASON:
            self.log("quarantined", checkout_form_id=form.id, kind=kind, reason=reason, attempts=attempts)

    def _mark_replaced(self, form: CheckoutForm) -> None:
        """Forms whose shop orders hold purchases of ``form`` were combined into it: Allegro removed them."""
        claims = set(self.shop.orders_claiming(line.id for line in form.line_items).values())
        for order_id in sorted(claims):
            order = self.shop.order_by_id(order_id)
            old = order.checkout_form_id if order is not None else None
            if old is not None and old != form.id:
                self.store.ledger_add(old, form.id, REPLACED)

    def _write_state(self, state_after: SyncState | None) -> None:
        if state_after is not None and state_after != self.state:
            self.store.save_state_json(state_after.to_json())
            self.state = state_after


def log_quarantine_rest(report: SyncReport, log: Log) -> None:
    """One line per reason for the orders set aside beyond the first few logged (29,662 orders out of stock
    are three lines and a count, not 29,662 lines)."""
    for group in report.quarantine_reasons.groups.values():
        if group.count > LOGGED_PER_REASON:
            log("quarantined", count=group.count, reason=group.reason, examples=",".join(group.examples))
