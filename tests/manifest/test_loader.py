"""The YAML layer: positions, duplicate keys, YAML 1.1 booleans, aliases, dates, ``${NAME}``, broken input."""

import time

import pytest

from plugin.manifest.yaml_tree import load_yaml
from plugin.validation import validate_file

BASE = """version: 1
shop:
  name: Sklep
  url: https://sklep.example.pl
allegro:
  environment: local
  client_id: sim
  client_secret: sim-secret
  connected_since: 2026-11-01
"""


def write(tmp_path, text, name="manifest.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(result):
    return {f.code for f in result.findings}


def test_positions_of_keys_and_values():
    doc = load_yaml(BASE, "m.yaml")
    assert doc.keys[("allegro", "client_id")] == (7, 3)
    assert doc.values[("allegro", "client_id")] == (7, 14)
    assert doc.data["allegro"]["connected_since"] == "2026-11-01"  # an unquoted YAML date is read as a date


def test_duplicate_key_is_reported_at_the_second_one():
    doc = load_yaml("a: 1\nb: 2\na: 3\n", "m.yaml")
    [finding] = doc.findings
    assert (finding.line, finding.col, finding.path, finding.code) == (3, 1, "$.a", "duplicate-key")
    assert "line 1" in finding.message
    assert doc.data["a"] == 1  # the first one is kept, not silently the last


@pytest.mark.parametrize("word", ["yes", "No", "on", "OFF", "y"])
def test_yaml_11_booleans_are_reported_as_values(word):
    doc = load_yaml(f"flag: {word}\nquoted: '{word}'\nfine: true\n", "m.yaml")
    bools = [f for f in doc.findings if f.code == "yaml-bool"]
    if word == "y":  # PyYAML does not resolve y/n as booleans: text, reported by the schema if misplaced
        assert bools == []
        return
    assert [(f.line, f.path) for f in bools] == [(1, "$.flag")]


def test_on_as_a_key_is_reported_and_kept_as_text():
    doc = load_yaml("rule:\n  on: [BOUGHT]\n", "m.yaml")
    assert [(f.line, f.path) for f in doc.findings] == [(2, "$.rule.on")]
    assert doc.data == {"rule": {"on": ["BOUGHT"]}}


def test_billion_laughs_is_rejected_within_a_second():
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    started = time.perf_counter()
    doc = load_yaml("\n".join(lines) + "\n", "m.yaml")
    assert time.perf_counter() - started < 1.0
    assert [f.code for f in doc.findings] == ["yaml-alias"]


def test_small_aliases_and_merge_keys_work():
    text = "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n"
    doc = load_yaml(text, "m.yaml")
    assert doc.findings == []
    assert doc.data["use"] == {"x": 1, "y": 3}
    assert doc.data["list"] == [{"x": 1, "y": 2}] * 2


def test_recursive_alias_does_not_hang():
    doc = load_yaml("a: &a [*a]\n", "m.yaml")
    assert {f.code for f in doc.findings} <= {"yaml-alias", "yaml"}
    assert doc.findings


def test_syntax_error_has_line_and_column():
    doc = load_yaml("a: 1\n b: 2\n", "m.yaml")
    [finding] = doc.findings
    assert (finding.line, finding.code) == (2, "yaml")
    assert finding.message.startswith("YAML syntax error")


def test_unsupported_tags_are_findings():
    doc = load_yaml("a: !!python/object:os.system x\nb: !!binary aGk=\n", "m.yaml")
    assert [f.line for f in doc.findings if f.code == "yaml-tag"] == [1, 2]


def test_string_date_and_yaml_date_both_work(tmp_path):
    quoted = validate_file(write(tmp_path, BASE.replace("2026-11-01", "'2026-11-01'")))
    plain = validate_file(write(tmp_path, BASE, "b.yaml"))
    assert quoted.manifest.allegro.connected_since == plain.manifest.allegro.connected_since


@pytest.mark.parametrize("value", ["2026-11-01 10:00:00", "1 listopada", "2026-13-01", "20261101"])
def test_connected_since_must_be_a_date(tmp_path, value):
    result = validate_file(write(tmp_path, BASE.replace("2026-11-01", value)))
    assert result.manifest is None
    assert [f.line for f in result.errors] == [9]


def test_environment_variables_are_substituted(tmp_path):
    text = BASE.replace("environment: local", "environment: sandbox").replace("sim-secret", "x-${TOKEN}-y")
    result = validate_file(write(tmp_path, text), env={"TOKEN": "abc"})
    assert result.manifest.allegro.client_secret == "x-abc-y"
    assert not result.findings


def test_missing_variable_is_one_error_at_its_value(tmp_path):
    result = validate_file(write(tmp_path, BASE.replace("sim-secret", "${NOT_SET_ANYWHERE}")), env={})
    assert [(f.line, f.col, f.code) for f in result.findings] == [(8, 18, "env-missing")]
    assert "NOT_SET_ANYWHERE" in result.findings[0].message


def test_dollar_escape_writes_a_literal(tmp_path):
    result = validate_file(write(tmp_path, BASE.replace("name: Sklep", "name: Sklep $${brand}")), env={})
    assert result.manifest.shop.name == "Sklep ${brand}"


def test_literal_secret_warns_except_for_the_simulator(tmp_path):
    local = validate_file(write(tmp_path, BASE), env={})
    sandbox = validate_file(write(tmp_path, BASE.replace("local", "sandbox"), "s.yaml"), env={})
    assert "literal-secret" not in codes(local)
    [warning] = [f for f in sandbox.findings if f.code == "literal-secret"]
    assert (warning.severity, warning.line, warning.path) == ("warning", 8, "$.allegro.client_secret")
    assert "sim-secret" not in warning.message  # a secret is never echoed
    assert sandbox.manifest is not None  # warnings do not make a manifest invalid


def test_secret_values_never_appear_in_messages(tmp_path):
    text = BASE.replace("local", "sandbox").replace("sim-secret", "[hunter2-secret]")
    result = validate_file(write(tmp_path, text), env={})
    assert result.errors
    assert all("hunter2" not in f.message for f in result.findings)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"# only a comment\n", "empty"),
        (b"- a\n- b\n", "not-a-mapping"),
        (b"just text\n", "not-a-mapping"),
        (b"~\n", "not-a-mapping"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "encoding"),
        (b"version: 1\x00\n", "yaml"),
        (b"name: \xb3\xf3d\xbf\n", "encoding"),
        (b"\xef\xbb\xbf" + BASE.encode(), None),
        (b"[" * 5000, "yaml"),
    ],
)
def test_broken_input_gives_findings_not_tracebacks(tmp_path, content, code):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    result = validate_file(path, env={})
    if code is None:
        assert result.valid
    else:
        assert code in codes(result)
        assert all(f.line >= 1 and f.col >= 1 for f in result.findings)


def test_ten_megabytes_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(BASE.encode() + b"# " + b"x" * 10_000_000 + b"\n")
    started = time.perf_counter()
    result = validate_file(path, env={})
    assert time.perf_counter() - started < 1.0
    assert codes(result) == {"too-large"}


def test_nested_list_in_handlers_is_a_finding(tmp_path):
    """Found by the mutation property test: a list where a handler name belongs once crashed the checks."""
    text = BASE + "rules:\n  - name: r\n    events: [BOUGHT]\n    handlers: [[1, 2]]\n"
    result = validate_file(write(tmp_path, text), env={})
    assert [(f.line, f.path) for f in result.errors] == [(13, "$.rules[0].handlers[0]")]
