"""Shoper's resources as frozen dataclasses, parsed from the wire once so nothing else sees a string id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from plugin.shoper.wire import as_datetime, as_decimal, as_flag, as_int, text, translated_name


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


def parse_status(data: dict[str, Any]) -> Named:
    return Named(
        id=as_int(data.get("status_id"), 0) or 0,
        name=translated_name(data),
        type=as_int(data.get("type")),
        active=as_flag(data.get("active", "1")),
    )


def parse_shipping(data: dict[str, Any]) -> Named:
    return Named(
        id=as_int(data.get("shipping_id"), 0) or 0,
        name=translated_name(data),
        tax_id=as_int(data.get("tax_id")),
        active=as_flag(data.get("active", "1")),
    )


def parse_payment(data: dict[str, Any]) -> Named:
    return Named(
        id=as_int(data.get("payment_id"), 0) or 0, name=translated_name(data), active=as_flag(data.get("active", "1"))
    )


@dataclass(frozen=True)
class StockRow:
    """A ``product-stocks`` row: one sellable variant, found by its ``code``."""

    stock_id: int
    product_id: int
    code: str
    stock: Decimal
    price: Decimal
    active: bool

    @classmethod
    def parse(cls, data: dict[str, Any]) -> StockRow:
        return cls(
            stock_id=as_int(data.get("stock_id"), 0) or 0,
            product_id=as_int(data.get("product_id"), 0) or 0,
            code=text(data.get("code")).strip(),
            stock=as_decimal(data.get("stock")),
            price=as_decimal(data.get("price")),
            active=as_flag(data.get("active", "1")),
        )


@dataclass(frozen=True)
class ShoperUser:
    user_id: int
    email: str
    firstname: str
    lastname: str

    @classmethod
    def parse(cls, data: dict[str, Any]) -> ShoperUser:
        return cls(
            user_id=as_int(data.get("user_id"), 0) or 0,
            email=text(data.get("email")),
            firstname=text(data.get("firstname")),
            lastname=text(data.get("lastname")),
        )


@dataclass(frozen=True)
class ShoperOrder:
    order_id: int
    user_id: int | None
    status_id: int | None
    email: str
    notes_priv: str
    origin: int | None
    total: Decimal
    date: datetime | None

    @classmethod
    def parse(cls, data: dict[str, Any]) -> ShoperOrder:
        status = data.get("status")
        status_id = as_int(data.get("status_id"))
        if status_id is None and isinstance(status, dict):
            status_id = as_int(status.get("status_id"))
        return cls(
            order_id=as_int(data.get("order_id"), 0) or 0,
            user_id=as_int(data.get("user_id")),
            status_id=status_id,
            email=text(data.get("email")),
            notes_priv=text(data.get("notes_priv")),
            origin=as_int(data.get("origin")),
            total=as_decimal(data.get("sum")),
            date=as_datetime(data.get("date")),
        )


@dataclass(frozen=True)
class OrderLine:
    """An ``order-products`` row."""

    id: int
    order_id: int
    product_id: int | None
    stock_id: int | None
    code: str
    name: str
    quantity: Decimal
    price: Decimal

    @classmethod
    def parse(cls, data: dict[str, Any]) -> OrderLine:
        return cls(
            id=as_int(data.get("id"), 0) or 0,
            order_id=as_int(data.get("order_id"), 0) or 0,
            product_id=as_int(data.get("product_id")) or None,
            stock_id=as_int(data.get("stock_id")) or None,
            code=text(data.get("code")),
            name=text(data.get("name")),
            quantity=as_decimal(data.get("quantity")),
            price=as_decimal(data.get("price")),
        )


@dataclass(frozen=True)
class AuctionOrder:
    """The link of a Shoper order to an Allegro checkout form (``auction-orders``)."""

    id: int
    order_id: int
    auction_order_id: str
    buyer_id: str
    buyer_login: str

    @classmethod
    def parse(cls, data: dict[str, Any]) -> AuctionOrder:
        return cls(
            id=as_int(data.get("id"), 0) or 0,
            order_id=as_int(data.get("order_id"), 0) or 0,
            auction_order_id=text(data.get("auction_order_id")),
            buyer_id=text(data.get("buyer_id")),
            buyer_login=text(data.get("buyer_login")),
        )
