"""Sync options → rules. Each option is a rule (the events it reacts to and the handlers it runs, in order);
explicit ``rules:`` from the manifest are added after them. The engine only ever asks ``handlers_for``.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugin.manifest.model import Manifest, Rule, SyncOptions
from plugin.rules.registry import known_handlers

READY = "READY_FOR_PROCESSING"
CANCELS = ("BUYER_CANCELLED", "AUTO_CANCELLED")
UPDATES = ("BUYER_MODIFIED", "FULFILLMENT_STATUS_CHANGED")
#: Forms read from the listing (not the journal) are applied as the event their status stands for.
LISTING_KINDS: dict[str, str] = {READY: READY, "CANCELLED": "BUYER_CANCELLED"}


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def handlers_for(self, event_type: str, *, archival: bool = False) -> tuple[str, ...]:
        """Handler names for one event, in rule order, each once. Archival orders only get archival rules."""
        names: list[str] = []
        for rule in self.rules:
            if event_type in rule.events and (rule.archival or not archival):
                names.extend(name for name in rule.handlers if name not in names)
        return tuple(names)

    @property
    def event_types(self) -> frozenset[str]:
        return frozenset(event for rule in self.rules for event in rule.events)


def _option_rules(sync: SyncOptions) -> list[Rule]:
    """The table of built-in options: (enabled, rule)."""
    table: list[tuple[bool, Rule]] = [
        (sync.import_orders, Rule("import_orders", (READY,), ("import_order",), archival=sync.import_archived)),
        (sync.import_orders, Rule("follow_orders", UPDATES, ("update_order",), archival=True)),
        (sync.import_orders, Rule("cancel_orders", CANCELS, ("cancel_order",), archival=True)),
        (sync.update_stock, Rule("update_stock", (READY,), ("update_stock",), archival=sync.import_archived)),
        (sync.update_stock, Rule("restore_stock", CANCELS, ("restore_stock",), archival=True)),
        (
            sync.register_customers,
            Rule(
                "register_customers",
                (READY,),
                ("register_customer", "queue_registration_email"),
                archival=sync.import_archived,
            ),
        ),
        (
            sync.send_confirmation_email,
            Rule("send_confirmation_email", (READY,), ("queue_confirmation_email",), archival=sync.import_archived),
        ),
    ]
    return [rule for enabled, rule in table if enabled]


def compile_rules(manifest: Manifest) -> RuleSet:
    """The manifest's rules; an unknown handler name is a ``ManifestError`` (the validator reports it earlier)."""
    from plugin.exceptions import ManifestError

    known = known_handlers()
    for rule in manifest.rules:
        unknown = [name for name in rule.handlers if name not in known]
        if unknown:
            raise ManifestError(
                f"rule {rule.name!r} names unknown handler(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}."
            )
    return RuleSet(tuple(_option_rules(manifest.sync)) + tuple(manifest.rules))
