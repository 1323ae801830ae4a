"""The human-readable form of a ``SyncReport`` (``--format text``)."""

from __future__ import annotations

from plugin.sync.report import SyncReport

SHOWN = 50  # offer changes listed; --format json lists them all


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 order``, ``167 orders``: English a person reads without stumbling over ``order(s)``."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def did_nothing(report: SyncReport) -> bool:
    """A pass with nothing to tell: no order, stock move, email, quarantine or error."""
    busy = report.emails_sent or report.emails_backlog or report.errors or report.quarantined_count
    return not (busy or any(report.counts().values()))


def render_quiet(report: SyncReport, *, plan: bool = False) -> str:
    """One short line for a pass that did nothing (``--follow`` on a quiet night writes one line an hour)."""
    prefix = "allegro-sync plan: nothing to do" if plan else "allegro-sync run: nothing new"
    return f"{prefix} (cursor {report.cursor or '(none yet)'}, {plural(report.api_calls, 'Allegro API call')})"


def render(report: SyncReport, *, plan: bool = False) -> str:
    if did_nothing(report):
        return render_quiet(report, plan=plan)
    head = "allegro-sync plan: would import" if plan else "allegro-sync run: imported"
    lines = [
        f"{head} {plural(report.orders_imported, 'order')} ({report.archival_orders} archival);"
        f" {'would skip' if plan else 'skipped'} {report.orders_skipped},"
        f" {'update' if plan else 'updated'} {report.orders_updated},"
        f" {'cancel' if plan else 'cancelled'} {report.orders_cancelled}",
        f"  stock moves:          {report.stock_updates}",
        f"  customers registered: {report.customers_registered}",
        f"  emails queued:        {report.emails_queued_new} new, {report.emails_queued_archival} archival",
    ]
    if report.emails_backlog:
        lines.append(f"  emails waiting:       {report.emails_backlog} queued by earlier runs, not sent yet")
    if not plan:
        lines.append(f"  emails sent:          {report.emails_sent}")
    if report.emails_skipped:
        first = report.skipped_emails[0] if report.skipped_emails else None
        example = f"; e.g. {first['checkout_form_id']}: {first['reason']}" if first else ""
        lines.append(
            f"  emails skipped:       {report.emails_skipped} (the order is imported; the outbox keeps each as"
            f" 'skipped' with its reason{example})"
        )
    if report.unmapped_items:
        offers = ", ".join(report.unmapped_offers[:10])
        lines.append(
            f"  unmapped:             {plural(report.unmapped_items, 'item')} of offers with no shop product"
            f" ({offers}); they are imported and flagged 'unmapped' — add the products or map the offers in"
            " mapping.products"
        )
    for line in report.quarantine_reasons.lines("order"):
        lines.append(f"  quarantined:          {line}")
    if report.quarantined:
        lines.append("  (`allegro-sync quarantine MANIFEST` lists them; --retry ID… or --drop ID… decides)")
    if report.dropped_skipped:
        lines.append(f"  passed over:          {plural(report.dropped_skipped, 'update')} of dropped orders")
    push = report.stock_push
    if push is not None:
        verb_push = "would change" if plan else "changed"
        lines.append(
            f"  stock → Allegro:      {verb_push} {plural(len(push.changes), 'offer')};"
            f" {plural(push.products_changed, 'product')} with changed stock"
        )
        for change in push.changes[:SHOWN]:
            old = "?" if change.old is None else change.old
            what = {"end": " (ends the offer)", "resume": " (resumes the offer)"}.get(change.action, "")
            lines.append(f"    offer {change.offer_id} ({change.product_code}): {old} → {change.new}{what}")
        if len(push.changes) > SHOWN:
            lines.append(f"    … and {len(push.changes) - SHOWN} more (--format json lists all)")
        if push.unlinked_offers:
            lines.append(
                f"  offers, no product:   {len(push.unlinked_offers)} ({', '.join(push.unlinked_offers[:10])});"
                " left alone — their external.id is no shop product's code"
            )
    lines.extend(f"  error: {error}" for error in report.errors)
    lines.append(f"  Allegro API calls:    {report.api_calls}; cursor {report.cursor or '(none yet)'}")
    return "\n".join(lines)
