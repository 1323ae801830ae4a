"""Allegro's OpenAPI spec as strict JSON Schemas: every object closed (``additionalProperties: false``),
``allOf`` merged, ``nullable`` honoured. A field the spec does not define, or a missing required one, fails.

Loaded once per session. The spec is the part of Allegro's that the project uses, kept in the repository
(``tests/spec/allegro-openapi-subset.yaml``, made by ``tests/spec/extract_allegro_spec.py``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jsonschema
import yaml

from tests.spec.all_of import merge_all_of

SPEC_PATH = Path(__file__).resolve().parents[1] / "spec" / "allegro-openapi-subset.yaml"
VENDOR = "application/vnd.allegro.public.v1+json"
# The spec says count/totalCount ≥ 1, but an empty listing answers 0 on real Allegro; that is allowed here.
# Statuses any resource may answer (Allegro's FAQ and API notes), though operations rarely list them.
GENERIC_STATUSES = {401, 406, 415, 429, 500, 502, 503}
RELAXED = {("CheckoutForms", "count"), ("CheckoutForms", "totalCount")}


class StrictSpec:
    def __init__(self, path: Path = SPEC_PATH) -> None:
        with open(path, encoding="utf-8") as handle:
            self.spec = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self.schemas: dict[str, Any] = self.spec["components"]["schemas"]
        self.definitions: dict[str, Any] = {}
        self.operations = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"), template, item)
            for template, item in self.spec["paths"].items()
        ]

    # --- schema conversion -----------------------------------------------------------------------------
    def _definition(self, name: str) -> str:
        if name not in self.definitions:
            self.definitions[name] = {}
            self.definitions[name] = self.strict(self.schemas[name], name)
        return f"#/definitions/{name}"

    def strict(self, schema: Any, owner: str = "") -> Any:
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            return {"$ref": self._definition(schema["$ref"].split("/")[-1])}
        if "allOf" in schema:
            schema = merge_all_of(self.schemas, schema)
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key in ("properties",):
                out[key] = {name: self._relaxed(owner, name, self.strict(sub)) for name, sub in value.items()}
            elif key in ("items", "additionalProperties", "not"):
                out[key] = self.strict(value) if isinstance(value, dict) else value
            elif key in ("oneOf", "anyOf"):
                out[key] = [self.strict(v) for v in value]
            elif key in (
                "type",
                "required",
                "enum",
                "minimum",
                "maximum",
                "minLength",
                "maxLength",
                "minItems",
                "maxItems",
                "pattern",
                "exclusiveMinimum",
                "exclusiveMaximum",
            ):
                out[key] = value
        if schema.get("nullable"):
            if "type" in out:
                out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        if "properties" in out and "additionalProperties" not in out and "oneOf" not in out and "anyOf" not in out:
            out["additionalProperties"] = False
        return out

    @staticmethod
    def _relaxed(owner: str, name: str, schema: Any) -> Any:
        if (owner, name) in RELAXED and isinstance(schema, dict):
            schema = {k: v for k, v in schema.items() if k != "minimum"}
        return schema

    @cache  # noqa: B019 - one spec object per session
    def validator(self, name: str) -> jsonschema.Draft4Validator:
        root = self._definition(name)
        return jsonschema.Draft4Validator({"$ref": root, "definitions": self.definitions})

    def check(self, schema: dict, instance: Any, where: str) -> list[str]:
        converted = self.strict(schema)
        validator = jsonschema.Draft4Validator({**converted, "definitions": self.definitions})
        return [f"{where}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]

    # --- operations ------------------------------------------------------------------------------------------
    def operation(self, method: str, path: str) -> tuple[str, dict]:
        for pattern, template, item in self.operations:
            if pattern.match(path) and method.lower() in item:
                return template, item[method.lower()]
        raise AssertionError(f"{method} {path} is not an operation of Allegro's spec")

    def response_problems(self, method: str, path: str, status: int, body: Any, content_type: str) -> list[str]:
        template, op = self.operation(method, path)
        responses = op.get("responses", {})
        where = f"{method} {template} → {status}"
        if str(status) not in responses and status not in GENERIC_STATUSES:
            return [f"{where}: status not in the spec"]
        if body is None:
            return []
        content = (responses.get(str(status)) or {}).get("content") or {}
        schema = (content.get(VENDOR) or content.get(content_type) or {}).get("schema")
        if schema is None:  # the spec defines no body for it: Allegro's error holder or AuthError
            if status == 401:
                schema = {"$ref": "#/components/schemas/AuthError"}
            elif status >= 400:
                schema = {"$ref": "#/components/schemas/ErrorsHolder"}
            else:
                return [f"{where}: a body where the spec defines none"]
        return self.check(schema, body, where)

    def request_problems(self, method: str, path: str, query: dict[str, list[str]], body: bytes | None) -> list[str]:
        template, op = self.operation(method, path)
        where = f"{method} {template}"
        params = {p["name"]: p for p in op.get("parameters", []) if p.get("in") == "query"}
        problems = [f"{where}: query parameter {name!r} is not in the spec" for name in query if name not in params]
        for name, values in query.items():
            if name not in params:
                continue
            schema = params[name].get("schema", {})
            for value in values if schema.get("type") == "array" else values[-1:]:
                problems += self.check(_typed(schema, value), _coerce(schema, value), f"{where}?{name}")
        request_body = op.get("requestBody")
        if body:
            if not request_body:
                problems.append(f"{where}: a body where the spec defines none")
            else:
                import json

                schema = request_body["content"][VENDOR]["schema"]
                problems += self.check(schema, json.loads(body), f"{where} body")
        elif request_body and request_body.get("required"):
            problems.append(f"{where}: the required body is missing")
        return problems


def _typed(schema: dict, value: str) -> dict:
    return schema.get("items", schema) if schema.get("type") == "array" else schema


def _coerce(schema: dict, value: str) -> Any:
    kind = _typed(schema, value).get("type")
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value == "true"
    return value


def query_of(url_query: str) -> dict[str, list[str]]:
    return parse_qs(url_query, keep_blank_values=True)
