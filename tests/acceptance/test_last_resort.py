"""Whatever a command lets through, the user sees one line and a meaningful exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from plugin.cli import validate_cmd
from plugin.exceptions import ShopError
from tests.acceptance.helpers import one_clean_line, run_cli


def _raising(exc: BaseException):
    def command(args: object) -> int:
        raise exc

    return command


@pytest.mark.parametrize(
    ("exc", "code", "says"),
    [
        (ShopError("shop.db: locked; close the other run"), 4, "shop.db: locked; close the other run"),
        (PermissionError(13, "Permission denied", "/srv/sklep/shop.db"), 2, "/srv/sklep/shop.db"),
        (RuntimeError("unexpected state"), 70, "ALLEGRO_SYNC_DEBUG=1"),
        (KeyboardInterrupt(), 130, "run the command again"),
    ],
)
def test_an_escaped_error_is_one_line_with_its_exit_code(monkeypatch, capsys, exc, code, says) -> None:
    monkeypatch.delenv("ALLEGRO_SYNC_DEBUG", raising=False)
    monkeypatch.setattr(validate_cmd, "run_schema", _raising(exc))
    got, out, err = run_cli(capsys, "schema")
    assert got == code and out == ""
    assert says in one_clean_line(err)


def test_debug_switch_shows_the_traceback_of_a_bug(monkeypatch, capsys) -> None:
    monkeypatch.setenv("ALLEGRO_SYNC_DEBUG", "1")
    monkeypatch.setattr(validate_cmd, "run_schema", _raising(RuntimeError("boom")))
    with pytest.raises(RuntimeError, match="boom"):
        run_cli(capsys, "schema")


def test_a_console_that_cannot_show_polish_letters_gets_escapes(tmp_path) -> None:
    missing = tmp_path / "zamówienia-ż.yaml"
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "plugin", "validate", str(missing)],
        check=False,
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert b"Traceback" not in done.stderr
    assert done.returncode == 2
    assert b"zam\\xf3wienia-\\u017c.yaml" in done.stdout
