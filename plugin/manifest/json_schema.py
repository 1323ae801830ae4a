"""The JSON Schema check: one compiled validator per process; each error becomes a finding at its node.

``required`` errors point at the mapping that lacks the key, ``additionalProperties`` at the unknown key,
everything else at the value. Messages are rewritten from a table by validator keyword so they name the
field, what is allowed and the fix, and never echo a secret.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

from plugin.manifest.env import SECRET_KEYS
from plugin.manifest.findings import Finding
from plugin.manifest.paths import Path_, dotted, json_path
from plugin.manifest.schema_quick import conforms
from plugin.manifest.suggest import did_you_mean, one_of
from plugin.manifest.uri import is_uri
from plugin.manifest.yaml_tree import YamlDoc
from plugin.resources import SCHEMA_PATH

#: Keys that have their own, more helpful finding in the semantic checks.
EXPLAINED_ELSEWHERE = frozenset({"webapi_key"})
_SAME_FIX = {"schema-format": "shape", "schema-pattern": "shape"}
_TYPE_NAMES = {"boolean": "true or false", "string": "text", "integer": "a whole number", "object": "a mapping"}
_TYPE_NAMES |= {"array": "a list", "number": "a number", "null": "nothing"}
_YAML_WORDS = {"tak": "true", "nie": "false", "prawda": "true", "fałsz": "false"}


def _import_jsonschema() -> Any:
    """Import jsonschema without ``rfc3987_syntax`` where it is installed: it builds a grammar for a second at
    import, and only serves the ``iri`` formats our schema never uses. Other importers afterwards get the real
    module."""
    blocked = "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema
    finally:
        if blocked and sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


@functools.cache
def load_schema() -> dict[str, Any]:
    """The manifest's schema (``schema/manifest.schema.json``), read once."""
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def validator() -> Any:
    """The compiled Draft 2020-12 validator, with the format checker (formats are checked only with one)."""
    jsonschema = _import_jsonschema()
    formats = jsonschema.FormatChecker(["date", "email"])  # the standard library's date, a plain "@" check
    formats.checks("uri")(is_uri)
    return jsonschema.Draft202012Validator(load_schema(), format_checker=formats)


def check_schema(doc: YamlDoc, file: str) -> list[Finding]:
    """Every schema error of ``doc.data`` as a finding, deduplicated, in no particular order. A manifest that
    certainly conforms is answered without importing jsonschema (``schema_quick``)."""
    if conforms(doc.data, load_schema()):
        return []
    findings: dict[tuple[str, str], Finding] = {}
    for error in validator().iter_errors(doc.data):
        for finding in _to_findings(error, doc, file):
            kind = _SAME_FIX.get(finding.code, finding.message)  # format and pattern say the same thing
            findings.setdefault((finding.path, kind), finding)
    return list(findings.values())


def _to_findings(error: Any, doc: YamlDoc, file: str) -> Iterator[Finding]:
    path: Path_ = tuple(error.absolute_path)
    names_a_key = "propertyNames" in error.absolute_schema_path
    if names_a_key:  # jsonschema reports a bad key at its mapping; point at the key itself
        path = (*path, str(error.instance))
    if path and path[-1] in EXPLAINED_ELSEWHERE:
        return
    describe = _MESSAGES.get(error.validator, _generic)
    for where, message in describe(error, path):
        if where and where[-1] in EXPLAINED_ELSEWHERE:
            continue
        as_key = names_a_key or error.validator in ("additionalProperties", "required") or _is_container(doc, where)
        line, col = doc.position(where, key=as_key)
        yield Finding(file, line, col, "error", message, json_path(where), f"schema-{error.validator}")


def _is_container(doc: YamlDoc, path: Path_) -> bool:
    value: Any = doc.data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(value, dict | list)


Described = Iterator[tuple[Path_, str]]


def _show(path: Path_, value: Any) -> str:
    if path and path[-1] in SECRET_KEYS:
        return "the value"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def _title(error: Any) -> str:
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    return f" ({title})" if title else ""


def _required(error: Any, path: Path_) -> Described:
    match = re.match(r"^'(.+)' is a required property", error.message)
    names = [match.group(1)] if match else [n for n in error.validator_value if n not in error.instance]
    props = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    for name in names:
        hint = props.get(name, {}).get("description", "") if isinstance(props.get(name), dict) else ""
        yield path, f"{dotted(path)} lacks the required key {name!r}; add it. {hint}".strip()


def _additional(error: Any, path: Path_) -> Described:
    known = list(error.schema.get("properties", {}))
    for key in error.instance:
        if key in known:
            continue
        yield (
            (*path, key),
            f"Unknown key {key!r} in {dotted(path)}.{did_you_mean(str(key), known)} Known keys: {one_of(known)}.",
        )


