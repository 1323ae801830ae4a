"""``allegro-sync emails preview`` and ``emails send`` through the real CLI entry point."""

from __future__ import annotations

import json
import sqlite3
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

import plugin.validation
from plugin.cli import main
from plugin.emails.outbox import ensure_schema, queue_email
from plugin.exceptions import ManifestError
from plugin.manifest.findings import Finding
from plugin.manifest.model import Manifest

from .helpers import make_email, make_manifest


@pytest.fixture
def manifest_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Manifest]:
    """A manifest path the (stubbed) loader turns into a hand-built Manifest; the shop db with 3 queued emails."""
    manifest = make_manifest(tmp_path)
    path = tmp_path / "manifest.yaml"
    path.write_text("version: 1\n", encoding="utf-8")

    def load(p: Path) -> Manifest:
        if Path(p) != path:
            raise ManifestError("cannot read", (Finding(str(p), 1, 1, "error", "file not found", "$", "io"),))
        return manifest

    monkeypatch.setattr(plugin.validation, "load_manifest", load)
    conn = sqlite3.connect(tmp_path / "shop.db")
    ensure_schema(conn)
    for n in range(3):
        queue_email(conn, make_email(n))
    queue_email(conn, make_email(50, archival=True))
    conn.commit()
    conn.close()
    return path, manifest


def test_send_delivers_the_outbox_and_prints_json(manifest_file: Any, capsys: pytest.CaptureFixture) -> None:
    path, _ = manifest_file
    assert main(["emails", "send", str(path), "--format", "json", "--limit", "2"]) == 0
    out, err = capsys.readouterr()
    expected = {"sent": 2, "failed": 0, "held": 0, "queued": 2, "failed_in_outbox": 0, "retrying": 0, "errors": []}
    assert json.loads(out) == expected
    assert "emails: " not in err  # progress only on a terminal
    assert main(["emails", "send", str(path), "--format", "json"]) == 0
    expected = {"sent": 1, "failed": 0, "held": 1, "queued": 0, "failed_in_outbox": 0, "retrying": 0, "errors": []}
    assert json.loads(capsys.readouterr().out) == expected
    assert len(list((path.parent / "outbox").glob("*.eml"))) == 3


def test_send_text_output_names_the_counts(manifest_file: Any, capsys: pytest.CaptureFixture) -> None:
    path, _ = manifest_file
    assert main(["emails", "send", str(path)]) == 0
    assert capsys.readouterr().out.startswith("sent 3, failed 0, held 1")


def test_preview_sample_writes_three_files(manifest_file: Any, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path, _ = manifest_file
    out = tmp_path / "preview"
    assert main(["emails", "preview", str(path), "--sample", "--out", str(out), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    html, text, eml = Path(result["html"]), Path(result["text"]), Path(result["eml"])
    assert html.parent == out and html.read_text(encoding="utf-8").lstrip().startswith("<!DOCTYPE html>")
    assert text.read_text(encoding="utf-8").startswith("Subject: Potwierdzenie")
    parsed = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert str(parsed["Message-ID"]).strip() == result["message_id"]  # a long id is folded onto its own line


def test_preview_by_order_number_uses_the_queued_context(
    manifest_file: Any, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path, _ = manifest_file
    email = make_email(1)
    args = ["emails", "preview", str(path), "--order", email.context["order"]["number"], "--out", str(tmp_path / "p")]
    assert main([*args, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["message_id"] == email.message_id
    assert email.checkout_form_id in Path(result["text"]).read_text(encoding="utf-8")
    assert main(["emails", "preview", str(path), "--order", str(email.checkout_form_id), "--out", str(tmp_path)]) == 0


def test_preview_of_an_unknown_order_is_a_clear_error(manifest_file: Any, capsys: pytest.CaptureFixture) -> None:
    path, _ = manifest_file
    assert main(["emails", "preview", str(path), "--order", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no email for order 'nope'" in err and "--sample" in err and "Traceback" not in err


def test_an_unusable_manifest_exits_2_with_its_findings(manifest_file: Any, capsys: pytest.CaptureFixture) -> None:
    assert main(["emails", "send", "other.yaml"]) == 2
    err = capsys.readouterr().err
    assert "other.yaml:1:1: error: file not found" in err


def test_emails_without_a_subcommand_prints_usage(capsys: pytest.CaptureFixture) -> None:
    assert main(["emails"]) == 2
    assert "preview" in capsys.readouterr().err
