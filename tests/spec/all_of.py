"""``$ref`` and ``allOf`` in Allegro's spec, read once for both of its readers (the strict JSON Schemas the
simulator's answers are checked against, and the hypothesis strategies made from the spec).

An ``allOf`` is merged into one schema before use: a validator that closes objects (``additionalProperties:
false``) would otherwise reject, in each branch on its own, the properties another branch defines."""

from __future__ import annotations

from typing import Any


def resolve(schemas: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The schema a chain of ``$ref`` ends at, and the last name it followed ("" when there was no ``$ref``)."""
    name = ""
    while "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        schema = schemas[name]
    return schema, name


def merge_all_of(schemas: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """One schema for an ``allOf``: branches resolved and merged in depth, ``properties`` and ``required``
    united; any other key comes from the schema itself, else from the first branch that has it."""
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    for branch in schema["allOf"]:
        part, _ = resolve(schemas, branch)
        if "allOf" in part:
            part = merge_all_of(schemas, part)
        for key, value in part.items():
            if key == "properties":
                merged.setdefault("properties", {}).update(value)
            elif key == "required":
                merged["required"] = sorted(set(merged.get("required", [])) | set(value))
            else:
                merged.setdefault(key, value)
    return merged
