"""``allegro-sync status MANIFEST``: what happened last night and what waits for a person, in one command.

Exit 0 healthy, 1 when something waits for a person (set-aside orders, failed emails, a failed last run)."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from plugin.cli._args import add_format, manifest_command
from plugin.cli.failures import EXIT_OK, EXIT_PARTIAL

WARSAW = ZoneInfo("Europe/Warsaw")


def register(subparsers: Any) -> None:
    status = manifest_command(
        subparsers,
        "status",
        help="last run, cursor lag, orders today/this week, quarantine, emails, offers; exit 1 if a person is needed",
        description="Reads the sync store (never writes it) and asks Allegro for its order journal's head to "
        "say how far behind the cursor is. Exit 0 healthy, 1 when something waits for a person.",
    )
    status.add_argument(
        "--offline", action="store_true", help="do not ask Allegro (local facts only; the lag is not shown)"
    )
    add_format(status)
    status.set_defaults(func=_status)


def _status(args: argparse.Namespace) -> int:
    from plugin.sync.status import allegro_head, shop_status
    from plugin.validation import load_manifest

    data = shop_status(load_manifest(args.manifest), head=None if args.offline else allegro_head)
    print(json.dumps(data, ensure_ascii=False) if args.format == "json" else render(data), flush=True)
    return EXIT_OK if data["healthy"] else EXIT_PARTIAL


def _when(iso: str | None) -> str:
    if not iso:
        return "never"
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    minutes = int((datetime.now(UTC) - moment).total_seconds() // 60)
    ago = f"{minutes} min ago" if minutes < 120 else f"{minutes // 60} h ago"
    return f"{moment.astimezone(WARSAW):%Y-%m-%d %H:%M} ({ago})"


def _run_line(run: dict[str, Any] | None) -> str:
    if run is None:
        return "none recorded yet (`allegro-sync run MANIFEST` records each pass)"
    counts = run["counts"]
    line = f"{_when(run['finished_at'])} {run['result']} (exit {run['exit_code']})"
    if counts:
        line += (
            f": {counts.get('orders_imported', 0)} imported, {counts.get('orders_updated', 0)} updated, "
            f"{counts.get('quarantined_count', 0)} set aside, {counts.get('emails_sent', 0)} emails sent"
        )
    if run["message"]:
        line += f": {' '.join(run['message'].split())}"
    return line


def render(data: dict[str, Any]) -> str:
    cursor, allegro, quarantine, emails, offers = (
        data[k] for k in ("cursor", "allegro", "quarantine", "emails", "offers")
    )
    lines = [f"allegro-sync status: {'healthy' if data['healthy'] else 'needs a person'} ({data['store']})"]
    lines.append(f"  last run:     {_run_line(data['last_run'])}")
    if data["last_failure"] and data["last_failure"] != data["last_run"]:
        lines.append(f"  last failure: {_run_line(data['last_failure'])}")
    lag = ""
    if allegro.get("error"):
        lag = f"; Allegro not asked successfully: {allegro['error']}"
    elif allegro.get("asked"):
        behind = allegro["behind_events"]
        lag = (
            "; up to date with Allegro"
            if allegro["up_to_date"]
            else f"; Allegro's journal is at {allegro['head']}" + (f" ({behind} events ahead)" if behind else "")
        )
    lines.append(
        f"  cursor:       {cursor['cursor'] or '(none yet)'} ({cursor['phase']}; journal last read to its end "
        f"{_when(cursor['journal_read_at'])}){lag}"
    )
    imported = data["orders_imported"]
    lines.append(f"  orders:       {imported['today']} imported today, {imported['this_week']} this week")
    states = ", ".join(f"{n} {state}" for state, n in sorted(quarantine["by_state"].items())) or "none"
    lines.append(f"  quarantine:   {quarantine['waiting']} waiting ({states})")
    for entry in quarantine["by_reason"]:
        lines.append(f"    {entry['orders']}× {' '.join(entry['reason'].split())[:150]}")
    if quarantine["other_reasons"]:
        lines.append(f"    … and {quarantine['other_reasons']} other reasons")
    lines.append(
        f"  emails:       {emails['queued']} queued, {emails['failed']} failed, {emails['sent']} sent, "
        f"{emails['held']} held"
    )
    if offers["known"]:
        lines.append(
            f"  offers:       {offers['linked']} linked to products, {offers['unlinked']} not linked "
            f"(no shop product with their external.id), {offers['push_failed']} with a failed stock push"
        )
    else:
        lines.append(f"  offers:       {offers['note']}")
    if data["needs"]:
        lines.append("waits for a person:")
        lines.extend(f"  - {need}" for need in data["needs"])
    return "\n".join(lines)
