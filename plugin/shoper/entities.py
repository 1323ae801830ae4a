"""Shoper's resources as frozen dataclasses, parsed from the wire once so nothing else sees a string id.

Each row type names its fields' readers in one table (``WIRE``) instead of spelling out the same conversions in
every ``parse``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Self

from plugin.shoper.wire import as_datetime, as_decimal, as_flag, as_int, text, translated_name

Reader = Callable[[Any], Any]


@dataclass(frozen=True)
class Wire:
    """A field read from another key than its name, or with a stand-in for a key Shoper left out."""

    read: Reader
    key: str | None = None
    default: Any = None


Table = Mapping[str, Reader | Wire]


def read_wire(data: dict[str, Any], table: Table) -> dict[str, Any]:
    """The fields of one wire row, each by its reader; a field's wire key is its name unless a ``Wire`` says."""
    values = {}
    for name, spec in table.items():
        wire = spec if isinstance(spec, Wire) else Wire(spec)
        values[name] = wire.read(data.get(wire.key or name, wire.default))
    return values


class FromWire:
    """A row type read by its ``WIRE`` table."""

    WIRE: ClassVar[Table] = {}

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Self:
        return cls(**read_wire(data, cls.WIRE))


def _id(value: Any) -> int:
    """A row's own id: never None, so a row Shoper sent without one reads as 0, not as a crash."""
    return as_int(value, 0) or 0


def _link(value: Any) -> int | None:
    """A link where Shoper writes 0 for none (an order line's product and stock)."""
    return as_int(value) or None


def _code(value: Any) -> str:
    return text(value).strip()


ACTIVE = Wire(as_flag, default="1")  # a row without the flag is active, as the panel shows it


@dataclass(frozen=True)
class Page:
    """One page of a list: Shoper's ``count`` is a string, ``pages`` and ``page`` are integers (1-based)."""

    count: int
    pages: int
    page: int
    items: tuple[dict[str, Any], ...]

    @classmethod
    def parse(cls, body: Any) -> Page:
        body = body if isinstance(body, dict) else {}
        items = body.get("list")
        return cls(
            count=as_int(body.get("count"), 0) or 0,
            pages=as_int(body.get("pages"), 0) or 0,
            page=as_int(body.get("page"), 1) or 1,
            items=tuple(i for i in items if isinstance(i, dict)) if isinstance(items, list) else (),
        )


@dataclass(frozen=True)
class Named:
    """A status, shipping or payment: what the manifest names and the order needs as an id."""

    id: int
    name: str
    type: int | None = None  # statuses: 1 new, 2 processing, 3 shipped/closed, 4 not completed
    tax_id: int | None = None  # shippings: the order's shipping_tax_id
    active: bool = True


def _named(id_key: str, *numbers: str) -> Callable[[dict[str, Any]], Named]:
    """Statuses, shippings and payments read alike: their own id key, the panel's name, a few integers."""
    table: Table = {"id": Wire(_id, id_key), "active": ACTIVE, **dict.fromkeys(numbers, as_int)}

    def parse(data: dict[str, Any]) -> Named:
        return Named(name=translated_name(data), **read_wire(data, table))

    return parse


parse_status = _named("status_id", "type")
parse_shipping = _named("shipping_id", "tax_id")
parse_payment = _named("payment_id")


@dataclass(frozen=True)
class StockRow(FromWire):
    """A ``product-stocks`` row: one sellable variant, found by its ``code``."""

    stock_id: int
    product_id: int
    code: str
    stock: Decimal
    price: Decimal
    active: bool

    WIRE: ClassVar[Table] = {
        "stock_id": _id,
        "product_id": _id,
        "code": _code,
        "stock": as_decimal,
        "price": as_decimal,
        "active": ACTIVE,
    }


@dataclass(frozen=True)
class ShoperUser(FromWire):
    user_id: int
    email: str
    firstname: str
    lastname: str

    WIRE: ClassVar[Table] = {"user_id": _id, "email": text, "firstname": text, "lastname": text}


@dataclass(frozen=True)
class ShoperOrder(FromWire):
    order_id: int
    user_id: int | None
    status_id: int | None
    email: str
    notes_priv: str
    origin: int | None
    total: Decimal
    date: datetime | None

    WIRE: ClassVar[Table] = {
        "order_id": _id,
        "user_id": as_int,
        "email": text,
        "notes_priv": text,
        "origin": as_int,
        "total": Wire(as_decimal, "sum"),
        "date": as_datetime,
    }

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Self:
        """``status_id`` where Shoper sends it, else the one in the read-only ``status`` object."""
        status = data.get("status")
        status_id = as_int(data.get("status_id"))
        if status_id is None and isinstance(status, dict):
            status_id = as_int(status.get("status_id"))
        return cls(status_id=status_id, **read_wire(data, cls.WIRE))


@dataclass(frozen=True)
class OrderLine(FromWire):
    """An ``order-products`` row."""

    id: int
    order_id: int
    product_id: int | None
    stock_id: int | None
    code: str
    name: str
    quantity: Decimal
    price: Decimal

    WIRE: ClassVar[Table] = {
        "id": _id,
        "order_id": _id,
        "product_id": _link,
        "stock_id": _link,
        "code": text,
        "name": text,
        "quantity": as_decimal,
        "price": as_decimal,
    }


@dataclass(frozen=True)
class AuctionOrder(FromWire):
    """The link of a Shoper order to an Allegro checkout form (``auction-orders``)."""

    id: int
    order_id: int
    auction_order_id: str
    buyer_id: str
    buyer_login: str

    WIRE: ClassVar[Table] = {
        "id": _id,
        "order_id": _id,
        "auction_order_id": text,
        "buyer_id": text,
        "buyer_login": text,
    }