def _enum(error: Any, path: Path_) -> Described:
    allowed = [str(v) for v in error.validator_value]
    value = error.instance
    place = dotted(path)
    if path and error.instance == path[-1]:  # propertyNames: the key itself is not allowed
        place = f"a key of {dotted(path[:-1])}"
    hint = did_you_mean(str(value), allowed)
    yield path, f"{_show(path, value)} is not allowed as {place}.{hint} Use one of: {one_of(allowed)}."


def _type(error: Any, path: Path_) -> Described:
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
    hint = ""
    if "boolean" in expected and isinstance(error.instance, str) and error.instance.lower() in _YAML_WORDS:
        hint = f" Write {_YAML_WORDS[error.instance.lower()]} (YAML booleans are true/false)."
    elif "string" in expected and isinstance(error.instance, int | float | bool):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        if key == "postal_code" and isinstance(error.instance, int) and 0 <= error.instance < 100_000:
            digits = f"{error.instance:05d}"
            hint = f' A Polish postal code is text written NN-NNN: postal_code: "{digits[:2]}-{digits[2:]}".'
        elif key in _PATTERN_HINTS:
            hint = f" It must be {_PATTERN_HINTS[key]}, in quotes."
        else:
            hint = " Quote it if you mean the text."
    yield path, f"{dotted(path)}{_title(error)} must be {wanted}, not {_show(path, error.instance)}.{hint}"


_FORMAT_HINTS = {
    "date": "a date written YYYY-MM-DD (a time of day is not allowed)",
    "email": "an email address such as sklep@example.pl",
    "uri": "an absolute address such as https://sklep.example.pl",
}


def _format(error: Any, path: Path_) -> Described:
    wanted = _FORMAT_HINTS.get(error.validator_value, f"a valid {error.validator_value}")
    yield path, f"{dotted(path)}{_title(error)} must be {wanted}, not {_show(path, error.instance)}."


_PATTERN_HINTS = {
    "postal_code": "a Polish postal code NN-NNN, e.g. 30-001",
    "url": "an http:// or https:// address",
    "api_url": "an http:// or https:// address",
    "logo_url": "an http:// or https:// address",
    "account_url": "an http:// or https:// address",
    "handlers": "a handler name in lower_snake_case",
    "offers": "an offer id (digits only)",
}


def _pattern(error: Any, path: Path_) -> Described:
    named = [p for p in path if isinstance(p, str)][-2:]  # a key's pattern is named by its mapping
    hints = [_PATTERN_HINTS[p] for p in reversed(named) if p in _PATTERN_HINTS]
    wanted = hints[0] if hints else f"text matching {error.validator_value}"
    yield path, f"{dotted(path)}{_title(error)} must be {wanted}, not {_show(path, error.instance)}."


def _not(error: Any, path: Path_) -> Described:
    yield path, f"{dotted(path)} does not apply with this `type`; remove it (or change `type`)."


def _const(error: Any, path: Path_) -> Described:
    yield path, f"{dotted(path)} must be {error.validator_value}, not {_show(path, error.instance)}."


def _bound(word: str) -> Callable[[Any, Path_], Described]:
    def describe(error: Any, path: Path_) -> Described:
        shown = _show(path, error.instance)
        yield path, f"{dotted(path)}{_title(error)} must be {word} {error.validator_value}, not {shown}."

    return describe


def _too_few(error: Any, path: Path_) -> Described:
    if error.validator == "minLength":
        yield path, f"{dotted(path)} must not be empty; write a value."
    else:
        yield path, f"{dotted(path)} needs at least {error.validator_value} entry; add one."


def _unique(error: Any, path: Path_) -> Described:
    yield path, f"{dotted(path)} lists the same value twice; remove the repetition."


def _generic(error: Any, path: Path_) -> Described:
    message = error.message if not (path and path[-1] in SECRET_KEYS) else "the value is not valid"
    yield path, f"{dotted(path)}: {message}."


_MESSAGES: dict[str | None, Callable[[Any, Path_], Described]] = {
    "required": _required,
    "additionalProperties": _additional,
    "enum": _enum,
    "type": _type,
    "format": _format,
    "pattern": _pattern,
    "not": _not,
    "const": _const,
    "minimum": _bound("at least"),
    "maximum": _bound("at most"),
    "exclusiveMinimum": _bound("more than"),
    "minLength": _too_few,
    "minItems": _too_few,
    "minProperties": _too_few,
    "uniqueItems": _unique,
}
