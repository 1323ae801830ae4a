"""Validating a manifest in full: the manifest's own checks (``plugin.manifest``), then the checks of the email
templates it enables (``plugin.emails.check``), whose findings about the manifest are moved to the line of the
field they name. ``validate`` reports from ``validate_file``; every other command calls ``load_manifest``.

This sits above ``manifest`` and ``emails`` so that neither imports the other; it loads no engine or shop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from plugin.emails import check as email_check
from plugin.exceptions import ManifestError
from plugin.manifest.findings import Finding
from plugin.manifest.model import Manifest
from plugin.manifest.paths import json_path
from plugin.manifest.result import FileResult
from plugin.manifest.validate import check_manifest
from plugin.manifest.yaml_tree import YamlDoc


def _placed(found: list[Finding], manifest: Manifest, doc: YamlDoc, file: str) -> list[Finding]:
    """Findings about the manifest itself, moved to the line of the nearest field they name."""
    written = {json_path(path): path for path in doc.values}
    moved = []
    for finding in found:
        if manifest.source is not None and finding.file == str(manifest.source):
            path = finding.path
            while path not in written and len(path) > 1:
                path = path.rsplit(".", 1)[0] if "." in path[1:] else "$"
            line, col = doc.position(written.get(path, ()), key=True)
            moved.append(replace(finding, file=file, line=line, col=col))
        else:
            moved.append(finding)
    return moved


def validate_file(path: str | Path, *, env: Mapping[str, str] | None = None, data: bytes | None = None) -> FileResult:
    """Every finding of the manifest at ``path`` (``data``: its content, read elsewhere), and the parsed
    manifest when there are no errors."""
    result = check_manifest(path, env=env, data=data)
    if result.manifest is None or result.doc is None:
        return result
    try:
        extra = _placed(email_check.check_templates(result.manifest), result.manifest, result.doc, result.file)
    except Exception as exc:  # a bug there must not become a traceback here; say where it came from
        message = f"The email template checks failed ({type(exc).__name__}: {exc}); please report this."
        extra = [
            Finding(result.file, *result.doc.position(("email",), key=True), "error", message, "$.email", "email-check")
        ]
    findings = tuple(sorted({*result.findings, *extra}))
    manifest = None if any(f.is_error for f in findings) else result.manifest
    return replace(result, findings=findings, manifest=manifest)


def load_manifest(path: str | Path, *, env: Mapping[str, str] | None = None) -> Manifest:
    """The parsed manifest at ``path``; raises ``ManifestError`` carrying every finding if it has errors."""
    result = validate_file(path, env=env)
    if result.manifest is None:
        errors = result.errors or result.findings
        lines = result.text_lines()
        summary = "\n".join(lines[:20]) + (f"\n… and {len(lines) - 20} more" if len(lines) > 20 else "")
        raise ManifestError(f"{path}: {len(errors)} error(s) in the manifest:\n{summary}", result.findings)
    return result.manifest
