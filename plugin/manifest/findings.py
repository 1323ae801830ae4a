"""A finding: one problem in one file, with where it is and how to fix it. Every checker returns these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """Sorted by file, line, column: reporters print a file's findings in file order."""

    file: str
    line: int  # 1-based
    col: int  # 1-based
    severity: Severity
    message: str  # complete sentence(s) for the integrator, ending with the fix when there is one
    path: str = "$"  # JSON path of the field, e.g. ``$.sync.import_orders``
    code: str = "manifest"  # a stable short name for scripts: schema, duplicate-key, env-missing, …

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
