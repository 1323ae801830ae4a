"""A yes/no answer to "does this manifest conform to the schema?" without importing jsonschema.

Most manifests ``validate`` sees are valid, and importing jsonschema (with referencing, attrs and rpds) is the
largest single cost of a run. This interprets the keywords our schema uses, conservatively: ``True`` only when
every keyword holds; anything it does not know, or is unsure of, answers ``False``, and then jsonschema
checks the manifest and words every error (``json_schema.check_schema``). So a wrong answer here could only
cost time, never hide an error, as long as ``True`` implies jsonschema finds nothing: a property test
checks exactly that against jsonschema on generated and mutated manifests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from plugin.manifest.uri import is_uri

#: Keywords that only annotate: they never make an instance invalid.
_ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "$schema", "$id", "$comment", "deprecated", "then", "else"}
)


class _Unsure(Exception):
    """A keyword or value this module does not judge: let jsonschema decide."""


def conforms(instance: Any, schema: Any) -> bool:
    """True only if ``instance`` certainly satisfies ``schema`` (False: unsure or invalid)."""
    try:
        return _conforms(instance, schema)
    except (_Unsure, RecursionError):
        return False


def _conforms(instance: Any, schema: Any) -> bool:
    if schema is True:
        return True
    if schema is False or not isinstance(schema, dict):
        return False if schema is False else _unsure()
    for keyword, argument in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        check = _KEYWORDS.get(keyword)
        if check is None:
            _unsure()
        if not check(instance, argument, schema):
            return False
    return True


def _unsure() -> bool:
    raise _Unsure


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or float(v).is_integer()),
}


def _type(instance: Any, argument: Any, _: dict) -> bool:
    names = argument if isinstance(argument, list) else [argument]
    return any(_TYPES.get(name, _unsure)(instance) for name in names)


def _equal(one: Any, other: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0, containers compare item by item."""
    if isinstance(one, bool) or isinstance(other, bool):
        return type(one) is type(other) and one == other
    if _is_number(one) and _is_number(other):
        return one == other
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(_equal(a, b) for a, b in zip(one, other, strict=True))
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(_equal(one[key], other[key]) for key in one)
    if type(one) is not type(other):
        return False
    return bool(one == other)


def _date(value: str) -> bool:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


_FORMATS: dict[str, Callable[[str], bool]] = {"date": _date, "email": lambda v: "@" in v, "uri": is_uri}


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _properties(instance: Any, argument: dict, _: dict) -> bool:
    if not isinstance(instance, dict):
        return True
    return all(_conforms(instance[key], sub) for key, sub in argument.items() if key in instance)


def _additional(instance: Any, argument: Any, schema: dict) -> bool:
    if not isinstance(instance, dict):
        return True
    if "patternProperties" in schema:
        _unsure()
    known = schema.get("properties", {})
    return all(_conforms(value, argument) for key, value in instance.items() if key not in known)


def _if(instance: Any, argument: Any, schema: dict) -> bool:
    branch = schema.get("then", True) if _conforms(instance, argument) else schema.get("else", True)
    return _conforms(instance, branch)


def _unique(instance: Any, argument: Any, _: dict) -> bool:
    if not argument or not isinstance(instance, list):
        return True
    return not any(_equal(a, b) for i, a in enumerate(instance) for b in instance[i + 1 :])


def _items(instance: Any, argument: Any, _: dict) -> bool:
    if isinstance(argument, list):
        _unsure()  # the old array form of items (prefixItems now)
    return not isinstance(instance, list) or all(_conforms(item, argument) for item in instance)


def _format(instance: Any, argument: Any, _: dict) -> bool:
    return not isinstance(instance, str) or _FORMATS.get(argument, lambda _: _unsure())(instance)


Check = Callable[[Any, Any, dict], bool]
_KEYWORDS: dict[str, Check] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": lambda i, a, _: not isinstance(i, dict) or all(key in i for key in a),
    "propertyNames": lambda i, a, _: not isinstance(i, dict) or all(_conforms(key, a) for key in i),
    "minProperties": lambda i, a, _: not isinstance(i, dict) or len(i) >= a,
    "enum": lambda i, a, _: any(_equal(i, option) for option in a),
    "const": lambda i, a, _: _equal(i, a),
    "not": lambda i, a, _: not _conforms(i, a),
    "allOf": lambda i, a, _: all(_conforms(i, sub) for sub in a),
    "anyOf": lambda i, a, _: any(_conforms(i, sub) for sub in a),
    "if": _if,
    "pattern": lambda i, a, _: not isinstance(i, str) or _regex(a).search(i) is not None,
    "format": _format,
    "minLength": lambda i, a, _: not isinstance(i, str) or len(i) >= a,
    "maxLength": lambda i, a, _: not isinstance(i, str) or len(i) <= a,
    "minimum": lambda i, a, _: not _is_number(i) or i >= a,
    "maximum": lambda i, a, _: not _is_number(i) or i <= a,
    "exclusiveMinimum": lambda i, a, _: not _is_number(i) or i > a,
    "exclusiveMaximum": lambda i, a, _: not _is_number(i) or i < a,
    "items": _items,
    "minItems": lambda i, a, _: not isinstance(i, list) or len(i) >= a,
    "maxItems": lambda i, a, _: not isinstance(i, list) or len(i) <= a,
    "uniqueItems": _unique,
}
