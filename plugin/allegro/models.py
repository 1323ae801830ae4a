"""Allegro's order data as frozen dataclasses, parsed leniently: whatever Allegro's spec allows parses.

Optional parts may be missing and unknown new fields are ignored (Allegro adds fields without notice).
Money is ``Decimal`` built from Allegro's string amounts; times are timezone-aware UTC datetimes.
``raw`` keeps the JSON object a model came from, for audits and for fields we do not model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from plugin.manifest.catalogue import EVENT_TYPES

#: Allegro's ``OrderEventType`` (declared with the handlers that accept them).
ORDER_EVENT_TYPES: tuple[str, ...] = EVENT_TYPES


def parse_time(value: str | None) -> datetime | None:
    """Allegro's ISO-8601 timestamps (``2024-05-01T10:12:32.321Z``) as aware UTC datetimes."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_time(value: datetime) -> str:
    """The inverse of ``parse_time``: UTC with milliseconds and ``Z``, as Allegro writes it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = "PLN"

    @classmethod
    def parse(cls, data: dict[str, Any] | None) -> Money | None:
        if not data or data.get("amount") is None:
            return None
        return cls(Decimal(str(data["amount"])), data.get("currency") or "PLN")

    def to_json(self) -> dict[str, str]:
        return {"amount": f"{self.amount:.2f}", "currency": self.currency}


@dataclass(frozen=True)
class Address:
    """A postal address; Allegro's buyer, delivery, pickup point and invoice addresses all fit it."""

    street: str | None = None
    city: str | None = None
    zip_code: str | None = None
    country_code: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    phone_number: str | None = None

    @classmethod
    def parse(cls, data: dict[str, Any] | None) -> Address | None:
        if not data:
            return None
        return cls(
            street=data.get("street"),
            city=data.get("city"),
            zip_code=data.get("zipCode") or data.get("postCode"),
            country_code=data.get("countryCode"),
            first_name=data.get("firstName"),
            last_name=data.get("lastName"),
            company_name=data.get("companyName"),
            phone_number=data.get("phoneNumber"),
        )


@dataclass(frozen=True)
class Buyer:
    id: str
    email: str  # often a masked, per-order ``…@allegromail.pl`` address: never an identity
    login: str
    guest: bool = False
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    phone_number: str | None = None
    language: str | None = None
    address: Address | None = None

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Buyer:
        return cls(
            id=str(data["id"]),
            email=data.get("email") or "",
            login=data.get("login") or "",
            guest=bool(data.get("guest", False)),
            first_name=data.get("firstName"),
            last_name=data.get("lastName"),
            company_name=data.get("companyName"),
            phone_number=data.get("phoneNumber"),
            language=(data.get("preferences") or {}).get("language"),
            address=Address.parse(data.get("address")),
        )


@dataclass(frozen=True)
class ProductSetItem:
    product_id: str
    quantity: int = 1


@dataclass(frozen=True)
class LineItem:
    id: str  # stable across combined payments: the way to recognise a purchase under a new checkout form
    offer_id: str
    offer_name: str
    quantity: int
    price: Money
    original_price: Money | None = None
    external_id: str | None = None  # the shop's product code when products match by external id
    product_set: tuple[ProductSetItem, ...] = ()
    bought_at: datetime | None = None

    @classmethod
    def parse(cls, data: dict[str, Any]) -> LineItem:
        offer = data.get("offer") or {}
        product_set = (offer.get("productSet") or {}).get("products") or []
        price = Money.parse(data.get("price")) or Money(Decimal("0"))
        return cls(
            id=str(data["id"]),
            offer_id=str(offer.get("id", "")),
            offer_name=offer.get("name") or "",
            quantity=int(data.get("quantity", 1)),
            price=price,
            original_price=Money.parse(data.get("originalPrice")),
            external_id=(offer.get("external") or {}).get("id"),
            product_set=tuple(
                ProductSetItem(str(p["id"]), int(p.get("quantity") or 1)) for p in product_set if p.get("id")
            ),
            bought_at=parse_time(data.get("boughtAt")),
        )


@dataclass(frozen=True)
class PickupPoint:
    id: str
    name: str | None = None
    description: str | None = None
    address: Address | None = None


@dataclass(frozen=True)
class Delivery:
    address: Address | None = None
    method_id: str | None = None
    method_name: str | None = None
    pickup_point: PickupPoint | None = None
    cost: Money | None = None
    smart: bool = False

    @classmethod
    def parse(cls, data: dict[str, Any] | None) -> Delivery | None:
        if not data:
            return None
        method = data.get("method") or {}
        point = data.get("pickupPoint")
        return cls(
            address=Address.parse(data.get("address")),
            method_id=method.get("id"),
            method_name=method.get("name"),
            pickup_point=PickupPoint(
                id=str(point.get("id", "")),
                name=point.get("name"),
                description=point.get("description"),
                address=Address.parse(point.get("address")),
            )
            if point
            else None,
            cost=Money.parse(data.get("cost")),
            smart=bool(data.get("smart", False)),
        )


@dataclass(frozen=True)
class Invoice:
    required: bool
    address: Address | None = None
    company_name: str | None = None
    tax_id: str | None = None  # the NIP for Polish companies (``ids[type=PL_NIP]`` or ``taxId``)

    @classmethod
    def parse(cls, data: dict[str, Any] | None) -> Invoice | None:
        if not data:
            return None
        address = data.get("address") or {}
        company = address.get("company") or {}
        nip = next((i.get("value") for i in company.get("ids") or [] if i.get("type") == "PL_NIP"), None)
        person = address.get("naturalPerson") or {}  # a private buyer's invoice names them here
        return cls(
            required=bool(data.get("required", False)),
            address=Address.parse({**address, **person}) if address else None,
            company_name=company.get("name"),
            tax_id=nip or company.get("taxId"),
        )


