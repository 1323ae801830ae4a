"""The email template context (the documented contract with ``plugin.emails``), built from an imported order.

All values are JSON types: money as decimal strings, times as ISO-8601 UTC strings, every key always present.
Buyer data goes in as it came (untrusted): the email part escapes HTML and refuses CR/LF in headers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from plugin.allegro.models import Address, CheckoutForm
from plugin.manifest.model import Manifest
from plugin.shop.records import StoredOrder
from plugin.sync.order_record import PlacedOrder


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def shop_domain(manifest: Manifest) -> str:
    return urlsplit(manifest.shop.url).hostname or "shop.invalid"


def _address(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "first_name": address.first_name,
        "last_name": address.last_name,
        "company": address.company_name,
        "street": address.street,
        "city": address.city,
        "postal_code": address.zip_code,
        "country_code": address.country_code,
        "phone": address.phone_number,
    }


def build_context(
    manifest: Manifest,
    form: CheckoutForm,
    order: StoredOrder,
    placed: PlacedOrder,
    *,
    customer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The context of ``order``'s email: its lines and totals as the shop stored them (``placed``), the buyer
    and delivery details from ``form``."""
    buyer, delivery, record = form.buyer, form.delivery, placed.record
    items = [
        {
            "name": item.name,
            "code": item.product_code,
            "quantity": item.quantity,
            "unit_price": money(item.unit_price),
            "total": money(item.unit_price * item.quantity),
        }
        for item in placed.items
    ]
    point = delivery.pickup_point if delivery else None
    sender = manifest.email.sender if manifest.email else ""
    return {
        "shop": {
            "name": manifest.shop.name,
            "url": manifest.shop.url,
            "logo_url": manifest.shop.logo_url,
            "email": manifest.shop.email or (manifest.email.reply_to if manifest.email else None) or sender,
        },
        "order": {
            "number": str(order.id),
            "allegro_checkout_form_id": form.id,
            "created_at": order.created_at,
            "status": order.status,
            "source": "allegro",
            "archival": order.archival,
            "payment_method": record.payment_method,
            "shipping_method": record.shipping_method,
            "message_to_seller": form.message_to_seller or None,
            "currency": record.currency or "PLN",
        },
        "buyer": {
            "first_name": buyer.first_name,
            "last_name": buyer.last_name,
            "company": (form.invoice.company_name if form.invoice else None) or buyer.company_name,
            "email": buyer.email,
            "login": buyer.login or None,
            "phone": buyer.phone_number,
            "tax_id": form.invoice.tax_id if form.invoice else None,
            "invoice_address": invoice_address_line(form),
        },
        "delivery": {
            "method": delivery.method_name if delivery else None,
            "cost": money(record.delivery_cost),
            "address": _address(delivery.address if delivery else None),
            "pickup_point": {
                "id": point.id,
                "name": point.name,
                "address": ", ".join(p for p in (point.address.street, point.address.city) if p)
                if point.address
                else None,
            }
            if point
            else None,
        },
        "items": items,
        "totals": {
            "items": money(record.items_total),
            "delivery": money(record.delivery_cost),
            "total": money(record.total),
        },
        "customer": customer,
    }


def invoice_address_line(form: CheckoutForm) -> str | None:
    """The invoice address the buyer gave, on one line ("Marszałkowska 1, 00-001 Warszawa"); None without one."""
    address = form.invoice.address if form.invoice else None
    if address is None:
        return None
    place = " ".join(part for part in (address.zip_code, address.city) if part)
    return ", ".join(part for part in (address.street, place) if part) or None
