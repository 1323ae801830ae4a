"""``allegro-sync simulator``: the local Allegro on loopback, until Ctrl-C."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

from plugin.cli._args import count
from plugin.cli.failures import fail


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "simulator", help="run a local Allegro (REST API + OAuth) on loopback with seeded Polish test data"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=_port, default=8765, help="port; 0 picks a free one (default: %(default)s)")
    parser.add_argument(
        "--products", type=Path, metavar="CSV", help="shop catalog code,name,stock,price for the offers"
    )
    parser.add_argument(
        "--orders", type=count(), default=50, metavar="N", help="orders bought in the last 72 h (default: %(default)s)"
    )
    parser.add_argument(
        "--archived", type=count(), default=0, metavar="N", help="orders bought 20–300 days ago (default: %(default)s)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="S", help="random seed: same seed, same data (default: %(default)s)"
    )
    parser.add_argument(
        "--token-ttl",
        type=int,
        default=43200,
        metavar="S",
        help="access token lifetime in seconds (default: %(default)s)",
    )
    parser.add_argument(
        "--client-id", default="local-client", help="the OAuth client id it accepts (default: %(default)s)"
    )
    parser.add_argument(
        "--client-secret", default="local-secret", help="the OAuth client secret it accepts (default: %(default)s)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="how to announce the URL on stdout (default: %(default)s)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    parser.set_defaults(func=_run)


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("a port is between 1 and 65535 (0 picks a free one)")
    return number


def _run(args: argparse.Namespace) -> int:
    from plugin.exceptions import AllegroSyncError
    from plugin.simulator import start_simulator

    def progress(done: int) -> None:
        print(f"simulator: generated {done:,} of {args.orders + args.archived:,} orders", file=sys.stderr, flush=True)

    try:
        sim = start_simulator(
            host=args.host,
            port=args.port,
            products=args.products,
            orders=args.orders,
            archived=args.archived,
            seed=args.seed,
            token_ttl=args.token_ttl,
            client_id=args.client_id,
            client_secret=args.client_secret,
            verbose=args.verbose,
            progress=progress,
        )
    except AllegroSyncError as exc:  # a bad CSV, a busy port: reported by its class like every command's
        return fail(exc, args)
    snapshot = sim.state.snapshot()
    if args.format == "json":
        print(json.dumps({"url": sim.url, "orders": snapshot["orders"], "events": snapshot["events"]}), flush=True)
    else:
        print(
            f"Allegro simulator listening on {sim.url} (orders: {snapshot['orders_total']}, "
            f"events: {snapshot['events']}); in the manifest: allegro.environment: local, "
            f"allegro.api_url: {sim.url}. Ctrl-C stops it.",
            flush=True,
        )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0
