"""``allegro-sync plan`` and ``allegro-sync run``: what a sync would do, and doing it."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

FORMATS = ("text", "json")
EXIT_OK, EXIT_PARTIAL, EXIT_CONFIG = 0, 1, 2


def register(subparsers: Any) -> None:
    plan = subparsers.add_parser("plan", help="show what a run would do; writes nothing")
    plan.add_argument("manifest", type=Path, metavar="MANIFEST")
    plan.add_argument("--format", choices=FORMATS, default="text")
    plan.set_defaults(func=_plan)

    run = subparsers.add_parser("run", help="synchronise Allegro orders into the shop")
    run.add_argument("manifest", type=Path, metavar="MANIFEST")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one pass, then exit (the default)")
    mode.add_argument("--follow", action="store_true", help="keep polling Allegro until interrupted")
    run.add_argument("--interval", type=_seconds, default=60.0, metavar="S", help="seconds between passes (--follow)")
    run.add_argument("--format", choices=FORMATS, default="text")
    run.add_argument("--log-format", choices=FORMATS, default="text", help="stderr log lines as text or JSON")
    run.set_defaults(func=_run)


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return number


def _fail(message: str) -> int:
    print(f"allegro-sync: error: {message}", file=sys.stderr)
    return EXIT_CONFIG


def _print(report: Any, fmt: str, *, plan: bool) -> None:
    from plugin.sync.text_report import render

    print(json.dumps(report.to_json(), ensure_ascii=False) if fmt == "json" else render(report, plan=plan), flush=True)


def _plan(args: argparse.Namespace) -> int:
    from plugin.exceptions import AllegroSyncError
    from plugin.manifest import load_manifest
    from plugin.sync.console import Progress
    from plugin.sync.runner import plan_sync

    progress = Progress()
    try:
        report = plan_sync(load_manifest(args.manifest), progress=progress)
    except AllegroSyncError as exc:
        return _fail(str(exc))
    finally:
        progress.close()
    _print(report, args.format, plan=True)
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from plugin.exceptions import AllegroAPIError, AllegroSyncError, AuthError
    from plugin.manifest import load_manifest
    from plugin.sync.console import Logger, Progress
    from plugin.sync.runner import run_sync

    log = Logger(args.log_format)
    try:
        manifest = load_manifest(args.manifest)
    except AllegroSyncError as exc:
        return _fail(str(exc))
    while True:
        progress = Progress()
        try:
            report = run_sync(manifest, progress=progress, log=log)
        except AuthError as exc:
            return _fail(str(exc))
        except AllegroAPIError as exc:  # Allegro unreachable or refusing: nothing half-done, try again later
            print(f"allegro-sync: Allegro error: {exc}", file=sys.stderr)
            if not args.follow:
                return EXIT_PARTIAL
            report = None
        except AllegroSyncError as exc:
            return _fail(str(exc))
        finally:
            progress.close()
        if report is not None:
            _print(report, args.format, plan=False)
        if not args.follow:
            assert report is not None
            return EXIT_PARTIAL if report.quarantined_count or report.errors else EXIT_OK  # errors: email delivery
        try:
            time.sleep(args.interval)
        except KeyboardInterrupt:  # the normal way to stop --follow: between passes nothing is half-done
            print("allegro-sync: stopped between passes; everything synchronised so far is committed", file=sys.stderr)
            return EXIT_OK
