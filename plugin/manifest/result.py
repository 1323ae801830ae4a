"""The outcome of validating one file: its findings (in file order) and, when valid, the parsed manifest."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plugin.manifest.findings import Finding
from plugin.manifest.model import Manifest

if TYPE_CHECKING:
    from plugin.manifest.yaml_tree import YamlDoc


@dataclass(frozen=True)
class FileResult:
    """What reporters print and ``load_manifest`` raises from; ``readable`` is false when the file could
    not be read at all (missing, a folder, no permission), which the CLI reports with exit code 2."""

    file: str
    findings: tuple[Finding, ...]
    manifest: Manifest | None
    readable: bool = True
    doc: YamlDoc | None = field(default=None, compare=False, repr=False)  # the loaded YAML, for positions

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_error)

    @property
    def valid(self) -> bool:
        return self.readable and not self.errors

    def text_lines(self) -> list[str]:
        """``FILE:LINE:COL: error: MESSAGE (at $.path)`` for every finding."""
        return [f"{f.file}:{f.line}:{f.col}: {f.severity}: {f.message} (at {f.path})" for f in self.findings]
