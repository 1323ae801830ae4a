"""One parametrized test over the corpus: each file's first line says the exit code it must give and, for
an invalid file, the line and JSON path a finding must be reported at, and words its message must hold:
``# expect: [exit=N] LINE PATH [~ WORDS]``."""

import json
import re
from pathlib import Path

import pytest

from plugin.cli import main

CORPUS = Path(__file__).parent / "corpus"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = sorted(CORPUS.glob("*/*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))


def expectation(path: Path) -> tuple[int, int | None, str | None, str | None]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = re.match(r"# expect:(?: exit=(\d))?(?: (\d+) (\S+)(?: ~ (.+?))?)?\s*$", first)
    if path.parent == EXAMPLES:
        return 0, None, None, None
    assert match, f"{path.name}: first line must be '# expect: [exit=N] LINE PATH'"
    default_exit = 0 if path.parent.name == "valid" else 1
    code = int(match.group(1)) if match.group(1) else default_exit
    return code, int(match.group(2)) if match.group(2) else None, match.group(3), match.group(4)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file(path, manifest_env, capsys):
    code, line, json_path, words = expectation(path)
    assert main(["validate", "--format", "json", str(path)]) == code
    record = json.loads(capsys.readouterr().out)
    assert record["file"] == str(path)
    if line is None:
        assert not [f for f in record["findings"] if f["severity"] == "error"]
        return
    places = [(f["line"], f["path"]) for f in record["findings"]]
    assert (line, json_path) in places, f"expected a finding at line {line} {json_path}, got {places}"
    if words is not None:
        messages = [f["message"] for f in record["findings"] if (f["line"], f["path"]) == (line, json_path)]
        assert any(words in message for message in messages), f"expected {words!r} in {messages}"
    assert all(f["line"] >= 1 and f["col"] >= 1 and f["message"] for f in record["findings"])


def test_corpus_covers_both_kinds():
    kinds = {p.parent.name for p in FILES}
    assert {"valid", "invalid"} <= kinds
    assert len([p for p in FILES if p.parent.name == "invalid"]) >= 25


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_point_editors_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/manifest.schema.json"
    assert (path.parent / "../schema/manifest.schema.json").resolve().is_file()
