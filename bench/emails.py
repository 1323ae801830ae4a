"""How fast is an email rendered? Compiled-once templates against a fresh Environment per message (the
baseline, measured in the same run), plus the full message (render + safe headers + MIME bytes), plus
delivery: emails/s through ``deliver_pending`` to a fresh ``.eml`` folder from a real SQLite outbox of
``--deliver`` queued emails, against the previous per-message path (stdlib-built message, mkstemp + fsync,
one committed mark per message) run on the same queue in the same run.

    python bench/emails.py [--n 500] [--deliver 2000] [--format text|json]

Figures are relative to the baseline, so they compare across machines; absolute µs are printed beside.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plugin.emails import outbox
from plugin.emails.delivery import deliver_pending
from plugin.emails.environment import PARTS, get_environment, new_environment, template_name
from plugin.emails.headers import check_header, safe_address
from plugin.emails.message import build_message
from plugin.emails.outbox import QueuedEmail, ensure_schema, message_id, queue_email
from plugin.emails.render import RenderedEmail, render_email
from plugin.emails.template_context import reply_to_address, sample_context
from plugin.emails.transports.eml_dir import eml_name
from plugin.manifest.model import Manifest
from plugin.resources import TEMPLATES_DIR
from plugin.testing.fixtures import local_email, local_manifest

TEMPLATE, LANGUAGE = "order_confirmation", "pl"


def per_message(func: Callable[[int], object], n: int) -> float:
    """Seconds per call of ``func(i)``, best of three rounds of ``n`` calls (after a warm-up)."""
    func(0)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for i in range(n):
            func(i)
        best = min(best, (time.perf_counter() - start) / n)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="messages per round (default %(default)s)")
    parser.add_argument("--deliver", type=int, default=2000, help="queued emails to deliver (default %(default)s)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    contexts = []
    for i in range(64):  # distinct buyers, so nothing is cached by accident
        context = sample_context()
        context["order"]["number"] = str(5000 + i)
        context["buyer"]["first_name"] = f"Zażółć <b>{i}</b>"
        contexts.append(context)

    def fresh_environment(i: int) -> object:
        env = new_environment(None, LANGUAGE)
        return [env.get_template(template_name(LANGUAGE, TEMPLATE, p)).render(contexts[i % 64]) for p in PARTS]

    def compiled_once(i: int) -> object:
        return render_email(TEMPLATE, contexts[i % 64], LANGUAGE)

    def full_message(i: int) -> object:
        context = contexts[i % 64]
        form_id = f"form-{i}"
        email = QueuedEmail(
            message_id(TEMPLATE, form_id, "sklep.example.pl"), TEMPLATE, "jan@allegromail.pl",
            context["buyer"]["first_name"], LANGUAGE, False, form_id, context,
        )  # fmt: skip
        rendered = render_email(TEMPLATE, context, LANGUAGE)
        msg = build_message(email, rendered, sender="sklep@example.pl", sender_name="Sklep", reply_to="k@example.pl")
        return msg.as_bytes()

    get_environment(None, LANGUAGE)
    print(f"rendering {TEMPLATE} ({LANGUAGE}): baseline, {args.n // 20} messages x 3 ...", file=sys.stderr)
    baseline = per_message(fresh_environment, max(args.n // 20, 20))
    print(f"compiled once, {args.n} messages x 3 ...", file=sys.stderr)
    cached = per_message(compiled_once, args.n)
    print(f"full message, {args.n} messages x 3 ...", file=sys.stderr)
    full = per_message(full_message, args.n)
    print(f"delivery: {args.deliver} queued emails, previous path then deliver_pending ...", file=sys.stderr)
    before, now = delivery_rates(contexts, args.deliver)
    result = {
        "baseline_fresh_environment_us": round(baseline * 1e6, 1),
        "compiled_once_us": round(cached * 1e6, 1),
        "compiled_once_per_second": round(1 / cached),
        "speedup_vs_baseline": round(baseline / cached, 1),
        "full_message_us": round(full * 1e6, 1),
        "full_message_per_second": round(1 / full),
        "full_message_vs_baseline": round(full / baseline, 3),
        "delivery_previous_per_second": round(before),
        "delivery_per_second": round(now),
        "delivery_speedup": round(now / before, 2),
    }
    if args.format == "json":
        print(json.dumps(result))
    else:
        print(f"baseline (new Environment per message): {result['baseline_fresh_environment_us']:>9} µs/message")
        print(
            f"compiled once (render 3 parts):        {result['compiled_once_us']:>9} µs/message"
            f"  {result['compiled_once_per_second']:>7} messages/s  {result['speedup_vs_baseline']}x faster"
        )
        print(
            f"full message (render + headers + MIME): {result['full_message_us']:>8} µs/message"
            f"  {result['full_message_per_second']:>7} messages/s  {result['full_message_vs_baseline']} of baseline"
        )
        print(
            f"delivery to .eml (deliver_pending):      {result['delivery_per_second']:>7} emails/s"
            f"  previous path {result['delivery_previous_per_second']} emails/s  {result['delivery_speedup']}x faster"
        )
    return 0


def delivery_rates(contexts: list[dict], n: int) -> tuple[float, float]:
    """Emails/s of the previous per-message path and of ``deliver_pending``, each on its own fresh queue."""
    rates = []
    with tempfile.TemporaryDirectory() as tmp:
        for arm in ("previous", "now"):
            folder = Path(tmp) / arm
            folder.mkdir()
            conn = sqlite3.connect(folder / "shop.db")
            conn.execute("PRAGMA journal_mode=WAL")  # as the shop opens it
            conn.execute("PRAGMA synchronous=NORMAL")
            ensure_schema(conn)
            for i in range(n):
                context = copy.deepcopy(contexts[i % 64])
                form_id = f"form-{i:06d}"
                context["order"]["allegro_checkout_form_id"] = form_id
                email = QueuedEmail(
                    message_id(TEMPLATE, form_id, "sklep.example.pl"), TEMPLATE, f"b{i}@allegromail.pl",
                    context["buyer"]["first_name"], LANGUAGE, False, form_id, context,
                )  # fmt: skip
                queue_email(conn, email)
            conn.commit()
            manifest = bench_manifest(folder)
            start = time.perf_counter()
            if arm == "previous":
                sent = legacy_deliver(conn, manifest, folder / "outbox")
            else:
                sent = deliver_pending(conn, manifest).sent
            rates.append(sent / (time.perf_counter() - start))
            assert sent == n and len(list((folder / "outbox").glob("*.eml"))) == n
            conn.close()
    return rates[0], rates[1]


def bench_manifest(folder: Path) -> Manifest:
    """The smallest manifest delivery needs: the shop's sender and an ``.eml`` folder."""
    return local_manifest(folder, email=local_email(folder, language=LANGUAGE))


