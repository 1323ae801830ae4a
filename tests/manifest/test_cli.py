"""``allegro-sync validate`` and ``schema``: formats, exit codes, --strict, and a real subprocess run."""

import json
import re
import subprocess
import sys

import pytest

from plugin.cli import main

from .test_loader import BASE, write

LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+) \(at (?P<path>\$\S*)\)$"
)


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.delenv("S", raising=False)
    good = write(tmp_path, BASE, "good.yaml")
    bad = write(tmp_path, BASE.replace("version: 1", "version: 2") + "sync:\n  improt_orders: true\n", "bad.yaml")
    warn = write(tmp_path, BASE.replace("local", "sandbox"), "warn.yaml")
    return {"good": str(good), "bad": str(bad), "warn": str(warn), "missing": str(tmp_path / "nope.yaml")}


def test_text_lines_in_file_order(files, capsys):
    assert main(["validate", files["bad"]]) == 1
    out, err = capsys.readouterr()
    parsed = [LINE.match(line) for line in out.splitlines()]
    assert all(parsed), out
    assert [(m["line"], m["path"]) for m in parsed] == [("1", "$.version"), ("11", "$.sync.improt_orders")]
    assert "invalid" in err


@pytest.mark.parametrize(
    ("name", "strict", "code"),
    [("good", False, 0), ("warn", False, 0), ("warn", True, 1), ("bad", False, 1), ("missing", False, 2)],
)
def test_exit_codes(files, name, strict, code, capsys):
    assert main(["validate", *(["--strict"] if strict else []), files[name]]) == code


def test_worst_file_decides_and_every_file_is_reported(files, capsys):
    assert main(["validate", "--format", "json", files["good"], files["bad"], files["missing"]]) == 2
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["file"] for r in records] == [files["good"], files["bad"], files["missing"]]
    assert [r["valid"] for r in records] == [True, False, False]
    assert records[1]["errors"] == 2
    assert {"file", "line", "col", "severity", "message", "path", "code"} == set(records[1]["findings"][0])


def test_github_annotations_escape_their_data(tmp_path, capsys):
    path = write(tmp_path, BASE + "sync:\n  'a,b:c%\\n': true\n", "x,y.yaml")
    assert main(["validate", "--format", "github", str(path)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("::error file=")
    assert "x%2Cy.yaml,line=11,col=3," in line
    assert "%25" in line  # the % of the key is escaped in the message


@pytest.mark.parametrize("argv", [["validate"], ["validate", "--format", "xml", "a.yaml"], ["nonsense"]])
def test_bad_usage_exits_2(argv, capsys):
    assert main(argv) == 2


def test_real_process_reports_and_never_shows_a_traceback(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"\xff\xfe" + bytes(range(256)) * 10)
    run = subprocess.run(
        [sys.executable, "-m", "plugin", "validate", str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert LINE.match(run.stdout.splitlines()[0])
