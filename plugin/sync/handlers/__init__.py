"""The built-in handlers by name: the engine looks them up here and knows none of them itself. Their names,
events and templates are declared in ``plugin.manifest.catalogue``; this table must name exactly those."""

from __future__ import annotations

from collections.abc import Callable

from plugin.manifest.catalogue import CATALOGUE
from plugin.sync.handler_context import HandlerContext
from plugin.sync.handlers import customers, emails, orders, stock

Handler = Callable[[HandlerContext], object]  # returns its result for later handlers, or None

HANDLERS: dict[str, Handler] = {
    "import_order": orders.import_order,
    "update_order": orders.update_order,
    "cancel_order": orders.cancel_order,
    "update_stock": stock.update_stock,
    "restore_stock": stock.restore_stock,
    "register_customer": customers.register_customer,
    "queue_registration_email": emails.queue_registration_email,
    "queue_confirmation_email": emails.queue_confirmation_email,
}

if set(HANDLERS) != set(CATALOGUE):  # a programming error, caught by any import (and the test suite)
    raise RuntimeError(f"handlers and catalogue differ: {sorted(set(HANDLERS) ^ set(CATALOGUE))}")
