"""The quick schema answer never hides an error: whenever it says "conforms", jsonschema finds nothing; and it
does say so for valid manifests (else ``validate`` would import jsonschema for nothing)."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from plugin.manifest.json_schema import load_schema, validator
from plugin.manifest.schema_quick import conforms
from plugin.manifest.yaml_tree import load_yaml
from plugin.testing.manifests import dump, manifest_documents, mutated_texts

SCHEMA = load_schema()


def jsonschema_valid(data) -> bool:
    return not any(True for _ in validator().iter_errors(data))


def data_of(text: str):
    return load_yaml(text, "m.yaml").data


@given(manifest_documents())
def test_valid_manifests_conform_without_jsonschema(document):
    data = data_of(dump(document))
    assert jsonschema_valid(data)
    assert conforms(data, SCHEMA)


@given(mutated_texts())
def test_a_broken_manifest_never_conforms_when_jsonschema_objects(mutation):
    _, text = mutation
    data = data_of(text)
    if data is not None:
        assert not conforms(data, SCHEMA) or jsonschema_valid(data), mutation


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 70000) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


@given(manifest_documents(), st.data())
def test_any_value_anywhere_is_judged_like_jsonschema(document, data):
    """Replace one value of a valid manifest by arbitrary JSON: "conforms" implies jsonschema agrees."""
    instance = data_of(dump(document))
    paths = [p for p in _paths(instance) if p]
    path = data.draw(st.sampled_from(paths))
    broken = copy.deepcopy(instance)
    target = broken
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(JSON)
    if conforms(broken, SCHEMA):
        assert jsonschema_valid(broken), (path, target[path[-1]])
