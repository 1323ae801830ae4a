"""Validation as an integrator meets it, through the real command: the pre-commit hook picks the files the README
names, ``validate -`` reads standard input, and the sender advice is given once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "ALLEGRO_CLIENT_ID": "ci-id", "ALLEGRO_CLIENT_SECRET": "ci-secret"}


def validate(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [sys.executable, "-m", "plugin", "validate", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=ENV,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(run.args, run.returncode, run.stdout.decode(), run.stderr.decode())


[HOOK] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "checked"),
    [
        ("shop.yaml", True),
        ("sklepy/shop.yml", True),
        ("manifests/sklep-krakow.yaml", True),
        ("deploy/manifests/b.yml", True),
        ("examples/full.yaml", True),
        ("allegro-sync.yaml", True),
        ("manifest.prod.yaml", True),
        (".github/workflows/ci.yaml", False),
        ("docker-compose.yml", False),
        (".pre-commit-config.yaml", False),
        ("workshop.yaml", False),
    ],
)
def test_the_pre_commit_hook_checks_the_names_the_readme_uses(name: str, checked: bool) -> None:
    assert bool(re.search(HOOK["files"], name)) is checked  # pre-commit matches with re.search


def test_validate_dash_reads_standard_input() -> None:
    bad = validate("-", stdin=(CORPUS / "invalid" / "bad_postal_code.yaml").read_bytes())
    assert bad.returncode == 1
    assert bad.stdout.startswith("<stdin>:13:") and "30-001" in bad.stdout
    good = validate("--format", "json", "-", "examples/minimal.yaml", stdin=(ROOT / "examples/full.yaml").read_bytes())
    assert good.returncode == 0, good.stdout + good.stderr
    assert [line.split('"')[3] for line in good.stdout.splitlines()] == ["<stdin>", "examples/minimal.yaml"]


def test_stdin_that_is_not_utf8_is_a_finding_not_a_traceback() -> None:
    run = validate("-", stdin=b"version: 1\nshop: \xff\xfe\n")
    assert run.returncode == 1 and run.stdout.startswith("<stdin>:2:") and "UTF-8" in run.stdout
    assert "Traceback" not in run.stderr


def test_the_sender_advice_is_given_once_in_one_wording(tmp_path: Path) -> None:
    manifest = tmp_path / "shop.yaml"
    manifest.write_text(
        "version: 1\nshop: {name: Sklep, url: https://sklep.example.pl}\n"
        "allegro: {environment: production, client_id: '${ALLEGRO_CLIENT_ID}', "
        "client_secret: '${ALLEGRO_CLIENT_SECRET}', connected_since: 2026-11-01}\n"
        "sync: {send_confirmation_email: true, register_customers: true}\nemail: {sender: sklep@example.pl}\n",
        encoding="utf-8",
    )
    run = validate(str(manifest))
    assert run.returncode == 0, run.stdout
    sender = [line for line in run.stdout.splitlines() if "(at $.email.sender)" in line]
    assert len(sender) == 1 and "Twoje adresy e-mail" in sender[0] and "@allegromail.pl" in sender[0]
