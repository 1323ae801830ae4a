"""How fast is an email rendered? Compiled-once templates against a fresh Environment per message (the
baseline, measured in the same run), plus the full message (render + safe headers + MIME bytes).

    python bench/emails.py [--n 500] [--format text|json]

Figures are relative to the baseline, so they compare across machines; absolute µs are printed beside.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plugin.emails.context import sample_context
from plugin.emails.environment import PARTS, get_environment, new_environment, template_name
from plugin.emails.message import build_message
from plugin.emails.outbox import QueuedEmail, message_id
from plugin.emails.render import render_email

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
    result = {
        "baseline_fresh_environment_us": round(baseline * 1e6, 1),
        "compiled_once_us": round(cached * 1e6, 1),
        "compiled_once_per_second": round(1 / cached),
        "speedup_vs_baseline": round(baseline / cached, 1),
        "full_message_us": round(full * 1e6, 1),
        "full_message_per_second": round(1 / full),
        "full_message_vs_baseline": round(full / baseline, 3),
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
