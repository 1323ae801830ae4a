"""Bad option values and paths given on the command line: a usage error or one line, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import one_clean_line, run_cli


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("simulator", "--port", "99999"), "between 1 and 65535"),
        (("simulator", "--port", "-1"), "between 1 and 65535"),
        (("simulator", "--port", "http"), "'http' is not a port number"),
        (("emails", "send", "m.yaml", "--limit", "ten"), "'ten' is not a whole number"),
    ],
)
def test_bad_option_values_are_usage_errors(capsys, argv, says) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert says in err.splitlines()[-1]
    assert "internal error" not in err and "Traceback" not in err


def test_demo_into_a_file_says_to_pass_a_folder(tmp_path: Path, capsys) -> None:
    target = tmp_path / "notatki.txt"
    target.write_text("moje notatki", encoding="utf-8")
    code, _, err = run_cli(capsys, "demo", "--orders", "1", "--dir", str(target))
    line = one_clean_line(err)
    assert code == 2 and f"--dir {target} is a file" in line
    assert target.read_text(encoding="utf-8") == "moje notatki"


def test_email_preview_into_a_file_says_to_pass_a_folder(shop: DemoFiles, capsys) -> None:
    code, _, err = run_cli(capsys, "emails", "preview", str(shop.manifest), "--out", str(shop.catalog))
    line = one_clean_line(err)
    assert code == 2 and str(shop.catalog) in line and "--out" in line
