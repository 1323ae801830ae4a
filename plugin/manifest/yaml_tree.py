"""YAML → plain data that remembers where every key and value was written.

PyYAML's constructor forgets positions, keeps the last of two duplicate keys and expands aliases without
bound, so we compose the node tree (safe, C-accelerated when available) and build the data ourselves.
YAML 1.1 surprises (``yes``/``on``/``no`` read as booleans, also as keys) are reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from plugin.manifest.findings import Finding
from plugin.manifest.paths import Path_, json_path

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_TRUE_FALSE = {"true", "false"}
_TRUTHY = {"yes", "y", "on"}
#: Nodes built in total, aliases counted every time they are expanded: a "billion laughs" stops here.
MAX_NODES = 100_000


@dataclass
class YamlDoc:
    """The loaded data plus positions (1-based line, column) of each value and of each mapping key."""

    data: Any = None
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` was written (its key when ``key``), falling back to the nearest written parent."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


class _TooLarge(Exception):
    """Raised inside the walk when aliases expand beyond ``MAX_NODES``."""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.doc = YamlDoc()
        self.count = 0
        self.active: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, node: yaml.Node, path: Path_, message: str, code: str) -> None:
        line, col = _mark(node)
        self.doc.findings.append(Finding(self.file, line, col, "error", message, json_path(path), code))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        self.doc.values.setdefault(path, _mark(node))
        if id(node) in self.active:
            self.error(node, path, "An alias refers to itself (a recursive anchor); remove the loop.", "yaml-alias")
            return None
        self.active.add(id(node))
        try:
            return _BUILDERS[type(node)](self, node, path)
        finally:
            self.active.discard(id(node))

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.error(node, path, f"The YAML tag {node.tag} is not supported here; remove it.", "yaml-tag")
            return node.value
        if node.tag == f"{_TAG}bool" and not node.style and node.value.lower() not in _TRUE_FALSE:
            self.error(
                node,
                path,
                f"YAML 1.1 reads {node.value!r} as the boolean {str(node.value.lower() in _TRUTHY).lower()}; "
                f"write true or false, or quote it if you mean the text.",
                "yaml-bool",
            )
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            if node.tag == f"{_TAG}timestamp":  # looks like a date but is none (2026-13-01): text, for the schema
                return node.value
            self.error(node, path, f"Cannot read the value {node.value!r}: {exc}.", "yaml-value")
            return node.value
        if isinstance(value, dt.datetime):
            return value.isoformat()  # not a date: the schema's ``format: date`` will say so
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def sequence(self, node: yaml.SequenceNode, path: Path_) -> list[Any]:
        return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]

    def key_name(self, node: yaml.Node, path: Path_) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, "A key must be plain text, not a list or mapping.", "yaml-key")
            return None
        if node.tag == f"{_TAG}bool" and not node.style:
            self.error(
                node,
                (*path, str(node.value)),
                f"YAML 1.1 reads the key {node.value!r} as a boolean, not as text; quote it "
                f"('{node.value}':) or use another key (rules use events:).",
                "yaml-bool",
            )
        elif node.tag == f"{_TAG}null":
            self.error(node, path, "A key is empty (null); give it a name.", "yaml-key")
            return None
        return str(node.value)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        merged: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                for name, value in self.merge(value_node, path).items():
                    if name not in seen:
                        result[name] = value
                        merged.add(name)
                continue
            name = self.key_name(key_node, path)
            if name is None:
                continue
            child = (*path, name)
            if name in seen:
                self.error(
                    key_node,
                    child,
                    f"Duplicate key {name!r} (first written on line {seen[name]}); YAML would silently keep "
                    f"the last one. Remove one of them.",
                    "duplicate-key",
                )
                continue
            seen[name] = key_node.start_mark.line + 1
            if name in merged:  # an explicit key overrides one merged in with <<
                merged.discard(name)
                self.doc.values.pop(child, None)
            self.doc.keys[child] = _mark(key_node)
            result[name] = self.build(value_node, child)
        return result

    def merge(self, node: yaml.Node, path: Path_) -> dict[str, Any]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self.error(source, path, "A merge key (<<) needs a mapping or a list of mappings.", "yaml-merge")
                continue
            for name, value in self.build(source, path).items():
                merged.setdefault(name, value)
        return merged


_BUILDERS = {
    yaml.ScalarNode: _Builder.scalar,
    yaml.SequenceNode: _Builder.sequence,
    yaml.MappingNode: _Builder.mapping,
}


def _syntax_finding(file: str, exc: yaml.YAMLError, text: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: the reader knows only its offset
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        message = f"The file contains the control character {exc.character!r}; is it binary? Remove it."
        return Finding(file, line, col, "error", message, "$", "yaml")
    lines = text.splitlines()
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = row[: len(row) - len(row.lstrip(" \t"))]
    if "\t" in indent:  # PyYAML says "found character '\t' that cannot start any token" or similar
        col = indent.index("\t") + 1
        message = f"Line {line} is indented with a tab; YAML indents with spaces only. Replace the tab with spaces."
        return Finding(file, line, col, "error", message, "$", "yaml")
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"{context}, {problem}" if context else problem
    return Finding(file, line, col, "error", f"YAML syntax error: {text}. Fix the YAML at this position.", "$", "yaml")


def load_yaml(text: str, file: str) -> YamlDoc:
    """Compose ``text`` and build plain data with positions; every problem becomes a finding, never raised."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return YamlDoc(findings=[_syntax_finding(file, exc, text)])
    except (RecursionError, MemoryError):
        return YamlDoc(findings=[Finding(file, 1, 1, "error", "The YAML is nested too deeply to read.", "$", "yaml")])
    if node is None:
        message = "The file holds no YAML document; start with `version: 1` (see examples/minimal.yaml)."
        return YamlDoc(findings=[Finding(file, 1, 1, "error", message, "$", "empty")])
    builder = _Builder(file)
    try:
        builder.doc.data = builder.build(node, ())
    except _TooLarge:
        message = (
            f"The YAML expands to more than {MAX_NODES:,} values (anchors and aliases repeated, a "
            f"'billion laughs' document?); a manifest is small: remove the repeated aliases."
        )
        return YamlDoc(findings=[Finding(file, *_mark(node), "error", message, "$", "yaml-alias")])
    except RecursionError:
        return YamlDoc(findings=[Finding(file, 1, 1, "error", "The YAML is nested too deeply to read.", "$", "yaml")])
    return builder.doc
