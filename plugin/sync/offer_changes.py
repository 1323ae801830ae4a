"""What each linked offer needs so that it sells the shop's stock: ``max(0, stock − held − reserve)``."""

from __future__ import annotations

from dataclasses import dataclass

from plugin.allegro.models import Offer
from plugin.store.offer_links import OfferLink

STATUSES_LISTED = ("ACTIVE", "ACTIVATING", "ENDED")  # INACTIVE drafts are not ours to sell from


@dataclass(frozen=True)
class OfferChange:
    offer_id: str
    product_code: str
    old: int | None  # what Allegro had (None: unknown); an ended offer had 0 on sale
    new: int
    action: str  # quantity | end | resume


def offer_quantity(stock: int | None, reserve: int, held: int = 0) -> int:
    """What an offer may sell: the shop's stock less the units unpaid Allegro purchases hold, less the reserve."""
    return max(0, (stock or 0) - held - reserve)


def link_of(offer: Offer, products: dict[str, int | None], offer_map: dict[str, str]) -> OfferLink:
    code = offer_map.get(offer.id) or offer.external_id
    linked = code if code is not None and products.get(code) is not None else None
    return OfferLink(offer.id, linked, offer.external_id, offer.status or "ACTIVE", offer.available, None)


def change_for(link: OfferLink, stock: int | None, reserve: int, held: int = 0) -> OfferChange | None:
    """What this offer needs so that it sells ``max(0, stock − held − reserve)``; None when it already does."""
    if link.product_code is None or link.status not in STATUSES_LISTED:
        return None  # no product, or a draft (INACTIVE) the seller has not published: not ours to sell from
    new = offer_quantity(stock, reserve, held)
    selling = link.status in ("ACTIVE", "ACTIVATING")
    old = (link.quantity if selling else 0) if link.failure is None else link.quantity
    if new == 0:
        return OfferChange(link.offer_id, link.product_code, old, 0, "end") if selling or link.failure else None
    if not selling:
        return OfferChange(link.offer_id, link.product_code, old, new, "resume")
    if link.quantity != new or link.failure is not None:
        return OfferChange(link.offer_id, link.product_code, old, new, "quantity")
    return None
