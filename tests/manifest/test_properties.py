"""Invariants over generated manifests: a valid one survives dump → load unchanged; a broken one always
yields findings with a line in the file, never an exception."""

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from plugin.manifest.yaml_tree import load_yaml
from plugin.testing.manifests import ALWAYS_INVALID, ENV, dump, manifest_documents, mutated_texts
from plugin.validation import validate_file


def plain(value):
    """What the loader gives back for a drawn document: dates become ISO text, keys text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def validate_text(folder: Path, text: str, name: str = "m.yaml"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return validate_file(path, env=ENV)


@given(manifest_documents(), st.booleans())
def test_valid_manifests_survive_dump_and_load(tmp_path_factory, document, flow):
    folder = tmp_path_factory.mktemp("m")
    text = dump(document, flow=flow)
    assert load_yaml(text, "m.yaml").data == plain(document)
    result = validate_text(folder, text)
    assert not result.errors, result.text_lines()
    manifest = result.manifest
    assert manifest.shop.name == document["shop"]["name"]
    assert manifest.allegro.connected_since == document["allegro"]["connected_since"]
    assert manifest.allegro.environment == document["allegro"]["environment"]
    for key, value in document.get("sync", {}).items():
        assert getattr(manifest.sync, key) == value
    assert [r.name for r in manifest.rules] == [r["name"] for r in document.get("rules", [])]
    if "location" in document:
        assert manifest.location.voivodeship == document["location"]["voivodeship"]
    # block and flow style of the same data parse to the same manifest
    assert validate_text(folder, dump(document, flow=not flow), "other.yaml").manifest == manifest.__class__(
        **{**manifest.__dict__, "source": (folder / "other.yaml").resolve()}
    )


@given(mutated_texts())
def test_mutations_give_findings_with_lines_never_exceptions(tmp_path_factory, mutation):
    name, text = mutation
    folder = tmp_path_factory.mktemp("m")
    result = validate_text(folder, text)
    lines = text.count("\n") + 2
    assert all(1 <= f.line <= lines and f.col >= 1 and f.message for f in result.findings)
    if name in ALWAYS_INVALID:
        assert result.errors, (name, text)
        assert result.manifest is None
