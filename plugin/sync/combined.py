"""Recognising checkout forms a combined payment replaced, so the engine never asks Allegro for them.

When a buyer pays several purchases together, Allegro makes a new checkout form with the same line items
(``lineItems[].id`` stays stable) and removes the old forms: asking for one costs a call and answers 404.
A purchase is in one form at a time, so a form whose every line item sits in another form's *later* event
was combined away. The shop's ledger remembers the same fact across runs (``REPLACED`` marks).
"""

from __future__ import annotations

from collections.abc import Iterable

from plugin.allegro.models import OrderEvent


def replaced_in_batch(events: Iterable[OrderEvent]) -> frozenset[str]:
    """Forms of ``events`` (journal order) whose line items all appear under another form's later event."""
    holder: dict[str, str] = {}  # line item id → the form of the latest event naming it
    items: dict[str, set[str]] = {}
    for event in events:
        form_id = event.checkout_form_id
        if not form_id:
            continue
        mine = items.setdefault(form_id, set())
        for line in event.line_items:
            holder[line.id] = form_id
            mine.add(line.id)
    return frozenset(form_id for form_id, lines in items.items() if lines and all(holder[i] != form_id for i in lines))
