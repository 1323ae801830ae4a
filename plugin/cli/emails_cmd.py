"""``allegro-sync emails preview|send|list|retry``: look at a message, deliver the outbox, see and retry failures."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from plugin.cli._args import add_format, command_group, count, manifest_command
from plugin.cli.failures import EXIT_OK, EXIT_PARTIAL, usage


def register(subparsers: Any) -> None:
    sub = command_group(
        subparsers, "emails", help="preview, deliver, list and retry the shop's emails to buyers", dest="emails_command"
    )

    preview = manifest_command(
        sub,
        "preview",
        help="write the .html, .txt and .eml of one message to look at",
        description="Renders one email as the buyer will get it: a queued one (--order) or the sample context "
        "(--sample, the default), which uses the manifest's shop name, URL and account link. The files hold buyer "
        "data: they are written 0600 into a folder created 0700.",
    )
    which = preview.add_mutually_exclusive_group()
    which.add_argument("--order", metavar="ID", help="a checkout-form id or shop order number in the outbox")
    which.add_argument("--sample", action="store_true", help="render the sample context (the default)")
    preview.add_argument(
        "--template",
        choices=("order_confirmation", "customer_registration"),
        help="which email (default: order_confirmation; with --order: whichever was queued)",
    )
    preview.add_argument("--language", choices=("pl", "en"), help="default: email.language (sample only)")
    preview.add_argument("--out", type=Path, default=Path("email-preview"), metavar="DIR", help="default: %(default)s")
    add_format(preview)
    preview.set_defaults(func=_preview)

    send = manifest_command(
        sub,
        "send",
        help="deliver queued emails from the outbox through email.transport",
        description="Delivers queued emails. Exit 1 while an email failed in this run or failed emails wait in "
        "the outbox (`emails list --failed` shows why, `emails retry` queues them again).",
    )
    send.add_argument(
        "--limit", type=count(), metavar="N", help="send at most N messages (default: email.max_per_run, else all)"
    )
    add_format(send)
    send.set_defaults(func=_send)

    listing = manifest_command(
        sub, "list", help="list the outbox's emails with their status and the reason of the last failure"
    )
    status = listing.add_mutually_exclusive_group()
    status.add_argument("--failed", action="store_true", help="only emails that failed for good")
    status.add_argument("--queued", action="store_true", help="only emails waiting to be sent")
    add_format(listing)
    listing.set_defaults(func=_list)

    retry = manifest_command(
        sub,
        "retry",
        help="queue failed emails again (the next `run` or `emails send` delivers them)",
        description="Puts failed emails back in the queue with fresh attempts. An id that is not a failed email "
        "is an error naming it, and nothing changes.",
    )
    chosen = retry.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--id", type=int, nargs="+", metavar="N", help="ids from `emails list`")
    chosen.add_argument("--all-failed", action="store_true", help="every failed email")
    add_format(retry)
    retry.set_defaults(func=_retry)


def _print(result: dict[str, Any], fmt: str, text: str) -> None:
    print(json.dumps(result, ensure_ascii=False) if fmt == "json" else text, flush=True)


def _preview(args: argparse.Namespace) -> int:
    from plugin.emails import preview as previews
    from plugin.store.open_store import opened_store

    if args.order is not None and not args.order.strip():
        return usage("--order needs a checkout-form id or shop order number (or use --sample)", args)
    manifest = _load(args.manifest)
    if args.order:
        with opened_store(manifest, copy=True) as store:  # a preview writes nothing
            email = previews.find_email(store.conn, args.order, args.template)
    else:
        language = args.language or (manifest.email.language if manifest.email else "pl")
        email = previews.sample_email(manifest, args.template or "order_confirmation", language)
    files = previews.write_preview(manifest, email, args.out)
    result = {"message_id": files.message_id, "html": str(files.html), "text": str(files.text), "eml": str(files.eml)}
    _print(result, args.format, "\n".join(f"wrote {path}" for key, path in result.items() if key != "message_id"))
    return EXIT_OK


def _send(args: argparse.Namespace) -> int:
    from plugin.emails.delivery import deliver_pending
    from plugin.store.open_store import opened_store
    from plugin.sync.console import Counted

    manifest = _load(args.manifest)
    progress = Counted("emails", every=50)  # on a terminal only, never in a log
    try:
        with opened_store(manifest) as store:
            report = deliver_pending(store.conn, manifest, limit=args.limit, progress=progress)
    finally:
        progress.close()
    lines = [
        f"sent {report.sent}, failed {report.failed}, held {report.held},"
        f" not delivered yet {report.retrying} (still queued); the outbox now holds "
        f"{report.queued} queued and {report.failed_in_outbox} failed"
    ]
    lines += [f"  {error}" for error in report.errors]
    if report.failed_in_outbox:
        lines.append("  `allegro-sync emails list MANIFEST --failed` shows why; `emails retry` queues them again")
    _print(report.as_dict(), args.format, "\n".join(lines))
    return EXIT_PARTIAL if report.failed or report.retrying or report.failed_in_outbox else EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from plugin.emails import outbox
    from plugin.store.open_store import opened_store

    statuses = ("failed",) if args.failed else ("queued",) if args.queued else ()
    with opened_store(_load(args.manifest), copy=True) as store:  # listing writes nothing
        found = outbox.entries(store.conn, statuses)
    result = {"emails": [entry.to_json() for entry in found]}
    _print(result, args.format, _list_text(found, statuses))
    return EXIT_OK


def _list_text(found: list[Any], statuses: tuple[str, ...]) -> str:
    if not found:
        return f"no {' '.join(statuses) or ''} emails in the outbox".replace("  ", " ")
    lines = [f"{'id':>6}  {'status':<7} {'template':<22} {'order':<38} attempts  recipient / reason"]
    for e in found:
        lines.append(
            f"{e.id:>6}  {e.status:<7} {e.template:<22} {e.checkout_form_id or '-':<38} {e.attempts:>8}  "
            f"{_one_line(e.recipient)}" + (f"\n{'':>8}reason: {_one_line(e.reason)}" if e.reason else "")
        )
    failed = sum(e.status == "failed" for e in found)
    if failed:
        lines.append(
            f"{failed} failed: `allegro-sync emails retry MANIFEST --id N…` (or --all-failed) queues them again"
        )
    return "\n".join(lines)


def _retry(args: argparse.Namespace) -> int:
    from plugin.emails import outbox
    from plugin.store.open_store import opened_store

    with opened_store(_load(args.manifest)) as store:
        ids = outbox.requeue(store.conn, None if args.all_failed else args.id)
    from plugin.sync.text_report import plural

    text = f"queued {plural(len(ids), 'email')} again"
    text += "; the next `allegro-sync run` or `emails send` delivers them" if ids else ""
    _print({"requeued": ids}, args.format, text)
    return EXIT_OK


def _one_line(text: str) -> str:
    """Buyer data and error texts: no line breaks or control characters reach the terminal."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _load(path: Path) -> Any:
    """The manifest, or an ``AllegroSyncError`` listing its findings (``validate`` prints them in full)."""
    from plugin.exceptions import AllegroSyncError, ManifestError
    from plugin.validation import load_manifest

    try:
        return load_manifest(path)
    except ManifestError as exc:
        lines = [str(exc)]
        for f in exc.findings:  # the message may already list them
            line = f"{f.file}:{f.line}:{f.col}: {f.severity}: {f.message}"
            if line not in lines[0]:
                lines.append(line)
        raise AllegroSyncError("\n".join(lines)) from None
