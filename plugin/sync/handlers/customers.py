"""Registering Allegro buyers as shop customers, matched by Allegro buyer id.

The buyer's e-mail is a masked per-order ``…@allegromail.pl`` address, so it never identifies a customer.
Guest buyers (``buyer.guest``, logins ``gosc-…``) chose no account: they are registered only with
``sync.register_guests``.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugin.shop.records import CustomerId, CustomerRecord
from plugin.sync.handler_context import HandlerContext


@dataclass(frozen=True)
class RegisteredCustomer:
    """``register_customer``'s result: the buyer's shop customer, and whether this application created it."""

    customer_id: CustomerId
    created: bool


#: The store's step for a form whose customer this handler created (shops that write at once; see below).
CUSTOMER_STEP = "register_customer"


def register_customer(ctx: HandlerContext) -> RegisteredCustomer | None:
    """Find or create the buyer's customer. A shop that writes at once keeps a customer created by an attempt that
    then failed; the store's step for this form says it was this form's, so its registration email still goes."""
    buyer, shop = ctx.form.buyer, ctx.shop
    if not buyer.id:
        return None
    if buyer.guest and not ctx.manifest.sync.register_guests:  # bought without an Allegro account: chose none
        return None
    steps = None if shop.transactional else ctx.store.form_steps
    customer_id = shop.customer_by_buyer(buyer.id)
    created = customer_id is not None and steps is not None and steps.get(ctx.form.id, CUSTOMER_STEP) is not None
    if customer_id is None:
        if steps is not None:
            steps.intent(ctx.form.id, CUSTOMER_STEP)
        customer_id = shop.insert_customer(
            CustomerRecord(
                email=buyer.email,
                allegro_buyer_id=buyer.id,
                login=buyer.login or None,
                first_name=buyer.first_name,
                last_name=buyer.last_name,
                company=buyer.company_name,
                phone=buyer.phone_number,
            )
        )
        if steps is not None:
            steps.done(ctx.form.id, CUSTOMER_STEP, customer_id)
        created = True
        ctx.tally.customers_registered += 1
    order = ctx.own_order()
    if order is not None and order.customer_id is None:
        shop.update_order(order.id, {"customer_id": customer_id})
    return RegisteredCustomer(customer_id, created)
