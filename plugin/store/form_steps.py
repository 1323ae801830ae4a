"""The map from checkout form to shop order with the steps already done: a REST shop's recovery points.

A shop without transactions (Shoper) writes at once and has no idempotency key, so it records each write in
two moves (Stripe's recovery points): ``intent`` before the request, ``done`` with the shop's answer (its id)
after it. Both are durable when they return. After a crash, a step left at ``intent`` may or may not have
reached the shop: the backend looks it up there (by the checkout form id it stored with the order) and then
finishes it or undoes it. The embedded shop needs none of this: its writes commit with the ledger.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

INTENT, DONE = "intent", "done"


@dataclass(frozen=True)
class FormStep:
    checkout_form_id: str
    step: str  # named by the backend: "order", "line:<line item id>", "customer", "status:cancelled", …
    state: str  # INTENT | DONE
    shop_id: str | None  # what the shop answered, once done
    detail: str
    updated_at: str

    @property
    def done(self) -> bool:
        return self.state == DONE


class FormSteps:
    """``store.form_steps``: recovery points per checkout form, each durable once its call returns."""

    def __init__(self, conn: sqlite3.Connection, durable: Callable[[], None]) -> None:
        self._conn = conn
        self._durable = durable

    def _put(self, checkout_form_id: str, step: str, state: str, shop_id: str | None, detail: str) -> None:
        self._conn.execute(
            "INSERT INTO sync_form_steps (checkout_form_id, step, state, shop_id, detail, updated_at)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT(checkout_form_id, step) DO UPDATE SET state = excluded.state,"
            " shop_id = COALESCE(excluded.shop_id, shop_id), detail = excluded.detail,"
            " updated_at = excluded.updated_at",
            (checkout_form_id, step, state, shop_id, detail, datetime.now(UTC).isoformat()),
        )
        self._durable()

    def intent(self, checkout_form_id: str, step: str, detail: str = "") -> None:
        """Before a shop write: "``step`` of this form is about to be written" (durable on return)."""
        self._put(checkout_form_id, step, INTENT, None, detail)

    def done(self, checkout_form_id: str, step: str, shop_id: str | int | None = None, detail: str = "") -> None:
        """After the shop answered: the step is done, and ``shop_id`` is what the shop calls it."""
        self._put(checkout_form_id, step, DONE, None if shop_id is None else str(shop_id), detail)

    def get(self, checkout_form_id: str, step: str) -> FormStep | None:
        row = self._conn.execute(
            "SELECT checkout_form_id, step, state, shop_id, detail, updated_at FROM sync_form_steps"
            " WHERE checkout_form_id = ? AND step = ?",
            (checkout_form_id, step),
        ).fetchone()
        return None if row is None else FormStep(*row)

    def of_form(self, checkout_form_id: str) -> dict[str, FormStep]:
        """Every recorded step of one form, by step name."""
        rows = self._conn.execute(
            "SELECT checkout_form_id, step, state, shop_id, detail, updated_at FROM sync_form_steps"
            " WHERE checkout_form_id = ? ORDER BY step",
            (checkout_form_id,),
        )
        return {row[1]: FormStep(*row) for row in rows}

    def unfinished(self) -> list[FormStep]:
        """Steps left at ``intent`` (a crash between announcing a write and recording its answer)."""
        rows = self._conn.execute(
            "SELECT checkout_form_id, step, state, shop_id, detail, updated_at FROM sync_form_steps"
            " WHERE state = ? ORDER BY updated_at, checkout_form_id, step",
            (INTENT,),
        )
        return [FormStep(*row) for row in rows]

    def shop_order(self, checkout_form_id: str) -> str | None:
        """The shop's order id for this form, once its ``order`` step is done."""
        step = self.get(checkout_form_id, "order")
        return step.shop_id if step is not None and step.done else None

    def forget(self, checkout_form_id: str, step: str | None = None) -> None:
        """Drop one step (or all of a form's), durable on return: a backend after undoing a half-built order;
        the engine, for its handlers' steps, once a form's application is complete (with its ledger entry)."""
        if step is None:
            self._conn.execute("DELETE FROM sync_form_steps WHERE checkout_form_id = ?", (checkout_form_id,))
        else:
            self._conn.execute(
                "DELETE FROM sync_form_steps WHERE checkout_form_id = ? AND step = ?", (checkout_form_id, step)
            )
        self._durable()
