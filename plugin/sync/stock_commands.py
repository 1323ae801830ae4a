"""The stock push's batch commands: grouped into the fewest, sent, and checked.

Quantity changes go in as few ``offer-quantity-change-commands`` (≤ 1000 offers each) as they can: an offer takes
``FIXED new`` or, when what Allegro sells is known, ``GAIN new − old``; offers going to 0 share one
``offer-publication-commands`` END. A command id is derived from the pass (journal position and order cursor) and
each offer's old → new quantity: a retry after a crash is answered 409, the same change met again later is a new
command. After a pause the offers are read back (100 a call); only a command whose offers show something else has
its tasks read (Allegro's reasons).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from plugin.allegro.models import Offer
from plugin.allegro.offer_calls import PUBLICATION, QUANTITY, command_id_for, task_failures
from plugin.sync.offer_changes import OfferChange


class CommandApi(Protocol):
    """The Allegro calls the commands need (``AllegroClient``)."""

    def start_quantity_command(
        self, command_id: str, offer_ids: list[str], *, change_type: str = "FIXED", value: int
    ) -> bool: ...
    def start_publication_command(self, command_id: str, offer_ids: list[str], *, action: str) -> bool: ...
    def command_tasks(self, kind: str, command_id: str) -> list[dict[str, Any]] | None: ...
    def offers_by_ids(self, offer_ids: list[str]) -> list[Offer]: ...


@dataclass(frozen=True)
class Command:
    """One batch command sent: ``targets`` pairs each offer with the quantity it should sell afterwards."""

    kind: str  # QUANTITY or PUBLICATION (the endpoint)
    command_id: str
    change_type: str  # FIXED | GAIN | END
    value: int
    targets: tuple[tuple[str, int], ...]

    @property
    def offer_ids(self) -> tuple[str, ...]:
        return tuple(o for o, _ in self.targets)


@dataclass(frozen=True)
class Outcome:
    command: Command
    failures: dict[str, str]  # offer id → Allegro's reason
    shown: dict[str, bool]  # offer id → whether Allegro was seen selling its target


def _shows(offer: Offer | None, kind: str, target: int) -> bool:
    """Whether Allegro's offer already shows what a command set (a purchase since makes it differ: tasks tell)."""
    if offer is None:
        return False
    if kind == PUBLICATION:
        return offer.status == "ENDED"
    return offer.status == "ACTIVE" and offer.available == target


def group_changes(changes: Iterable[OfferChange]) -> list[tuple[tuple[str, int], list[OfferChange]]]:
    """The fewest commands for these changes: ``("END", 0)`` for offers going to 0, and for quantity changes
    ``("FIXED", new)`` or, when the old quantity is known, ``("GAIN", new − old)``, the largest group taken first
    (greedy set cover, never more commands than one per new quantity). GAIN wins a tie: a purchase that lands while
    the push runs is not put back on sale, and an offer that ends up showing something else is read again."""
    ends = [c for c in changes if c.action == "end"]
    quantity = [c for c in changes if c.action == "quantity"]
    candidates: dict[tuple[str, int], set[int]] = defaultdict(set)
    for n, change in enumerate(quantity):
        candidates[("FIXED", change.new)].add(n)
        if change.old is not None:
            candidates[("GAIN", change.new - change.old)].add(n)
    groups: list[tuple[tuple[str, int], list[OfferChange]]] = [(("END", 0), ends)] if ends else []
    left = set(range(len(quantity)))
    while left:
        key = max(candidates, key=lambda k: (len(candidates[k] & left), k[0] == "GAIN", -abs(k[1])))
        members = sorted(candidates.pop(key) & left)
        left.difference_update(members)
        groups.append((key, [quantity[n] for n in members]))
    fixed: dict[int, list[OfferChange]] = defaultdict(list)
    for change in quantity:
        fixed[change.new].append(change)
    if len(fixed) < len(groups) - bool(ends):  # greedy can lose to the plain split: then the plain split
        return groups[: bool(ends)] + [(("FIXED", new), members) for new, members in sorted(fixed.items())]
    return groups


def plan_commands(changes: list[OfferChange], attempt: str) -> list[Command]:
    """The commands for these changes, ≤ 1000 offers each, with deterministic ids (see the module's docstring)."""
    commands = []
    for (change_type, value), members in group_changes(changes):
        kind = PUBLICATION if change_type == "END" else QUANTITY
        for start in range(0, len(members), 1000):
            chunk = tuple(sorted(members[start : start + 1000], key=lambda c: c.offer_id))
            # the id names each offer's old quantity too: the same change from another starting point (a
            # cancellation put units back since) is a new command, a repeat after a crash the same one
            ids = tuple(f"{c.offer_id}:{c.old}" for c in chunk)
            command_id = command_id_for("stock", kind, change_type, str(value), attempt, *ids)
            targets = tuple((c.offer_id, c.new) for c in chunk)
            commands.append(Command(kind, command_id, change_type, value, targets))
    return commands


def send_commands(api: CommandApi, commands: list[Command]) -> None:
    """Registers each command with Allegro (a repeat of one id is answered 409: already applied)."""
    for command in commands:
        offer_ids = [o for o, _ in command.targets]
        if command.kind == QUANTITY:
            api.start_quantity_command(
                command.command_id, offer_ids, change_type=command.change_type, value=command.value
            )
        else:
            api.start_publication_command(command.command_id, offer_ids, action="END")


def await_commands(
    api: CommandApi, commands: list[Command], *, sleep: Callable[[float], None], poll_pause: float, max_polls: int
) -> list[Outcome]:
    """Each command's failures (offer id → reason), and for each offer whether Allegro showed its target. After
    a pause, the offers are read back (100 a call): a command whose offers all show what it set is done and
    failed nowhere; only the others have their tasks read (Allegro's word, with the reasons). Commands still
    running after ``max_polls`` rounds count as failed for now (read again and retried next pass)."""
    results: list[Outcome] = []
    pending = list(commands)
    for _ in range(max_polls):
        if not pending:
            break
        sleep(poll_pause)  # Allegro processes commands asynchronously: never done at once
        wanted = sorted({offer for command in pending for offer, _ in command.targets})
        seen = {o.id: o for o in api.offers_by_ids(wanted)}
        still = []
        for command in pending:
            shown = {o: _shows(seen.get(o), command.kind, target) for o, target in command.targets}
            if all(shown.values()):
                results.append(Outcome(command, {}, shown))
                continue
            tasks = api.command_tasks(command.kind, command.command_id)
            if tasks is None:
                still.append(command)
                continue
            failures = task_failures(tasks)
            missing = {o for o, _ in command.targets} - {str((t.get("offer") or {}).get("id")) for t in tasks}
            failures.update((o, "Allegro reported no result for this offer") for o in missing)
            results.append(Outcome(command, failures, shown))
        pending = still
    for command in pending:
        late = dict.fromkeys(command.offer_ids, "Allegro has not finished the command yet; checked next pass")
        results.append(Outcome(command, late, {}))
    return results
