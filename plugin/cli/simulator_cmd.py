"""``allegro-sync simulator``: the local Allegro on loopback, until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from plugin.cli._args import count
from plugin.cli.serving import add_address, add_announce, serve


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "simulator", help="run a local Allegro (REST API + OAuth) on loopback with seeded Polish test data"
    )
    add_address(parser, default_port=8765)
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
    add_announce(parser)
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from plugin.simulator import start_simulator

    def progress(done: int) -> None:
        print(f"simulator: generated {done:,} of {args.orders + args.archived:,} orders", file=sys.stderr, flush=True)

    # a bad CSV or a busy port rises as our error: plugin.cli.main reports it by its class
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
    snapshot = sim.state.snapshot()
    return serve(
        args,
        sim.stop,
        {"url": sim.url, "orders": snapshot["orders"], "events": snapshot["events"]},
        f"Allegro simulator listening on {sim.url} (orders: {snapshot['orders_total']}, "
        f"events: {snapshot['events']}); in the manifest: allegro.environment: local, "
        f"allegro.api_url: {sim.url}. Ctrl-C stops it.",
    )
