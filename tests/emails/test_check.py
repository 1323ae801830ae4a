"""``check_templates``: what ``validate`` reports about the email part of a manifest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from plugin.emails.check import check_templates, enabled_templates
from plugin.emails.environment import clear_cache
from plugin.manifest.model import ArchivedOrdersEmailPolicy, SyncOptions

from .helpers import make_manifest


def codes(findings: list) -> list[str]:
    return [f.code for f in findings]


def production(manifest):
    return replace(manifest, allegro=replace(manifest.allegro, environment="production"))


def test_bundled_templates_give_only_the_allegro_notice_warning(tmp_path: Path) -> None:
    findings = check_templates(production(make_manifest(tmp_path)))
    assert all(f.severity == "warning" for f in findings)
    assert codes(findings) == ["allegro-duplicate-notice"]  # the sender's is the manifest check's, once
    assert "2 March 2026" in findings[0].message


def test_registration_only_renders_its_template_without_confirmation_warnings(tmp_path: Path) -> None:
    manifest = make_manifest(tmp_path, confirmation=False, registration=True)
    assert enabled_templates(manifest) == ("customer_registration",)
    assert check_templates(manifest) == []


def test_nothing_enabled_checks_nothing(tmp_path: Path) -> None:
    manifest = make_manifest(tmp_path, templates=tmp_path / "missing", confirmation=False, registration=False)
    assert check_templates(manifest) == []


@pytest.mark.parametrize(
    ("name", "text", "line", "needle"),
    [
        ("pl/order_confirmation.txt", "Dzień dobry\n\n\n{{ order.numer }}\n", 4, "numer"),
        ("en/order_confirmation.html", "<p>\n{% for item in items %}\n{{ item.name }}\n", 3, "syntax error"),
        ("base.html", "<html>\n{{ shop.nazwa }}\n{% block content %}{% endblock %}", 2, "nazwa"),
    ],
)
def test_a_broken_override_is_an_error_with_its_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, needle: str
) -> None:
    folder = tmp_path / "templates"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    clear_cache()
    errors = [f for f in check_templates(make_manifest(tmp_path, templates=folder)) if f.is_error]
    assert errors, "the broken override must be reported"
    assert {f.file for f in errors} == {str(folder / name)}
    assert all(f.line == line for f in errors)
    assert all(needle in f.message for f in errors)
    assert all(f.code == "email-template" for f in errors)


def test_a_multi_line_subject_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    (folder / "pl").mkdir(parents=True)
    (folder / "pl" / "customer_registration.subject.txt").write_text("Konto\n{{ shop.name }}\n", encoding="utf-8")
    clear_cache()
    findings = check_templates(make_manifest(tmp_path, templates=folder, confirmation=False))
    assert [f.message for f in findings if f.is_error] and "one line" in findings[0].message


def test_missing_templates_folder_is_an_error(tmp_path: Path) -> None:
    findings = check_templates(make_manifest(tmp_path, templates=tmp_path / "nope"))
    assert codes([f for f in findings if f.is_error]) == ["email-templates"]
    assert "nope" in findings[0].message


def test_emails_enabled_without_an_email_section_is_an_error(tmp_path: Path) -> None:
    manifest = replace(make_manifest(tmp_path), email=None)
    (finding,) = check_templates(manifest)
    assert finding.is_error and finding.path == "$.email" and "order_confirmation" in finding.message


def test_archival_send_without_a_limit_is_an_error(tmp_path: Path) -> None:
    manifest = make_manifest(tmp_path, archived=ArchivedOrdersEmailPolicy(send=True, max=None))
    errors = [f for f in check_templates(manifest) if f.is_error]
    assert codes(errors) == ["email-archived-max"]
    assert "max" in errors[0].message


def test_an_injected_sender_is_an_error(tmp_path: Path) -> None:
    manifest = make_manifest(tmp_path)
    assert manifest.email is not None
    bad = replace(manifest, email=replace(manifest.email, sender="sklep@example.pl\r\nBcc: x@y.pl"))
    errors = [f for f in check_templates(bad) if f.is_error]
    assert "email-address" in codes(errors)


def test_findings_point_at_the_manifest_file(tmp_path: Path) -> None:
    manifest = replace(production(make_manifest(tmp_path)), sync=SyncOptions(send_confirmation_email=True))
    assert {f.file for f in check_templates(manifest)} == {str(tmp_path / "manifest.yaml")}


def test_the_local_simulator_gets_no_allegro_relay_warnings(tmp_path: Path) -> None:
    manifest = make_manifest(tmp_path)
    assert manifest.allegro.environment == "local"
    assert check_templates(manifest) == []
