"""What a user sees of a command: its exit code, stdout and stderr, and the checks every error line passes."""

from __future__ import annotations

import pytest

from plugin.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one command run in-process."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_clean_line(err: str) -> str:
    """The error output a user sees: exactly one line, no traceback."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]