def legacy_message(email: QueuedEmail, rendered: RenderedEmail, manifest: Manifest) -> EmailMessage:
    """The message as it was built before: stdlib policy, ``set_content`` picking the encoding."""
    assert manifest.email is not None
    name, sender = manifest.shop.name, manifest.email.sender
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = safe_address("From", sender, name, source="the shop's sender")
    msg["To"] = safe_address("To", email.recipient, email.recipient_name, source="the buyer's name or address")
    msg["Reply-To"] = safe_address("Reply-To", reply_to_address(manifest), name, source="the shop's reply-to")
    msg["Subject"] = check_header("Subject", rendered.subject, source="the rendered subject")
    msg["Message-ID"] = check_header("Message-ID", email.message_id, source="the outbox Message-ID")
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    msg["Content-Language"] = check_header("Content-Language", email.language, source="the outbox language")
    return msg


def legacy_deliver(conn: sqlite3.Connection, manifest: Manifest, folder: Path) -> int:
    """The previous delivery path: per message a status read, a mkstemp + fsync + rename, a committed mark."""
    sent = 0
    for email in outbox.pending(conn):
        if outbox.status_of(conn, email.message_id) == "sent":
            continue
        rendered = render_email(email.template, email.context, email.language, TEMPLATES_DIR)
        msg = legacy_message(email, rendered, manifest)
        target = folder / eml_name(str(msg["Message-ID"]))
        if not target.exists():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            data = msg.as_bytes()
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".eml")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        outbox.mark_sent(conn, email.message_id)
        sent += 1
    return sent


if __name__ == "__main__":
    raise SystemExit(main())
