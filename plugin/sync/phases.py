"""The phases of a run, each reading Allegro one way and applying forms through the ``Applier``.

- backfill: first run only; orders bought since ``connected_since`` up to the journal head, via the listing;
- catch-up: a cursor older than Allegro's 60-day event retention → the listing by ``updatedAt``;
- retries: quarantined orders, again, up to ``MAX_ATTEMPTS`` (``quarantine --retry`` resets the count);
- events: the journal from the cursor, in pages of 1000, checkout forms fetched in batches — never those
  dropped, nor those a combined payment replaced (in the same page, or known to the ledger);
- archival: with ``import_archived``, purchases before ``connected_since`` via the listing; never the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice

from plugin.allegro.models import CheckoutForm, OrderEvent
from plugin.manifest.catalogue import EVENT_TYPES
from plugin.rules.compile import LISTING_KINDS
from plugin.store.quarantine import MAX_ATTEMPTS
from plugin.store.sync_store import REPLACED, QuarantineEntry
from plugin.sync.apply import Applier, connected_since
from plugin.sync.combined import replaced_in_batch
from plugin.sync.cursor_state import advance, archival_done, begin_backfill, caught_up, finish_backfill
from plugin.sync.source import OrderSource

PAGE = 1000
AHEAD = 10  # journal pages read before their forms are fetched together (memory: 10,000 events)
BATCH = 500  # forms per commit in listing phases
RETRY_BATCH = 1000  # set-aside orders whose forms are read together (memory: 1,000 forms)
RETENTION = timedelta(days=59)  # Allegro keeps 60 days of events; a day of margin
FETCH_SLACK = timedelta(hours=1)  # a form's updatedAt is at or after its event; allow clock skew

Progress = Callable[[str, int], None]


def _now() -> datetime:
    return datetime.now(UTC)


def _apply_listing(applier: Applier, forms: Iterable[CheckoutForm], phase: str, progress: Progress | None) -> None:
    """Apply each form in its own savepoint, committing every ``BATCH`` forms (one commit per order is 3x slower;
    a kill loses at most one batch, which the next run applies again)."""
    stream = iter(forms)
    done = 0
    while batch := list(islice(stream, BATCH)):
        with applier.uow.batch():
            applier.prepare(
                (form, kind, form.revision or "-") for form in batch if (kind := LISTING_KINDS.get(form.status))
            )
            for form in batch:
                kind = LISTING_KINDS.get(form.status)
                if kind is not None:
                    applier.apply(form, kind, form.revision or "-")
        done += len(batch)
        if progress is not None:
            progress(phase, done)


def backfill(applier: Applier, source: OrderSource, progress: Progress | None = None) -> None:
    if applier.state.phase == "new":
        applier.save(begin_backfill(applier.state, source.latest_event_id(), _now()))
    if applier.state.phase != "backfill":
        return
    until = datetime.fromisoformat(applier.state.backfill_until or _now().isoformat())
    forms = source.checkout_forms(bought_gte=connected_since(applier.manifest), bought_lte=until)
    _apply_listing(applier, forms, "backfill", progress)
    applier.save(finish_backfill(applier.state, until))


def catch_up(applier: Applier, source: OrderSource, progress: Progress | None = None) -> None:
    synced = applier.state.synced_at
    if applier.state.phase != "events" or synced is None:
        return
    since = datetime.fromisoformat(synced)
    if _now() - since < RETENTION:
        return
    applier.log("catch-up", since=synced, reason="the cursor is older than Allegro's 60-day event retention")
    head, now = source.latest_event_id(), _now()
    _apply_listing(applier, source.checkout_forms(updated_gte=since), "catch-up", progress)
    applier.save(caught_up(applier.state, now, head))


def retry_quarantined(applier: Applier, source: OrderSource) -> None:
    """Each set-aside order once more, oldest failure first. Their forms are read together, ``RETRY_BATCH`` at a
    time, from the listing window that holds them (the client reads it only when that costs fewer calls than one
    GET per form; 30,000 orders waiting for stock no longer mean 30,000 calls a pass)."""
    due = []
    for entry in applier.store.quarantined():
        if entry.checkout_form_id in applier.failed_now:  # failed minutes ago in the backfill: next run
            continue
        if entry.attempts >= MAX_ATTEMPTS:
            applier.report.add_quarantine(entry.checkout_form_id, entry.reason, entry.attempts)
            continue
        due.append(entry)
    for start in range(0, len(due), RETRY_BATCH):
        batch = due[start : start + RETRY_BATCH]
        replaced = applier.store.ledger_marked(REPLACED, [e.checkout_form_id for e in batch])
        forms = _retry_forms(source, [e for e in batch if e.checkout_form_id not in replaced])
        for entry in batch:
            form = forms.get(entry.checkout_form_id)
            kind = entry.kind if entry.kind in EVENT_TYPES else None
            if form is not None:
                kind = kind or LISTING_KINDS.get(form.status)
            if form is None or kind is None:  # combined away or nothing left to do
                with applier.uow.commit():
                    applier.store.release(entry.checkout_form_id)
                continue
            applier.apply(form, kind, form.revision or "-")


def _retry_forms(source: OrderSource, entries: list[QuarantineEntry]) -> dict[str, CheckoutForm]:
    """The current forms of these set-aside orders: those whose updatedAt was kept in one batched read from the
    oldest of them (a form only moves forward), the others one GET each."""
    known = [e for e in entries if e.form_updated_at]
    forms: dict[str, CheckoutForm] = {}
    if known:
        oldest = min(datetime.fromisoformat(e.form_updated_at or "") for e in known) - FETCH_SLACK
        forms = source.checkout_forms_by_id([e.checkout_form_id for e in known], updated_gte=oldest)
    for entry in entries:
        if not entry.form_updated_at:
            form = source.checkout_form(entry.checkout_form_id)  # None: combined into another form, or gone
            if form is not None:
                forms[entry.checkout_form_id] = form
    return forms


def _forms_for(applier: Applier, source: OrderSource, events: list[OrderEvent]) -> dict[str, CheckoutForm]:
    """The checkout forms of the events that still need applying, in one batched read (plus 404 stragglers).

    Not asked for: forms given up (dropped), and forms a combined payment replaced — a later event of this
    page carries all their line items, or the ledger marked them — since Allegro answers 404 for those."""
    types = applier.rules.event_types
    skip = applier.dropped_ids | replaced_in_batch(events)
    applier.report.dropped_skipped += sum(e.checkout_form_id in applier.dropped_ids and e.type in types for e in events)
    needed = [
        e
        for e in events
        if e.checkout_form_id
        and e.type in types
        and e.checkout_form_id not in skip
        and not applier.store.ledger_contains(e.checkout_form_id, e.checkout_form_revision or "-", e.type)
    ]
    candidates = list(dict.fromkeys(e.checkout_form_id for e in needed if e.checkout_form_id))
    replaced = applier.store.ledger_marked(REPLACED, candidates)
    ids = [form_id for form_id in candidates if form_id not in replaced]
    if not ids:
        return {}
    needed = [e for e in needed if e.checkout_form_id not in replaced]
    oldest = min(e.occurred_at for e in needed) - FETCH_SLACK
    forms = source.checkout_forms_by_id(ids, updated_gte=oldest)
    for form_id in ids:
        if form_id not in forms:
            form = source.checkout_form(form_id)  # None: combined into another form, or gone
            if form is not None:
                forms[form_id] = form
    return forms


def _read_ahead(source: OrderSource, cursor: str | None) -> list[list[OrderEvent]]:
    """Up to ``AHEAD`` journal pages from ``cursor``: a backlog's forms are then fetched in one batched read.

    One page at a time, the forms of a page are scattered over a listing window that later pages would read
    again, and the batched read degrades to single GETs (measured: 1.7 calls per order on a 10k backlog)."""
    pages: list[list[OrderEvent]] = []
    while len(pages) < AHEAD:
        page = source.event_page(cursor, limit=PAGE)
        pages.append(page)
        if len(page) < PAGE:
            break
        cursor = page[-1].id
    return pages


def follow_events(applier: Applier, source: OrderSource, progress: Progress | None = None) -> None:
    if applier.state.phase != "events":
        return
    while True:
        pages = _read_ahead(source, applier.state.cursor)
        for page in pages:
            applier.report.events_read += len(page)
        forms = _forms_for(applier, source, [event for page in pages for event in page])
        for page in pages:
            state = applier.state
            with applier.uow.batch():  # one commit per page (embedded shop); each event in its own savepoint
                applier.prepare(
                    (forms[e.checkout_form_id], e.type, e.checkout_form_revision or "-")
                    for e in page
                    if e.checkout_form_id in forms
                )
                for event in page:
                    state = advance(state, event.id)
                    form = forms.get(event.checkout_form_id or "")
                    if form is not None:
                        applier.apply(form, event.type, event.checkout_form_revision or "-", state_after=state)
                applier.save(state)
            if progress is not None and page:
                progress("events", applier.report.events_read)
        if len(pages[-1]) < PAGE:
            break
    applier.save(caught_up(applier.state, _now()))


def _from_active_offers(forms: Iterable[CheckoutForm], active: set[str], applier: Applier) -> Iterator[CheckoutForm]:
    """Archival purchases whose offer is still active (one active offer is enough for a purchase of several);
    the others are counted in ``archival_inactive_offers`` and left out."""
    for form in forms:
        if any(item.offer_id in active for item in form.line_items):
            yield form
        elif LISTING_KINDS.get(form.status) is not None:
            applier.report.archival_inactive_offers += 1


def import_archival(applier: Applier, source: OrderSource, progress: Progress | None = None) -> None:
    if not applier.rules.imports_archival or applier.state.archival_done:
        return
    before = connected_since(applier.manifest) - timedelta(milliseconds=1)
    forms: Iterable[CheckoutForm] = source.checkout_forms(bought_lte=before)
    if applier.manifest.sync.archived_from == "active_offers":  # the seed's "z aktywnych aukcji"
        active = {offer.id for offer in source.seller_offers(("ACTIVE",))}
        forms = _from_active_offers(forms, active, applier)
    _apply_listing(applier, forms, "archival", progress)
    applier.save(archival_done(applier.state))
