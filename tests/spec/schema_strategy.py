"""Hypothesis strategies made from a schema of Allegro's OpenAPI spec (not from the project's own models).

hypothesis-jsonschema 0.23.1 crashes with current hypothesis, so this is a small generator of our own for the
parts of JSON Schema the spec uses: ``$ref``, ``allOf`` (merged), ``nullable``, objects (required keys always,
optional ones sometimes, so optional objects go missing), arrays, enums, numbers with bounds, strings.

What the spec says only in prose is honoured where a real Allegro never breaks it — ``format: date-time`` and
the ``updatedAt`` fields are ISO times, ``Price.amount`` is a decimal string, ``format: uuid`` ids are UUIDs —
and nowhere else: every other string is hostile text (control characters, line breaks, 10 kB, RTL marks,
things shaped like email addresses and headers), and an enum sometimes gets a value Allegro may add tomorrow.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from tests.spec.all_of import merge_all_of, resolve

#: strings a buyer (or a bug upstream) can produce; each has broken a mail or CSV library somewhere
HOSTILE = (
    "",
    " ",
    "@\x07",
    "ÀoI…",
    "Zażółć gęślą jaźń",
    "jan.kowalski@example.pl",
    "a@b",
    "x@allegromail.pl\r\nBcc: ofiara@example.com",
    "=?utf-8?q?Bcc=3A_x?=",
    '"Jan" <jan@example.pl>',
    "<script>alert(1)</script>",
    "\x00\x01\x1b[31m",
    "\u202eRTL\u202c",
    "🙂 Ćma",
    "x" * 10_000,
    "ą" * 5_000,
    "line\nbreak",
    "tab\there",
)
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)  # inside a demo shop's connected window


def iso_times() -> st.SearchStrategy[str]:
    """Times as Allegro writes them (milliseconds, Z), over the ten days from ``START``."""
    return st.integers(0, 10 * 24 * 3600 * 1000).map(
        lambda ms: (START + timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    )


def amounts() -> st.SearchStrategy[str]:
    """``Price.amount``: "provided in a string format", a decimal — sometimes 0, sometimes large."""
    return st.one_of(
        st.decimals(Decimal("0"), Decimal("99999.99"), places=2).map(lambda d: f"{d:.2f}"),
        st.sampled_from(["0", "0.00", "1", "12.5", "1000000.00"]),
    )


def uuids() -> st.SearchStrategy[str]:
    return st.integers(0, 2**128 - 1).map(lambda n: str(uuid.UUID(int=n, version=4)))


#: (schema name, property) → strategy, for what the spec states in prose only
PROSE: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("Price", "amount"): amounts(),
    ("CheckoutForm", "updatedAt"): iso_times(),
    ("Price", "currency"): st.sampled_from(["PLN", "PLN", "EUR", "CZK", "HUF"]),
}


class SchemaStrategies:
    """``for_schema(name)`` — strategies for the named component schema of an OpenAPI document."""

    def __init__(self, spec: dict[str, Any], *, max_items: int = 3, unknown_enums: bool = True) -> None:
        self.schemas: dict[str, Any] = spec["components"]["schemas"]
        self.max_items = max_items
        self.unknown_enums = unknown_enums
        self._named: dict[str, st.SearchStrategy[Any]] = {}

    def for_schema(self, name: str) -> st.SearchStrategy[Any]:
        if name not in self._named:
            self._named[name] = st.deferred(lambda: self._build(self.schemas[name], name))
        return self._named[name]

    # ---------------------------------------------------------------------------------------------------------
    def _of(self, schema: dict[str, Any], owner: str, prop: str) -> st.SearchStrategy[Any]:
        if (owner, prop) in PROSE:
            return PROSE[(owner, prop)]
        if "$ref" in schema:
            resolved, name = resolve(self.schemas, schema)
            if "properties" in resolved or "allOf" in resolved:
                return self.for_schema(name)
            return self._build(resolved, name)
        return self._build(schema, owner)

    def _build(self, schema: dict[str, Any], owner: str) -> st.SearchStrategy[Any]:
        if "allOf" in schema:
            named = [b["$ref"].split("/")[-1] for b in schema["allOf"] if "$ref" in b]
            owner = named[0] if named else owner
            schema = merge_all_of(self.schemas, schema)
        base = self._plain(schema, owner)
        return st.one_of(st.none(), base) if schema.get("nullable") else base

    def _plain(self, schema: dict[str, Any], owner: str) -> st.SearchStrategy[Any]:
        if "oneOf" in schema or "anyOf" in schema:
            return st.one_of([self._of(s, owner, "") for s in schema.get("oneOf") or schema["anyOf"]])
        if "enum" in schema:
            known = st.sampled_from(schema["enum"])
            if self.unknown_enums and schema.get("type", "string") == "string":
                return st.one_of(known, known, known, st.sampled_from(["NEW_IN_2027", "unknown", ""]))
            return known
        kind = schema.get("type") or ("object" if "properties" in schema else "string")
        if kind == "object":
            return self._object(schema, owner)
        if kind == "array":
            low = schema.get("minItems", 0)
            items = self._of(schema.get("items", {}), owner, "")
            return st.lists(items, min_size=low, max_size=max(low, self.max_items))
        return _scalar(schema, kind)

    def _object(self, schema: dict[str, Any], owner: str) -> st.SearchStrategy[dict[str, Any]]:
        props: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {name: self._of(sub, owner, name) for name, sub in props.items() if name in required},
            optional={name: self._of(sub, owner, name) for name, sub in props.items() if name not in required},
        )


def _scalar(schema: dict[str, Any], kind: str) -> st.SearchStrategy[Any]:
    whole = schema.get("format") in ("integer", "int32", "int64")
    if kind in ("number", "integer"):
        low, high = schema.get("minimum", 0 if whole else -1000), schema.get("maximum", 10_000)
        if kind == "integer" or whole:
            return st.integers(int(low), int(high))
        return st.floats(float(low), float(high), allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    by_format = {"date-time": iso_times, "uuid": uuids}
    if schema.get("format") in by_format:
        return by_format[schema["format"]]()
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if low or high is not None:
        return TEXT.filter(lambda s: low <= len(s) and (high is None or len(s) <= high))
    return TEXT
