"""The vocabulary of ``sync:`` and ``rules:``, declared once: every built-in handler (the events it accepts, the
email templates it needs, the earlier handlers whose result it reads) and every sync option (the rules it turns
on). Plain data that imports nothing, so ``validate`` checks a manifest without loading the engine.

Read by ``rules.compile`` (options → rules), ``manifest.semantic`` (``rules:`` and the mass-mailing guard),
``emails.check`` (which templates ``validate`` renders) and ``plugin.testing`` (which rules to draw); the
engine's table of implementations (``plugin.sync.handlers.HANDLERS``) must name exactly these handlers.

Adding a handler or an option: one entry here, its implementation in ``plugin/sync/handlers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

#: Allegro's ``OrderEventType``: the kinds of entry in the order journal (``/order/events``).
EVENT_TYPES: tuple[str, ...] = (
    "BOUGHT",
    "FILLED_IN",
    "READY_FOR_PROCESSING",
    "BUYER_CANCELLED",
    "FULFILLMENT_STATUS_CHANGED",
    "BUYER_MODIFIED",
    "AUTO_CANCELLED",
)
READY = "READY_FOR_PROCESSING"
CANCELS: tuple[str, ...] = ("BUYER_CANCELLED", "AUTO_CANCELLED")
UPDATES: tuple[str, ...] = ("BUYER_MODIFIED", "FULFILLMENT_STATUS_CHANGED")


@dataclass(frozen=True)
class HandlerSpec:
    """A handler as ``rules:`` may name it."""

    name: str
    events: tuple[str, ...]  # the Allegro events it makes sense on (BOUGHT/FILLED_IN forms are not paid yet)
    does: str  # one line for the integrator
    templates: tuple[str, ...] = ()  # email templates it renders: ``validate`` test-renders them
    reads: tuple[str, ...] = ()  # earlier handlers whose result it uses when they ran before it


CATALOGUE: dict[str, HandlerSpec] = {
    spec.name: spec
    for spec in (
        HandlerSpec("import_order", (READY,), "create the shop order of a paid checkout form, once"),
        HandlerSpec("update_order", (READY, *UPDATES), "follow a later revision: address, payment, status"),
        HandlerSpec("cancel_order", CANCELS, "cancel the shop orders holding the form's purchases"),
        HandlerSpec("update_stock", (READY,), "take the order's units from shop stock", reads=("import_order",)),
        HandlerSpec("restore_stock", CANCELS, "give back the stock a cancelled order took"),
        HandlerSpec("register_customer", (READY,), "register the buyer as a shop customer (by Allegro buyer id)"),
        HandlerSpec(
            "queue_registration_email",
            (READY,),
            "queue the 'account created' email for a customer registered in this same application",
            templates=("customer_registration",),
            reads=("register_customer", "import_order"),
        ),
        HandlerSpec(
            "queue_confirmation_email",
            (READY,),
            "queue the shop's order confirmation email",
            templates=("order_confirmation",),
            reads=("import_order",),
        ),
    )
}

#: When an option's rule also applies to archival orders (bought before ``allegro.connected_since``).
Archival = Literal["always", "never", "import_archived"]


@dataclass(frozen=True)
class OptionRule:
    name: str
    events: tuple[str, ...]
    handlers: tuple[str, ...]
    archival: Archival = "import_archived"  # the order's own rules follow ``sync.import_archived``


@dataclass(frozen=True)
class Option:
    """A boolean under ``sync:`` and the rules it turns on, in handler order."""

    name: str
    rules: tuple[OptionRule, ...]

    @property
    def handlers(self) -> tuple[str, ...]:
        return tuple(name for rule in self.rules for name in rule.handlers)

    @property
    def templates(self) -> tuple[str, ...]:
        return templates_of(self.handlers)


OPTIONS: tuple[Option, ...] = (
    Option(
        "import_orders",
        (
            OptionRule("import_orders", (READY,), ("import_order",)),
            OptionRule("follow_orders", UPDATES, ("update_order",), "always"),
            OptionRule("cancel_orders", CANCELS, ("cancel_order",), "always"),
        ),
    ),
    Option(
        "update_stock",
        (
            OptionRule("update_stock", (READY,), ("update_stock",)),
            OptionRule("restore_stock", CANCELS, ("restore_stock",), "always"),
        ),
    ),
    Option(
        "register_customers",
        (OptionRule("register_customers", (READY,), ("register_customer", "queue_registration_email")),),
    ),
    Option(
        "send_confirmation_email",
        (OptionRule("send_confirmation_email", (READY,), ("queue_confirmation_email",)),),
    ),
    # no event rule: a phase of its own after each pass's import (plugin.sync.stock_push)
    Option("push_stock", ()),
)


def templates_of(handlers: Iterable[str]) -> tuple[str, ...]:
    """The email templates these handlers render, each once, in order (unknown names have none)."""
    names: list[str] = []
    for handler in handlers:
        spec = CATALOGUE.get(handler)
        names.extend(t for t in (spec.templates if spec else ()) if t not in names)
    return tuple(names)


def enabled_options(is_on: Callable[[str], bool]) -> tuple[Option, ...]:
    """The options switched on; ``is_on(name)`` reads the manifest (parsed or raw)."""
    return tuple(option for option in OPTIONS if is_on(option.name))


def enabled_templates(is_on: Callable[[str], bool], rule_handlers: Iterable[str] = ()) -> tuple[str, ...]:
    """Every template a manifest can send: through its options and through handlers named in ``rules:``."""
    from_options = (name for option in enabled_options(is_on) for name in option.handlers)
    return templates_of([*from_options, *rule_handlers])
