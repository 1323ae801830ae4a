"""The schema itself: valid against its metaschema, documented everywhere, closed everywhere, and in step
with the code (event types, model defaults)."""

import json
from dataclasses import MISSING, fields

import jsonschema
import pytest

from plugin.cli import main
from plugin.manifest import model
from plugin.manifest.catalogue import EVENT_TYPES
from plugin.resources import SCHEMA_PATH
from plugin.testing.manifests import VOIVODESHIPS

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def walk_properties(schema, path="$"):
    """Every (path, property schema) declared under ``properties``, recursively (items included)."""
    for name, sub in schema.get("properties", {}).items():
        if isinstance(sub, dict) and sub != {"not": {}}:
            yield f"{path}.{name}", sub
            yield from walk_properties(sub, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from walk_properties(schema["items"], f"{path}[]")


PROPERTIES = dict(walk_properties(SCHEMA))


def test_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].startswith("https://")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", sorted(PROPERTIES))
def test_every_property_has_a_title_and_a_polish_panel_name(path):
    prop = PROPERTIES[path]
    assert prop.get("title"), path
    assert "Panel: " in prop.get("description", "") or "panel: " in prop.get("description", ""), path


def test_every_object_is_closed():
    objects = [(p, s) for p, s in PROPERTIES.items() if "properties" in s] + [("$", SCHEMA)]
    assert len(objects) >= 12
    for path, schema in objects:
        assert schema.get("additionalProperties") is False, path


def test_covers_every_section_of_the_design():
    sections = {"version", "shop", "allegro", "location", "sync", "stock", "email", "mapping", "rules"}
    assert set(SCHEMA["properties"]) == sections
    assert {"$.shop.backend", "$.email.transport", "$.email.archived_orders"} <= set(PROPERTIES)


def test_enums_match_the_code():
    assert PROPERTIES["$.rules[].events"]["items"]["enum"] == list(EVENT_TYPES)
    assert PROPERTIES["$.location.voivodeship"]["enum"] == list(VOIVODESHIPS)
    assert len(set(VOIVODESHIPS)) == 16
    assert set(PROPERTIES["$.allegro.environment"]["enum"]) == {"production", "sandbox", "local"}
    assert PROPERTIES["$.mapping.order_status"]["propertyNames"]["enum"] == list(model.DEFAULT_ORDER_STATUS)


@pytest.mark.parametrize(
    ("section", "cls"),
    [("$.sync", model.SyncOptions), ("$.email", model.EmailConfig), ("$.allegro", model.AllegroConfig)],
)
def test_schema_defaults_equal_the_dataclass_defaults(section, cls):
    checked = 0
    for f in fields(cls):
        prop = PROPERTIES.get(f"{section}.{f.name}")
        if prop is None or "default" not in prop or f.default is MISSING:
            continue
        assert prop["default"] == f.default, f"{section}.{f.name}"
        checked += 1
    assert checked >= 1


def test_order_status_default_matches_the_model():
    assert PROPERTIES["$.mapping.order_status"]["default"] == model.DEFAULT_ORDER_STATUS


def test_schema_command_prints_the_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA


def keywords(schema):
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key
            if key not in ("properties", "default", "examples", "enum", "const"):
                yield from keywords(value)
            elif key == "properties":
                for sub in value.values():
                    yield from keywords(sub)
    elif isinstance(schema, list):
        for item in schema:
            yield from keywords(item)


def test_every_validation_keyword_has_a_written_message():
    from plugin.manifest.json_schema import _MESSAGES

    annotations = {"$schema", "$id", "title", "description", "default", "examples", "properties", "items"}
    applicators = {"allOf", "if", "then", "additionalProperties", "propertyNames"}
    used = set(keywords(SCHEMA)) - annotations - applicators
    assert used, "the schema uses validation keywords"
    assert used <= set(_MESSAGES), used - set(_MESSAGES)
