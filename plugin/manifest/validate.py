"""The pipeline for one manifest file: read → YAML with positions → ``${NAME}`` → schema → semantic checks
→ parsed ``Manifest`` (+ the email templates' own checks). Nothing is raised half-way: every problem is a
finding in the ``FileResult``; only ``load_manifest`` turns errors into a ``ManifestError``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from plugin.exceptions import ManifestError
from plugin.manifest.findings import Finding
from plugin.manifest.model import Manifest
from plugin.manifest.paths import json_path
from plugin.manifest.result import FileResult
from plugin.manifest.yaml_tree import YamlDoc

#: A manifest is a few kilobytes; anything bigger is a mistake (a log, a dump), refused before parsing.
MAX_BYTES = 1_000_000


def _read(path: Path, file: str) -> tuple[str | None, Finding | None, bool]:
    """The text, or a finding and whether the file was readable at all."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"The file is {size:,} bytes; a manifest is a few kilobytes. Is this the right file?"
            return None, Finding(file, 1, 1, "error", message, "$", "too-large"), True
        raw = path.read_bytes()
    except IsADirectoryError:
        return None, Finding(file, 1, 1, "error", "This is a folder; give the manifest file.", "$", "unreadable"), False
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        message = f"Cannot read the file: {reason}. Check the path and its permissions."
        return None, Finding(file, 1, 1, "error", message, "$", "unreadable"), False
    try:
        return raw.decode("utf-8-sig"), None, True
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line, col = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"The file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8."
        return None, Finding(file, line, col, "error", message, "$", "encoding"), True


def _template_findings(manifest: Manifest, doc: YamlDoc, file: str) -> list[Finding]:
    """The email module's checks (templates render, email warnings), when that module is built; its
    findings about the manifest itself are moved to the line of the field they name."""
    try:
        from plugin.emails.check import check_templates
    except ImportError:
        return []
    try:
        found = list(check_templates(manifest))
    except Exception as exc:  # a bug there must not become a traceback here; say where it came from
        message = f"The email template checks failed ({type(exc).__name__}: {exc}); please report this."
        return [Finding(file, *doc.position(("email",), key=True), "error", message, "$.email", "email-check")]
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


def validate_file(path: str | Path, *, env: Mapping[str, str] | None = None) -> FileResult:
    """Every finding of the manifest at ``path``, and the parsed manifest when there are no errors."""
    from plugin.manifest.build import build_manifest
    from plugin.manifest.env import literal_secrets, substitute
    from plugin.manifest.json_schema import check_schema
    from plugin.manifest.semantic import check_semantics
    from plugin.manifest.yaml_tree import load_yaml

    env = os.environ if env is None else env
    file = str(path)
    source = Path(path)
    text, problem, readable = _read(source, file)
    if text is None:
        return FileResult(file, (problem,) if problem else (), None, readable)
    doc = load_yaml(text, file)
    if any(f.code in ("yaml", "yaml-alias", "empty") for f in doc.findings):
        return FileResult(file, tuple(sorted(doc.findings)), None)
    if not isinstance(doc.data, dict):
        kind = "nothing (null)" if doc.data is None else f"a {type(doc.data).__name__}"
        message = f"The manifest must be a mapping of keys (version:, shop:, allegro: …), not {kind}."
        found = Finding(file, *doc.position(()), "error", message, "$", "not-a-mapping")
        return FileResult(file, tuple(sorted({*doc.findings, found})), None)
    used = substitute(doc, env, file)
    unset = {f.path for f in doc.findings if f.code.startswith("env-")}  # one finding per unset variable
    schema_findings = [f for f in check_schema(doc, file) if f.path not in unset]
    findings = [*doc.findings, *literal_secrets(doc, used, file), *schema_findings]
    findings += check_semantics(doc, file, source.resolve().parent)
    manifest = None
    if not any(f.is_error for f in findings):
        manifest = build_manifest(doc.data, source, env)
        extra = _template_findings(manifest, doc, file)
        if any(f.path == "$.email.sender" and not f.is_error for f in extra):  # the same advice, once
            findings = [f for f in findings if f.code != "sender"]
        findings += extra
        if any(f.is_error for f in findings):
            manifest = None
    return FileResult(file, tuple(sorted(set(findings))), manifest)


def load_manifest(path: str | Path, *, env: Mapping[str, str] | None = None) -> Manifest:
    """The parsed manifest at ``path``; raises ``ManifestError`` carrying every finding if it has errors."""
    result = validate_file(path, env=env)
    if result.manifest is None:
        errors = result.errors or result.findings
        lines = result.text_lines()
        summary = "\n".join(lines[:20]) + (f"\n… and {len(lines) - 20} more" if len(lines) > 20 else "")
        raise ManifestError(f"{path}: {len(errors)} error(s) in the manifest:\n{summary}", result.findings)
    return result.manifest
