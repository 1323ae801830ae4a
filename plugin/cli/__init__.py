"""The ``allegro-sync`` command line. The only package that knows about argparse.

Each command lives in its own module exposing ``register(subparsers)``; the module adds its parser and sets
``func`` (called with the parsed namespace, returning the exit code). Modules import the core lazily inside
``func`` so that ``allegro-sync validate`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import sys
from collections.abc import Callable, Sequence

from plugin import __version__
from plugin.cli import failures
from plugin.exceptions import AllegroSyncError

#: command module → the top-level command words it registers (``shop`` covers ``shop init`` and ``shop stock``)
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "plugin.cli.validate_cmd": ("validate", "schema"),
    "plugin.cli.simulator_cmd": ("simulator",),
    "plugin.cli.shoper_simulator_cmd": ("shoper-simulator",),
    "plugin.cli.connect_cmd": ("connect",),
    "plugin.cli.sync_cmd": ("plan", "run"),
    "plugin.cli.quarantine_cmd": ("quarantine",),
    "plugin.cli.demo_cmd": ("demo",),
    "plugin.cli.shop_cmd": ("shop",),
    "plugin.cli.emails_cmd": ("emails",),
    "plugin.cli.offers_cmd": ("offers",),
    "plugin.cli.status_cmd": ("status",),
    "plugin.cli.stock_cmd": ("stock",),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with ``command`` alone when it is known: building the other commands'
    parsers costs a start-up that ``validate`` in a pre-commit hook would pay on every commit."""
    parser = argparse.ArgumentParser(
        prog="allegro-sync",
        description="Synchronise a shop with Allegro, driven by a YAML integration manifest.",
    )
    parser.add_argument("--version", action="version", version=f"allegro-sync {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = [module for module, words in COMMAND_MODULES.items() if command in words]
    for module_name in chosen or COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)  # a missing one is an install error
    return parser


def _tolerant_streams() -> None:
    """A console that cannot show ``ż`` (PYTHONIOENCODING=ascii, an old CI runner) gets ``\\u017c``, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words else None)
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # argparse exits 2 on bad usage (its message is on stderr), 0 on --help
        code = int(exc.code or 0)
        if code and _json_asked(words):  # a script asked for JSON: it gets an object, never empty output
            failures.report(failures.CONFIGURATION, "bad command line (see stderr)", as_json=True)
        return code
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return failures.EXIT_CONFIG
    try:
        return int(args.func(args))
    except (KeyboardInterrupt, Exception) as exc:  # never a traceback for a user: one line and an exit code
        if os.environ.get("ALLEGRO_SYNC_DEBUG") and not isinstance(exc, AllegroSyncError | KeyboardInterrupt):
            raise
        handler = next(h for kind, h in LAST_RESORT.items() if isinstance(exc, kind))
        return handler(exc, failures.wants_json(args))


def _json_asked(words: list[str]) -> bool:
    return "--format=json" in words or any(a == "--format" and b == "json" for a, b in itertools.pairwise(words))


def _interrupted(exc: BaseException, as_json: bool) -> int:
    print("allegro-sync: interrupted; what was committed stays, run the command again to go on", file=sys.stderr)
    return failures.EXIT_INTERRUPTED


def _ours(exc: BaseException, as_json: bool) -> int:
    """One of our errors: its message is already written for people; its class gives the exit code."""
    assert isinstance(exc, AllegroSyncError)
    return failures.report(failures.classify(exc), str(exc), as_json=as_json)


def _broken_pipe(exc: BaseException, as_json: bool) -> int:
    """``allegro-sync … | head``: the reader left. Point stdout at /dev/null so the exit flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 1


def _os_error(exc: BaseException, as_json: bool) -> int:
    assert isinstance(exc, OSError)
    where = f" ({exc.filename})" if exc.filename else ""
    message = f"{exc.strerror or exc}{where}; check that path and its permissions"
    return failures.report(failures.CONFIGURATION, message, as_json=as_json)


def _bug(exc: BaseException, as_json: bool) -> int:
    message = (
        f"{type(exc).__name__}: {str(exc).rstrip('.')}. This is a bug; "
        "rerun with ALLEGRO_SYNC_DEBUG=1 for the traceback and report it."
    )
    return failures.report(failures.BUG, message, as_json=as_json)


# first match wins: the most specific kinds first
LAST_RESORT: dict[type[BaseException], Callable[[BaseException, bool], int]] = {
    KeyboardInterrupt: _interrupted,
    AllegroSyncError: _ours,
    BrokenPipeError: _broken_pipe,
    OSError: _os_error,
    Exception: _bug,
}
