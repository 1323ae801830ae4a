"""Help that explains: every command and argument has a description, and every default is shown."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from plugin.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                assert helps.get(name), f"`{' '.join((*path, name))}` has no help line"
                yield (*path, name), sub
                yield from _commands(sub, (*path, name))


def test_every_command_and_argument_is_described_with_its_default() -> None:
    missing = []
    for path, parser in _commands(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            name = "/".join(action.option_strings) or action.metavar or action.dest
            if not action.help:
                missing.append(f"{' '.join(path)} {name}: no help")
                continue
            default = action.default
            shown = not (default is None or default is False or default in (argparse.SUPPRESS, []))
            if shown and "default" not in action.help:
                missing.append(f"{' '.join(path)} {name}: default {action.default!r} not shown")
    assert not missing, "\n".join(missing)


def test_help_through_the_real_command_shows_defaults() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "plugin", "run", "--help"],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    out = " ".join(out.split())  # argparse wraps to the terminal width
    assert "MANIFEST" in out and "the integration manifest" in out
    assert "(default: 60)" in out and "only with --follow" in out
