"""The ``allegro-sync`` command line. The only package that knows about argparse.

Each command lives in its own module exposing ``register(subparsers)``; the module adds its parser and sets
``func`` (called with the parsed namespace, returning the exit code). Modules import the core lazily inside
``func`` so that ``allegro-sync validate`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from plugin import __version__
from plugin.exceptions import AllegroSyncError

# command module → what it adds (for the reader; the modules themselves register the sub-commands)
COMMAND_MODULES: dict[str, str] = {
    "plugin.cli.validate_cmd": "validate, schema",
    "plugin.cli.simulator_cmd": "simulator",
    "plugin.cli.connect_cmd": "connect",
    "plugin.cli.sync_cmd": "plan, run",
    "plugin.cli.quarantine_cmd": "quarantine",
    "plugin.cli.demo_cmd": "demo",
    "plugin.cli.shop_cmd": "shop init",
    "plugin.cli.emails_cmd": "emails preview, emails send",
    "plugin.cli.offers_cmd": "offers publish",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="allegro-sync",
        description="Synchronise a shop with Allegro, driven by a YAML integration manifest.",
    )
    parser.add_argument("--version", action="version", version=f"allegro-sync {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a command still being built must not break the others
            if exc.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def _tolerant_streams() -> None:
    """A console that cannot show ``ż`` (PYTHONIOENCODING=ascii, an old CI runner) gets ``\\u017c``, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except (KeyboardInterrupt, Exception) as exc:  # never a traceback for a user: one line and an exit code
        if os.environ.get("ALLEGRO_SYNC_DEBUG") and not isinstance(exc, AllegroSyncError | KeyboardInterrupt):
            raise
        handler = next(h for kind, h in LAST_RESORT.items() if isinstance(exc, kind))
        return handler(exc)


def _interrupted(exc: BaseException) -> int:
    print("allegro-sync: interrupted; what was committed stays, run the command again to go on", file=sys.stderr)
    return 130


def _ours(exc: BaseException) -> int:
    """A command that let one of our errors through: its message is already written for people."""
    print(f"allegro-sync: error: {exc}", file=sys.stderr)
    return 2


def _broken_pipe(exc: BaseException) -> int:
    """``allegro-sync … | head``: the reader left. Point stdout at /dev/null so the exit flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 1


def _os_error(exc: BaseException) -> int:
    assert isinstance(exc, OSError)
    where = f" ({exc.filename})" if exc.filename else ""
    print(f"allegro-sync: error: {exc.strerror or exc}{where}; check that path and its permissions", file=sys.stderr)
    return 2


def _bug(exc: BaseException) -> int:
    print(
        f"allegro-sync: internal error: {type(exc).__name__}: {str(exc).rstrip('.')}. This is a bug; "
        "rerun with ALLEGRO_SYNC_DEBUG=1 for the traceback and report it.",
        file=sys.stderr,
    )
    return 70  # EX_SOFTWARE


# first match wins: the most specific kinds first
LAST_RESORT: dict[type[BaseException], Callable[[BaseException], int]] = {
    KeyboardInterrupt: _interrupted,
    AllegroSyncError: _ours,
    BrokenPipeError: _broken_pipe,
    OSError: _os_error,
    Exception: _bug,
}
