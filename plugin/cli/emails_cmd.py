"""``allegro-sync emails preview`` and ``allegro-sync emails send``: look at a message, deliver the outbox."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from plugin.cli._args import count

FORMATS = ("text", "json")


def register(subparsers: Any) -> None:
    emails = subparsers.add_parser("emails", help="preview and deliver the shop's emails to Allegro buyers")
    sub = emails.add_subparsers(dest="emails_command", metavar="SUBCOMMAND")
    emails.set_defaults(func=lambda args: _usage(emails))

    preview = sub.add_parser("preview", help="write the .html, .txt and .eml of one message to look at")
    preview.add_argument("manifest", type=Path, metavar="MANIFEST")
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
    preview.add_argument("--format", choices=FORMATS, default="text")
    preview.set_defaults(func=_preview)

    send = sub.add_parser("send", help="deliver queued emails from the outbox through email.transport")
    send.add_argument("manifest", type=Path, metavar="MANIFEST")
    send.add_argument("--limit", type=count(), metavar="N", help="send at most N messages (and email.max_per_run)")
    send.add_argument("--format", choices=FORMATS, default="text")
    send.set_defaults(func=_send)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _fail(message: str) -> int:
    print(f"allegro-sync: error: {message}", file=sys.stderr)
    return 2


def _preview(args: argparse.Namespace) -> int:
    from plugin.emails import preview as previews
    from plugin.emails.shop_db import open_outbox
    from plugin.exceptions import AllegroSyncError

    try:
        manifest = _load(args.manifest)
        if args.order:
            with open_outbox(manifest) as conn:
                email = previews.find_email(conn, args.order, args.template)
        else:
            language = args.language or (manifest.email.language if manifest.email else "pl")
            email = previews.sample_email(manifest, args.template or "order_confirmation", language)
        files = previews.write_preview(manifest, email, args.out)
    except AllegroSyncError as exc:
        return _fail(str(exc))
    result = {"message_id": files.message_id, "html": str(files.html), "text": str(files.text), "eml": str(files.eml)}
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
    else:
        print("\n".join(f"wrote {path}" for key, path in result.items() if key != "message_id"))
    return 0


def _send(args: argparse.Namespace) -> int:
    from plugin.emails.delivery import deliver_pending
    from plugin.emails.shop_db import open_outbox
    from plugin.exceptions import AllegroSyncError

    def progress(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            print(f"emails: {done}/{total}", file=sys.stderr, flush=True)

    try:
        manifest = _load(args.manifest)
        with open_outbox(manifest) as conn:
            report = deliver_pending(conn, manifest, limit=args.limit, progress=progress)
    except AllegroSyncError as exc:
        return _fail(str(exc))
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(f"sent {report.sent}, failed {report.failed}, held {report.held}")
        for error in report.errors:
            print(f"  {error}")
    return 1 if report.failed else 0


def _load(path: Path) -> Any:
    """The manifest, or an ``AllegroSyncError`` listing its findings (``validate`` prints them in full)."""
    from plugin.exceptions import AllegroSyncError, ManifestError

    try:
        from plugin.manifest import load_manifest  # type: ignore[attr-defined]
    except ImportError:
        raise AllegroSyncError("this build has no manifest loader yet (plugin.manifest.load_manifest)") from None
    try:
        return load_manifest(path)
    except ManifestError as exc:
        lines = [str(exc)]
        for f in exc.findings:  # the message may already list them
            line = f"{f.file}:{f.line}:{f.col}: {f.severity}: {f.message}"
            if line not in lines[0]:
                lines.append(line)
        raise AllegroSyncError("\n".join(lines)) from None
