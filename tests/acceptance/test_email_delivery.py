"""Delivery failures a shop owner meets first: a mail server that is not running, an outbox path that is a file."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import run_cli


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _with_transport(files: DemoFiles, transport: str) -> Path:
    text = files.manifest.read_text(encoding="utf-8")
    old = "transport: {type: outbox, path: ./outbox}"
    assert old in text
    changed = files.folder / "changed.yaml"
    changed.write_text(text.replace(old, f"transport: {transport}"), encoding="utf-8")
    return changed


def _queue_emails(files: DemoFiles, manifest: Path, capsys) -> None:
    """A run with a transport that cannot deliver leaves the emails queued, and exits 1 (partial) so that a
    cron job or CI notices: the orders are in, the emails are not out."""
    code, out, _ = run_cli(capsys, "run", str(manifest), "--format", "json")
    report = json.loads(out)
    assert report["emails_queued"] > 0 and report["emails_sent"] == 0 and report["errors"]
    assert code == 1


def test_smtp_server_down_says_which_settings_to_check(shop: DemoFiles, capsys, monkeypatch) -> None:
    from plugin.emails import transports
    from plugin.emails.transports.smtp import SmtpSender

    monkeypatch.setitem(transports.OPENERS, "smtp", lambda config: SmtpSender(config, sleep=lambda _: None))
    port = _closed_port()
    manifest = _with_transport(shop, f"{{type: smtp, host: 127.0.0.1, port: {port}, security: none, timeout: 2}}")
    _queue_emails(shop, manifest, capsys)
    code, out, _ = run_cli(capsys, "emails", "send", str(manifest), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["retrying"] == 1 and report["failed"] == 0 and report["sent"] == 0
    assert f"127.0.0.1:{port}" in report["errors"][0] and "email.transport.host" in report["errors"][0]


def test_outbox_path_naming_a_file_says_to_point_it_at_a_folder(shop: DemoFiles, capsys) -> None:
    manifest = _with_transport(shop, "{type: outbox, path: ./catalog.csv}")
    _queue_emails(shop, manifest, capsys)
    code, out, _ = run_cli(capsys, "emails", "send", str(manifest), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["retrying"] >= 1
    assert "email.transport.path names a file" in report["errors"][0]
