"""Reporters: how ``validate`` prints results, chosen by name from ``REPORTERS`` (text, json, github).

Each takes the results of all files and a stream; none decides the exit code.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TextIO

from plugin.manifest.result import FileResult


def report_text(results: Sequence[FileResult], out: TextIO) -> None:
    """``FILE:LINE:COL: error: MESSAGE (at $.path)``, every finding of each file in file order."""
    for result in results:
        for line in result.text_lines():
            out.write(line + "\n")


def report_json(results: Sequence[FileResult], out: TextIO) -> None:
    """One JSON object per file and line (JSON Lines), for scripts."""
    for result in results:
        record = {
            "file": result.file,
            "valid": result.valid,
            "readable": result.readable,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": [
                {
                    "file": f.file,  # a template's own file for a finding inside a template
                    "line": f.line,
                    "col": f.col,
                    "severity": f.severity,
                    "message": f.message,
                    "path": f.path,
                    "code": f.code,
                }
                for f in result.findings
            ],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(results: Sequence[FileResult], out: TextIO) -> None:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line of the diff."""
    for result in results:
        for f in result.findings:
            place = f"file={_escape_property(f.file)},line={f.line},col={f.col}"
            title = _escape_property(f"allegro-sync {f.path}")
            out.write(f"::{f.severity} {place},title={title}::{_escape_data(f.message)}\n")


REPORTERS: dict[str, Callable[[Sequence[FileResult], TextIO], None]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}


def exit_code(results: Sequence[FileResult], *, strict: bool = False) -> int:
    """0 valid (warnings allowed unless ``strict``), 1 invalid, 2 a file could not be read."""
    if any(not r.readable for r in results):
        return 2
    if any(r.errors or (strict and r.warnings) for r in results):
        return 1
    return 0
