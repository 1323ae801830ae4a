"""``${NAME}`` reads an environment variable at load time, so secrets stay out of the manifest.

A missing variable is an error at the value that names it; a secret written literally is a warning (except
the simulator's credentials under ``environment: local``, which are not secrets). ``$${`` writes a literal ``${``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from plugin.manifest.findings import Finding
from plugin.manifest.paths import Path_, json_path
from plugin.manifest.yaml_tree import YamlDoc

_REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}|\$\{([^}]*)$")  # the last: a reference never closed
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Keys whose value is a secret: never echoed in a message, and a warning when written literally.
SECRET_KEYS = frozenset({"client_secret", "password", "webapi_key", "token"})


def substitute(doc: YamlDoc, env: Mapping[str, str], file: str) -> set[Path_]:
    """Replace ``${NAME}`` in every string of ``doc.data`` in place; returns the paths that used a variable."""
    used: set[Path_] = set()
    doc.data = _Substitution(doc, env, file, used).walk(doc.data, ())
    return used


class _Substitution:
    def __init__(self, doc: YamlDoc, env: Mapping[str, str], file: str, used: set[Path_]) -> None:
        self.doc, self.env, self.file, self.used = doc, env, file, used

    def walk(self, value: Any, path: Path_) -> Any:
        if isinstance(value, dict):
            return {key: self.walk(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.walk(item, (*path, index)) for index, item in enumerate(value)]
        if not isinstance(value, str) or "$" not in value:
            return value
        return _REFERENCE.sub(lambda match: self.replace(match, path), value)

    def replace(self, match: re.Match[str], path: Path_) -> str:
        if match.group(0) == "$${":
            return "${"
        self.used.add(path)
        if match.group(1) is None:
            name = match.group(2)
            message = f"${{{name} has no closing brace; write ${{{name}}}" + (
                "." if _NAME.match(name) else " with a variable name of letters, digits and _ (e.g. ${SMTP_PASSWORD})."
            )
            self.report(path, message, "env-unclosed")
            return ""
        name = match.group(1)
        if not _NAME.match(name):
            message = f"${{{name}}} is not a variable name; use letters, digits and _ (e.g. ${{SMTP_PASSWORD}})."
            self.report(path, message, "env-name")
            return ""
        if name not in self.env:
            message = (
                f"The environment variable {name} is not set; export it (e.g. in the CI job's env: or a "
                f"secret) or write the value here."
            )
            self.report(path, message, "env-missing")
            return ""
        return self.env[name]

    def report(self, path: Path_, message: str, code: str) -> None:
        line, col = self.doc.position(path)
        self.doc.findings.append(Finding(self.file, line, col, "error", message, json_path(path), code))


def literal_secrets(doc: YamlDoc, used: set[Path_], file: str) -> list[Finding]:
    """Warn about secrets written into the file; the simulator's (``environment: local``) are exempt."""
    data = doc.data if isinstance(doc.data, dict) else {}
    allegro = data.get("allegro")
    local = isinstance(allegro, dict) and allegro.get("environment") == "local"
    findings = []
    for path in _secret_paths(data, ()):
        if path in used or (local and path[0] == "allegro") or path[-1] == "webapi_key":
            continue
        line, col = doc.position(path)
        message = (
            f"The secret {path[-1]} is written in the file; anyone who reads the repository can use it. "
            f"Write ${{{_variable_for(path)}}} and set that environment variable."
        )
        findings.append(Finding(file, line, col, "warning", message, json_path(path), "literal-secret"))
    return findings


_VARIABLE_PREFIX = {"transport": "SMTP", "backend": "SHOPER", "allegro": "ALLEGRO"}


def _variable_for(path: Path_) -> str:
    parent = str(path[-2]) if len(path) > 1 else ""
    return f"{_VARIABLE_PREFIX.get(parent, parent.upper())}_{str(path[-1]).upper()}".lstrip("_")


def _secret_paths(value: Any, path: Path_) -> list[Path_]:
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if key in SECRET_KEYS and isinstance(item, str) and item:
                found.append((*path, key))
            else:
                found.extend(_secret_paths(item, (*path, key)))
        return found
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _secret_paths(item, (*path, index))]
    return []
