"""``allegro-sync plan`` and ``allegro-sync run``: what a sync would do, and doing it.

Failures rise to ``plugin.cli.main``, which reports them by class (``plugin.cli.failures``)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from datetime import UTC, datetime
from typing import Any

from plugin.cli._args import FORMATS, add_format, manifest_command, seconds
from plugin.cli.failures import ALLEGRO, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, Outage, classify, error_object, usage

DEFAULT_INTERVAL = 60.0


def register(subparsers: Any) -> None:
    plan = manifest_command(
        subparsers,
        "plan",
        help="show what a run would do; writes nothing",
        description="Reads Allegro exactly as `run` would and counts what it would import, move, register and "
        "queue, then rolls everything back: nothing is written and no email is sent. `emails_backlog` counts "
        "emails queued by earlier runs and not sent yet (a run sends them too).",
    )
    add_format(plan)
    plan.set_defaults(func=_plan)

    run = manifest_command(
        subparsers,
        "run",
        help="synchronise Allegro orders into the shop",
        description="Imports new Allegro orders into the shop (stock, customers, emails as the manifest says), "
        "then delivers the queued emails. Exit 0 done, 1 partly done (an order quarantined, an email not "
        "delivered), 2 configuration, 3 Allegro unreachable or refusing, 4 shop unavailable.",
    )
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one pass, then exit (the default)")
    mode.add_argument(
        "--follow", action="store_true", help="keep polling Allegro until interrupted (Ctrl-C between passes: exit 0)"
    )
    run.add_argument(
        "--interval",
        type=seconds,
        default=None,
        metavar="S",
        help=f"seconds between passes; only with --follow (default: {DEFAULT_INTERVAL:g})",
    )
    add_format(run)
    run.add_argument(
        "--log-format",
        choices=FORMATS,
        default="text",
        help="stderr log lines: timestamped text, or one JSON object per line with ts, level, event "
        "and the counts (default: %(default)s)",
    )
    run.set_defaults(func=_run)


def _print(report: Any, fmt: str, *, plan: bool, stamped: bool = False) -> None:
    from plugin.sync.console import timestamp
    from plugin.sync.text_report import render

    if fmt == "json":
        data = report.to_json()
        print(json.dumps({"ts": timestamp(), **data} if stamped else data, ensure_ascii=False), flush=True)
        return
    text = render(report, plan=plan)
    if stamped:  # --follow: every line of a log carries its time
        now = timestamp()
        text = "\n".join(f"{now} {line}" for line in text.splitlines())
    print(text, flush=True)


def _plan(args: argparse.Namespace) -> int:
    from plugin.sync.console import Progress
    from plugin.sync.runner import plan_sync
    from plugin.validation import load_manifest

    progress = Progress()
    try:
        report = plan_sync(load_manifest(args.manifest), progress=progress)
    finally:
        progress.close()
    _print(report, args.format, plan=True)
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from plugin.exceptions import AllegroSyncError
    from plugin.sync.console import Logger, Progress, timestamp
    from plugin.sync.runner import run_sync
    from plugin.validation import load_manifest

    if args.interval is not None and not args.follow:
        return usage("--interval sets the pause between --follow passes; add --follow or drop --interval", args)
    interval = DEFAULT_INTERVAL if args.interval is None else args.interval
    log = Logger(args.log_format)
    manifest = load_manifest(args.manifest)
    while True:
        progress = Progress()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            report = run_sync(manifest, progress=progress, log=log)
        except (AllegroSyncError, KeyboardInterrupt) as exc:
            outage = classify(exc) if isinstance(exc, AllegroSyncError) else None
            remember(manifest, started, outage=outage, message=str(exc) or type(exc).__name__)
            if not args.follow or outage is not ALLEGRO:
                raise
            # Allegro unreachable or refusing: nothing half-done; the next pass tries again
            log("allegro-error", message=str(exc), retry_in_seconds=interval)
            if args.format == "json":  # the script reading stdout sees this pass's outcome too
                print(json.dumps({"ts": timestamp(), **error_object(exc)}, ensure_ascii=False), flush=True)
            report = None
        finally:
            progress.close()
        if not args.follow:
            assert report is not None
            remember(manifest, started, report=report)
            _print(report, args.format, plan=False)
            return EXIT_PARTIAL if report.quarantined_count or report.errors else EXIT_OK  # errors: email delivery
        try:  # from the pass's end to the next pass nothing is half-done: Ctrl-C is the normal way to stop --follow
            if report is not None:
                remember(manifest, started, report=report)
                _print(report, args.format, plan=False, stamped=True)
            time.sleep(interval)
        except KeyboardInterrupt:
            log("stopped", message="between passes; everything synchronised so far is committed")
            return EXIT_OK


def remember(
    manifest: Any,
    started: str,
    *,
    report: Any = None,
    outage: Outage | None = None,
    message: str | None = None,
    command: str = "run",
) -> None:
    """Record the pass in the sync store's run history (``status`` reads it). A store that cannot be opened
    is no reason to fail a pass that worked, nor to hide the failure already being reported."""
    from plugin.exceptions import AllegroSyncError
    from plugin.store.open_store import open_store
    from plugin.store.operations import record_run

    if report is not None:
        partial = bool(report.quarantined_count or report.errors)
        result, code = ("partial", EXIT_PARTIAL) if partial else ("ok", EXIT_OK)
        counts = {**report.counts(), "emails_sent": report.emails_sent, "api_calls": report.api_calls}
    elif outage is not None:
        result, code, counts = outage.name, outage.code, None
    else:
        result, code, counts = "interrupted", EXIT_INTERRUPTED, None
    try:
        store = open_store(manifest)
    except AllegroSyncError:
        return
    try:
        record_run(
            store, command=command, started_at=started, result=result, exit_code=code, counts=counts, message=message
        )
    except (AllegroSyncError, OSError, sqlite3.Error):
        pass
    finally:
        store.close()
