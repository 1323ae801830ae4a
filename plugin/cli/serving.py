"""What the two simulator commands share: where they listen, how they announce themselves, and serving until
Ctrl-C."""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable
from typing import Any


def port(value: str) -> int:
    """A TCP port, 0 for a free one (``--port``)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("a port is between 1 and 65535 (0 picks a free one)")
    return number


def add_address(parser: argparse.ArgumentParser, default_port: int) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument(
        "--port", type=port, default=default_port, help="port; 0 picks a free one (default: %(default)s)"
    )


def add_announce(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="how to announce the URL on stdout (default: %(default)s)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")


def serve(args: argparse.Namespace, stop: Callable[[], None], announced: dict[str, Any], text: str) -> int:
    """Announce the running server on stdout (one JSON object with --format json, else ``text``) and keep it up
    until Ctrl-C; ``stop`` is called whatever ends the wait."""
    print(json.dumps(announced) if args.format == "json" else text, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
    return 0
