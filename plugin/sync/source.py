"""What the engine needs from Allegro: the few client methods it calls, as a Protocol.

``plugin.allegro.client.AllegroClient`` implements it over HTTP; tests may pass an in-memory fake.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Protocol

from plugin.allegro.models import CheckoutForm, Offer, OrderEvent


class OrderSource(Protocol):
    calls: int  # API requests made so far (the benchmark divides it by orders)

    def me(self) -> dict[str, Any]: ...

    def latest_event_id(self) -> str | None: ...

    def event_page(self, from_id: str | None, *, limit: int = 1000, types: Any = None) -> list[OrderEvent]: ...

    def checkout_forms(
        self,
        *,
        bought_gte: datetime | None = None,
        bought_lte: datetime | None = None,
        updated_gte: datetime | None = None,
        updated_lte: datetime | None = None,
        status: str | None = None,
    ) -> Iterator[CheckoutForm]: ...

    def checkout_form(self, form_id: str) -> CheckoutForm | None: ...

    def seller_offers(self, statuses: Any = ()) -> Iterator[Offer]:
        """The seller's offers (for archival import from active offers)."""

    def checkout_forms_by_id(self, ids: Iterable[str], *, updated_gte: datetime) -> dict[str, CheckoutForm]: ...
