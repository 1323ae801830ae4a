"""What the engine writes into a shop, as frozen dataclasses every shop backend accepts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

#: Ids the shop gives: ``int`` in the embedded shop, ``str`` in Shoper. The engine only hands them back.
OrderId = int | str
CustomerId = int | str


@dataclass(frozen=True)
class ItemRecord:
    line_item_id: str
    product_code: str | None
    offer_id: str
    name: str
    quantity: int
    unit_price: Decimal
    unmapped: bool = False


@dataclass(frozen=True)
class OrderRecord:
    """One shop order built from an Allegro checkout form (columns of ``orders``)."""

    checkout_form_id: str
    revision: str | None
    status: str
    allegro_status: str
    archival: bool
    flags: str
    customer_id: CustomerId | None
    buyer_id: str
    buyer_login: str
    buyer_email: str
    buyer_first_name: str | None
    buyer_last_name: str | None
    buyer_company: str | None
    buyer_phone: str | None
    tax_id: str | None
    delivery_first_name: str | None
    delivery_last_name: str | None
    delivery_company: str | None
    delivery_street: str | None
    delivery_city: str | None
    delivery_postal_code: str | None
    delivery_country_code: str | None
    delivery_phone: str | None
    pickup_point_id: str | None
    pickup_point_name: str | None
    pickup_point_address: str | None
    shipping_method: str
    delivery_method: str | None
    payment_method: str
    message_to_seller: str | None
    currency: str
    items_total: Decimal
    delivery_cost: Decimal
    total: Decimal
    bought_at: datetime | None
    source: str = "allegro"
    allegro_payment_type: str | None = None  # as received (CASH_ON_DELIVERY: the parcel collects cash)
    allegro_delivery_method_id: str | None = None  # as received
    # the address an invoice goes to: the invoice address the buyer gave, else the buyer's own (None: neither)
    billing_street: str | None = None
    billing_city: str | None = None
    billing_postal_code: str | None = None
    billing_country_code: str | None = None


@dataclass(frozen=True)
class StoredOrder:
    """The parts of a stored order the handlers decide on."""

    id: OrderId
    checkout_form_id: str | None
    status: str
    archival: bool
    flags: str
    customer_id: CustomerId | None
    created_at: str
    allegro_status: str | None = None

    @property
    def cancelled(self) -> bool:
        return self.allegro_status == "CANCELLED"


@dataclass(frozen=True)
class CustomerRecord:
    email: str
    allegro_buyer_id: str
    login: str | None
    first_name: str | None
    last_name: str | None
    company: str | None
    phone: str | None
