"""One synchronisation pass: check the account, then backfill, catch up, retry, follow events, archival.

The engine knows no handler by name: it asks the compiled ``RuleSet`` which handlers an event runs and
looks them up in ``plugin.sync.handlers.HANDLERS``. ``plan`` is this same pass on a throw-away copy
(``plugin.sync.runner``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plugin.manifest.model import Manifest
from plugin.rules.compile import RuleSet, compile_rules
from plugin.sync import phases
from plugin.sync.apply import Applier, Log, log_quarantine_rest
from plugin.sync.cursor_state import SyncState, bind_account
from plugin.sync.handlers import HANDLERS
from plugin.sync.report import SyncReport
from plugin.sync.source import OrderSource
from plugin.sync.unit_of_work import UnitOfWork


def quiet(event: str, **fields: Any) -> None:
    """The default logger: say nothing."""


def sync_once(
    manifest: Manifest,
    uow: UnitOfWork,
    source: OrderSource,
    *,
    rules: RuleSet | None = None,
    progress: Callable[[str, int], None] | None = None,
    log: Log = quiet,
) -> SyncReport:
    """Bring the shop up to date with Allegro once; returns what was done (emails are only queued here)."""
    calls_before = source.calls
    report = SyncReport()
    state = SyncState.from_json(uow.store.load_state_json())
    applier = Applier(manifest, uow, rules or compile_rules(manifest), HANDLERS, report, state, log)
    account = source.me()
    applier.save(bind_account(state, str(account.get("id") or account.get("login") or "")))
    phases.backfill(applier, source, progress)
    phases.catch_up(applier, source, progress)
    phases.retry_quarantined(applier, source)
    phases.follow_events(applier, source, progress)
    phases.import_archival(applier, source, progress)
    report.cursor = applier.state.cursor
    report.phase = applier.state.phase
    report.api_calls = source.calls - calls_before
    log_quarantine_rest(report, log)
    log("done", **report.counts())
    return report
