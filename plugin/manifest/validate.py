"""The manifest's own checks for one file: read → YAML with positions → ``${NAME}`` → schema → semantic
checks → parsed ``Manifest``. Nothing is raised half-way: every problem is a finding in the ``FileResult``.

The checks of the parts a manifest configures (its email templates) sit above this package, in
``plugin.validation``, which is what ``validate`` and every command loading a manifest call.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from plugin.manifest.findings import Finding
from plugin.manifest.result import FileResult

#: A manifest is a few kilobytes; anything bigger is a mistake (a log, a dump), refused before parsing.
MAX_BYTES = 1_000_000


def _read(path: Path, file: str) -> tuple[bytes | None, Finding | None, bool]:
    """The bytes, or a finding and whether the file was readable at all."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, _too_large(size, file), True
        return path.read_bytes(), None, True
    except IsADirectoryError:
        return None, Finding(file, 1, 1, "error", "This is a folder; give the manifest file.", "$", "unreadable"), False
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        message = f"Cannot read the file: {reason}. Check the path and its permissions."
        return None, Finding(file, 1, 1, "error", message, "$", "unreadable"), False


def _too_large(size: int, file: str) -> Finding:
    message = f"The file is {size:,} bytes; a manifest is a few kilobytes. Is this the right file?"
    return Finding(file, 1, 1, "error", message, "$", "too-large")


def _decode(raw: bytes, file: str) -> tuple[str | None, Finding | None]:
    if len(raw) > MAX_BYTES:
        return None, _too_large(len(raw), file)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line, col = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"The file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8."
        return None, Finding(file, line, col, "error", message, "$", "encoding")


def check_manifest(path: str | Path, *, env: Mapping[str, str] | None = None, data: bytes | None = None) -> FileResult:
    """The manifest's own findings, and the parsed manifest when there are none; ``data`` is the file's
    content when it was read elsewhere (standard input: relative paths are then resolved from here)."""
    from plugin.manifest.build import build_manifest
    from plugin.manifest.env import literal_secrets, substitute
    from plugin.manifest.json_schema import check_schema
    from plugin.manifest.semantic import check_semantics
    from plugin.manifest.yaml_tree import load_yaml

    env = os.environ if env is None else env
    file = str(path)
    source = Path(path)
    problem, readable = None, True
    if data is None:
        data, problem, readable = _read(source, file)
    text = None
    if data is not None:
        text, problem = _decode(data, file)
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
    manifest = None if any(f.is_error for f in findings) else build_manifest(doc.data, source, env)
    return FileResult(file, tuple(sorted(set(findings))), manifest, doc=doc)