@dataclass(frozen=True)
class Payment:
    id: str
    type: str  # CASH_ON_DELIVERY | WIRE_TRANSFER | ONLINE | SPLIT_PAYMENT | EXTENDED_TERM
    provider: str | None = None
    finished_at: datetime | None = None
    paid_amount: Money | None = None

    @classmethod
    def parse(cls, data: dict[str, Any] | None) -> Payment | None:
        if not data or not data.get("id"):
            return None
        return cls(
            id=str(data["id"]),
            type=data.get("type") or "ONLINE",
            provider=data.get("provider"),
            finished_at=parse_time(data.get("finishedAt")),
            paid_amount=Money.parse(data.get("paidAmount")),
        )


@dataclass(frozen=True)
class CheckoutForm:
    """One Allegro order (``CheckoutForm`` in the spec)."""

    id: str
    status: str  # BOUGHT | FILLED_IN | READY_FOR_PROCESSING | CANCELLED
    buyer: Buyer
    line_items: tuple[LineItem, ...]
    total_to_pay: Money
    revision: str | None = None
    updated_at: datetime | None = None
    payment: Payment | None = None
    delivery: Delivery | None = None
    invoice: Invoice | None = None
    message_to_seller: str | None = None
    fulfillment_status: str | None = None
    marketplace: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    unreadable: str | None = None  # why a field could not be read: the order is set aside with this reason

    @property
    def bought_at(self) -> datetime | None:
        """When the purchase was made: the earliest ``boughtAt`` of its line items."""
        times = [item.bought_at for item in self.line_items if item.bought_at]
        return min(times) if times else None

    @classmethod
    def parse(cls, data: dict[str, Any]) -> CheckoutForm:
        """The form; one whose fields cannot be read (a price that is no number, an object where text belongs)
        is returned with only its id and status and ``unreadable`` saying why: buyer data never stops a run."""
        try:
            return cls._parse(data)
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
            if not isinstance(data, dict) or not data.get("id"):
                raise
            status = data.get("status")
            return cls(
                id=str(data["id"]),
                status=status if isinstance(status, str) and status else "BOUGHT",
                buyer=Buyer(id="", email="", login=""),
                line_items=(),
                total_to_pay=Money(Decimal("0")),
                revision=data.get("revision") if isinstance(data.get("revision"), str) else None,
                raw=data,
                unreadable=f"Allegro's checkout form has a field we cannot read ({type(exc).__name__}: {exc})"[:500],
            )

    @classmethod
    def _parse(cls, data: dict[str, Any]) -> CheckoutForm:
        summary = data.get("summary") or {}
        return cls(
            id=str(data["id"]),
            status=data.get("status") or "BOUGHT",
            buyer=Buyer.parse(data.get("buyer") or {"id": ""}),
            line_items=tuple(LineItem.parse(item) for item in data.get("lineItems") or []),
            total_to_pay=Money.parse(summary.get("totalToPay")) or Money(Decimal("0")),
            revision=data.get("revision"),
            updated_at=parse_time(data.get("updatedAt")),
            payment=Payment.parse(data.get("payment")),
            delivery=Delivery.parse(data.get("delivery")),
            invoice=Invoice.parse(data.get("invoice")),
            message_to_seller=data.get("messageToSeller"),
            fulfillment_status=(data.get("fulfillment") or {}).get("status"),
            marketplace=(data.get("marketplace") or {}).get("id"),
            raw=data,
        )


@dataclass(frozen=True)
class OrderEvent:
    """One entry of Allegro's order journal (``/order/events``). The order in it is only a summary."""

    id: str
    type: str
    occurred_at: datetime
    checkout_form_id: str | None
    checkout_form_revision: str | None
    buyer_id: str | None
    line_items: tuple[LineItem, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, data: dict[str, Any]) -> OrderEvent:
        order = data.get("order") or {}
        checkout_form = order.get("checkoutForm") or {}
        occurred = parse_time(data.get("occurredAt"))
        return cls(
            id=str(data["id"]),
            type=data["type"],
            occurred_at=occurred or datetime.now(UTC),
            checkout_form_id=checkout_form.get("id"),
            checkout_form_revision=checkout_form.get("revision"),
            buyer_id=str((order.get("buyer") or {}).get("id")) if (order.get("buyer") or {}).get("id") else None,
            line_items=_readable_items(order.get("lineItems") or []),
            raw=data,
        )


def _readable_items(items: list[Any]) -> tuple[LineItem, ...]:
    """An event's line items that can be read (an unreadable one is the form's problem, set aside with it)."""
    readable = []
    for item in items:
        try:
            if item.get("id"):
                readable.append(LineItem.parse(item))
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError):
            continue
    return tuple(readable)


@dataclass(frozen=True)
class Offer:
    """A seller's offer as ``/sale/offers`` lists it (only what stock sync needs)."""

    id: str
    name: str
    external_id: str | None
    available: int | None
    status: str | None = None

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Offer:
        stock = data.get("stock") or {}
        return cls(
            id=str(data["id"]),
            name=data.get("name") or "",
            external_id=(data.get("external") or {}).get("id"),
            available=stock.get("available"),
            status=(data.get("publication") or {}).get("status"),
        )
