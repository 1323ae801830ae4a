"""A read-only shop (issue 10 item 6): ``plan`` works on it and writes nothing; writing commands say what is
read-only, the file or its folder, instead of "not a usable SQLite shop database" (which invited replacing a
healthy shop).

Root ignores file permissions, so when the tests run as root the command runs without the capabilities that
let root write anyway (``CAP_DAC_OVERRIDE``): then a 0444 file is read-only for it as for anyone.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET, DemoFiles
from tests.acceptance.helpers import one_clean_line

ROOT = Path(__file__).resolve().parents[2]
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_override() -> None:
    """In the child, before exec: root keeps its uid but obeys permissions like anyone else."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def cli(*argv: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "plugin", *argv],
        cwd=ROOT,
        env={**os.environ, SECRET_ENV: SIMULATOR_SECRET, "PYTHONPATH": str(ROOT)},
        preexec_fn=_without_override if os.geteuid() == 0 else None,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("shop.db*"))}


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    mode = path.stat().st_mode & 0o777
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(mode)


@pytest.fixture
def synced(shop: DemoFiles, simulator) -> DemoFiles:
    """A shop after one run, with new orders waiting on Allegro."""
    assert cli("run", str(shop.manifest))[0] == 0
    simulator.state.add_orders(5)
    return shop


@pytest.mark.parametrize("what", ["file", "folder"])
def test_plan_works_on_a_read_only_shop_and_writes_nothing(synced: DemoFiles, what: str) -> None:
    before = _digest(synced.folder)
    with read_only(synced.shop if what == "file" else synced.folder):
        code, out, err = cli("plan", str(synced.manifest), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["orders_imported"] > 0
    assert _digest(synced.folder) == before


WRITING = [["run", "M"], ["quarantine", "M", "--retry-all"], ["emails", "send", "M"]]


def _argv(template: list[str], files: DemoFiles) -> list[str]:
    return [str(files.manifest) if part == "M" else part for part in template]


@pytest.mark.parametrize("template", WRITING[:2])
def test_writing_commands_name_a_read_only_file(synced: DemoFiles, template: list[str]) -> None:
    with read_only(synced.shop):
        code, out, err = cli(*_argv(template, synced))
    line = one_clean_line(err)
    assert code == 4 and out == ""
    assert f"{synced.shop}: the shop database is read-only" in line and "not a usable" not in line
    assert "chmod" in line


@pytest.mark.parametrize("template", WRITING)
def test_writing_commands_name_a_read_only_folder(synced: DemoFiles, template: list[str]) -> None:
    with read_only(synced.folder):
        code, _, err = cli(*_argv(template, synced))
    line = one_clean_line(err)
    assert code == 4
    assert f"{synced.folder}: the folder holding the shop database shop.db is read-only" in line
    assert "not a usable" not in line
