"""The engine's unit of work: the shop port and the sync store, and what commits together.

- ``batch()``: several checkout forms, committed together when the shop writes in the store's transaction
  (the embedded shop: one commit per 500 listed forms or per journal page is 3x faster than one per form);
  nothing for a shop that writes at once, whose forms each commit on their own.
- ``form()``: one checkout form. Inside a batch it is a savepoint (a failed form rolls back alone); on its own
  it is a transaction. With the embedded shop it covers order, lines, stock, customer, outbox, ledger and
  cursor: exactly once, whatever instant the process dies. With a REST shop the shop's writes happen at once;
  the backend records each in ``store.form_steps`` (durable before and after the request, see
  ``plugin.shop.port``), and the form's ledger entry, outbox rows and cursor commit together at its end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from plugin.shop.port import ShopPort
from plugin.store.sync_store import SyncStore


@dataclass
class UnitOfWork:
    shop: ShopPort
    store: SyncStore

    def __post_init__(self) -> None:
        if not self.shop.transactional:  # a recovery point must outlive a power cut, not only a killed process
            self.store.sync_fully()

    @contextmanager
    def batch(self) -> Iterator[None]:
        if self.shop.transactional:
            with self.store.transaction():
                yield
        else:
            yield

    def form(self) -> AbstractContextManager[None]:
        """One checkout form: the store's transaction (a savepoint inside a batch)."""
        return self.store.transaction()

    def commit(self) -> AbstractContextManager[None]:
        """A state change with no form attached (a page end, a phase change)."""
        return self.store.transaction()

    def close(self) -> None:
        try:
            self.shop.close()
        finally:
            self.store.close()
