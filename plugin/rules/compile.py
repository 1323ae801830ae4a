"""Sync options → rules. Each option is a rule (the events it reacts to and the handlers it runs, in order);
explicit ``rules:`` from the manifest are added after them. The engine only ever asks ``handlers_for``.

Which option turns on which handlers is declared once, in ``plugin.manifest.catalogue``.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugin.exceptions import ManifestError
from plugin.manifest.catalogue import CANCELS, CATALOGUE, OPTIONS, READY, UPDATES, OptionRule
from plugin.manifest.model import Manifest, Rule, SyncOptions

__all__ = ["CANCELS", "LISTING_KINDS", "READY", "UPDATES", "RuleSet", "compile_rules"]

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

    @property
    def imports_archival(self) -> bool:
        """Whether any rule applies to archival purchases: only then are they read from Allegro at all."""
        return bool(self.handlers_for(READY, archival=True))


def _archival(rule: OptionRule, sync: SyncOptions) -> bool:
    return rule.archival == "always" or (rule.archival == "import_archived" and sync.import_archived)


def _option_rules(sync: SyncOptions) -> list[Rule]:
    return [
        Rule(rule.name, rule.events, rule.handlers, archival=_archival(rule, sync))
        for option in OPTIONS
        if getattr(sync, option.name)
        for rule in option.rules
    ]


def compile_rules(manifest: Manifest) -> RuleSet:
    """The manifest's rules; an unknown handler name is a ``ManifestError`` (the validator reports it earlier)."""
    for rule in manifest.rules:
        unknown = [name for name in rule.handlers if name not in CATALOGUE]
        if unknown:
            raise ManifestError(
                f"rule {rule.name!r} names unknown handler(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(CATALOGUE))}."
            )
    return RuleSet(tuple(_option_rules(manifest.sync)) + tuple(manifest.rules))
