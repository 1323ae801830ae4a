"""The human-readable form of a ``SyncReport`` (``--format text``)."""

from __future__ import annotations

from plugin.sync.report import SyncReport


def render(report: SyncReport, *, plan: bool = False) -> str:
    verb = "would" if plan else "did"
    lines = [
        f"allegro-sync {'plan' if plan else 'run'}: {verb} import {report.orders_imported} order(s)"
        f" ({report.archival_orders} archival), skip {report.orders_skipped}, update {report.orders_updated},"
        f" cancel {report.orders_cancelled}",
        f"  stock moves:          {report.stock_updates}",
        f"  customers registered: {report.customers_registered}",
        f"  emails queued:        {report.emails_queued_new} new, {report.emails_queued_archival} archival",
    ]
    if not plan:
        lines.append(f"  emails sent:          {report.emails_sent}")
    if report.unmapped_items:
        offers = ", ".join(report.unmapped_offers[:10])
        lines.append(
            f"  unmapped:             {report.unmapped_items} item(s) of offers with no shop product ({offers});"
            " they are imported and flagged 'unmapped' — add the products or map the offers in mapping.products"
        )
    for entry in report.quarantined[:20]:
        lines.append(
            f"  quarantined:          {entry['checkout_form_id']} (attempt {entry['attempts']}): {entry['reason']}"
        )
    if report.quarantined:
        lines.append("  (`allegro-sync quarantine MANIFEST` lists them; --retry ID… or --drop ID… decides)")
    if report.dropped_skipped:
        lines.append(f"  passed over:          {report.dropped_skipped} update(s) of dropped order(s)")
    lines.extend(f"  error: {error}" for error in report.errors)
    lines.append(f"  Allegro API calls:    {report.api_calls}; cursor {report.cursor or '(none yet)'}")
    return "\n".join(lines)
