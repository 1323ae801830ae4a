"""``allegro-sync shoper-simulator``: the local Shoper on loopback, until Ctrl-C."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from plugin.cli._args import count, positive
from plugin.cli.serving import add_address, add_announce, serve


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "shoper-simulator",
        help="run a local Shoper shop (REST API /webapi/rest) on loopback with a Polish catalogue",
        description="A local Shoper: orders, order lines, users, auction-orders, products and stock, statuses, "
        "shippings and payments, bulk calls and Shoper's leaky bucket. Control endpoints under /_simulator/.",
    )
    add_address(parser, default_port=8766)
    parser.add_argument("--products", type=Path, metavar="CSV", help="catalogue code,name,stock,price for products")
    parser.add_argument(
        "--seed", type=int, default=0, metavar="S", help="random seed for the customers (default: %(default)s)"
    )
    parser.add_argument(
        "--customers",
        type=count(),
        default=0,
        metavar="N",
        help="customers the shop already has, registered in the shop (default: %(default)s)",
    )
    parser.add_argument(
        "--bucket-size", type=count(minimum=1), default=10, metavar="N", help="leaky bucket size (default: %(default)s)"
    )
    parser.add_argument(
        "--drain", type=positive(), default=2.0, metavar="R", help="calls drained a second (default: %(default)s)"
    )
    parser.add_argument(
        "--bulk-cost",
        choices=("request", "operation"),
        default="request",
        help="what a bulk call costs in the bucket: one call or one per operation (default: %(default)s)",
    )
    parser.add_argument(
        "--client-id", default="local-webapi", help="WebAPI user for POST /webapi/rest/auth (default: %(default)s)"
    )
    parser.add_argument(
        "--client-secret", default="local-webapi-secret", help="that user's password (default: %(default)s)"
    )
    parser.add_argument(
        "--token", default="local-token-api", help='the static "Token API" accepted as Bearer (default: %(default)s)'
    )
    parser.add_argument(
        "--token-ttl",
        type=count(),
        default=2_592_000,
        metavar="S",
        help="token lifetime in seconds (default: %(default)s)",
    )
    add_announce(parser)
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from plugin.shoper_simulator import start_shoper_simulator

    # a bad CSV or a busy port rises as our error: plugin.cli.main reports it by its class
    shop = start_shoper_simulator(
        host=args.host,
        port=args.port,
        products=args.products,
        seed=args.seed,
        customers=args.customers,
        bucket_size=args.bucket_size,
        drain=args.drain,
        bulk_cost=args.bulk_cost,
        client_id=args.client_id,
        client_secret=args.client_secret,
        token=args.token,
        token_ttl=max(1, args.token_ttl),
        verbose=args.verbose,
    )
    snapshot = shop.snapshot()
    announced = {
        "url": shop.url,
        "api_url": shop.api_url,
        "host": shop.host,
        "port": shop.port,
        "products": snapshot["products"],
        "customers": len(snapshot["users"]),
        "bucket": {"size": args.bucket_size, "drain": args.drain, "bulk_cost": args.bulk_cost},
    }
    return serve(
        args,
        shop.stop,
        announced,
        f"Shoper simulator listening on {shop.url} (REST API {shop.api_url}, {snapshot['products']} products, "
        f"bucket {args.bucket_size} draining {args.drain:g}/s); in the manifest: shop.backend: "
        f"{{type: shoper, url: {shop.url}, token: ${{SHOPER_TOKEN}}}} with SHOPER_TOKEN={args.token}. "
        "Ctrl-C stops it.",
    )
