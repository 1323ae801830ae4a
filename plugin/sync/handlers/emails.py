"""Queueing the shop's emails in the outbox, inside the order's transaction (delivery happens after commit).

Archival orders never cause an email unless ``email.archived_orders`` says ``send: true`` with a ``max``.
"""

from __future__ import annotations

from plugin.emails.headers import address_problem, header_problem
from plugin.emails.outbox import QueuedEmail, message_id
from plugin.sync.email_context import build_context, shop_domain
from plugin.sync.handler_context import HandlerContext
from plugin.sync.handlers.customers import RegisteredCustomer
from plugin.sync.handlers.orders import ImportedOrder


def _allowed(ctx: HandlerContext) -> bool:
    email = ctx.manifest.email
    if email is None:
        return False
    if not ctx.archival:
        return True
    policy = email.archived_orders
    return policy.send and policy.max is not None and ctx.store.archival_emails_queued() < policy.max


def _queue(ctx: HandlerContext, template: str, customer: dict | None = None) -> None:
    """Only for an order created in this same application: an email shows that order's own lines (a combined
    payment of purchases already in the shop makes no order, and their orders had their emails)."""
    imported: ImportedOrder | None = ctx.earlier("import_order")
    order = ctx.order
    if imported is None or order is None or order.id != imported.order_id or order.cancelled or not _allowed(ctx):
        return
    placed = imported.placed
    buyer, manifest = ctx.form.buyer, ctx.manifest
    name = " ".join(part for part in (buyer.first_name, buyer.last_name) if part) or None
    if name is not None and (len(name) > 200 or header_problem(name)):
        name = None  # the name is cosmetic: the buyer still gets the email, addressed without it
    problem = address_problem(buyer.email)
    if problem is not None:  # buyer data is untrusted: record why, never let it near the header parser
        problem = f"not sent: the buyer's email from Allegro is unusable: {problem}"
    queued = ctx.store.queue_email(
        QueuedEmail(
            message_id=message_id(template, ctx.form.id, shop_domain(manifest)),
            template=template,
            recipient=buyer.email,
            recipient_name=name,
            language=manifest.email.language if manifest.email else "pl",
            archival=ctx.archival,
            checkout_form_id=ctx.form.id,
            context=build_context(manifest, ctx.form, order, placed, customer=customer),
            status="skipped" if problem else "queued",
            last_error=problem,
        )
    )
    if queued and problem:
        ctx.tally.emails_skipped += 1
        ctx.tally.skipped_emails.append({"checkout_form_id": ctx.form.id, "template": template, "reason": problem})
    elif queued:
        ctx.tally.emails_queued += 1
        ctx.tally.emails_queued_archival += int(ctx.archival)


def queue_confirmation_email(ctx: HandlerContext) -> None:
    _queue(ctx, "order_confirmation")


def queue_registration_email(ctx: HandlerContext) -> None:
    """Only for a customer ``register_customer`` created in this same application."""
    registered: RegisteredCustomer | None = ctx.earlier("register_customer")
    if registered is None or not registered.created:
        return
    buyer = ctx.form.buyer
    # the manifest's set-password page; without one the email sends the buyer to "forgot password" on shop.url
    url = ctx.manifest.shop.account_url
    customer = {"email": buyer.email, "first_name": buyer.first_name, "set_password_url": url}
    _queue(ctx, "customer_registration", customer)
