"""A line break in a manifest value that becomes an email header is reported at that value, not as four
errors about the bundled subject templates (which is what an integrator saw before)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from plugin.validation import validate_file

FIELDS = {
    ("shop", "name"): "Sklep Łąka",
    ("shop", "email"): "kontakt@laka.pl",
    ("email", "sender"): "sklep@laka.pl",
    ("email", "reply_to"): "biuro@laka.pl",
}
BREAKS = st.sampled_from(["\r\n", "\n", "\r", "\0"])


def _manifest(path: tuple[str, str], value: str) -> dict:
    document = {
        "version": 1,
        "shop": {"name": "Sklep Łąka", "url": "https://laka.pl"},
        "allegro": {
            "environment": "local",
            "client_id": "local-client",
            "client_secret": "${SECRET}",
            "connected_since": "2026-11-01",
        },
        "sync": {"import_orders": True, "send_confirmation_email": True},
        "email": {"sender": "sklep@laka.pl", "archived_orders": {"send": False}},
    }
    document[path[0]][path[1]] = value
    return document


def _findings(folder: Path, document: dict) -> list:
    file = folder / "allegro-sync.yaml"
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return list(validate_file(file, env={"SECRET": "local-secret"}).findings)


@given(
    field=st.sampled_from(sorted(FIELDS)),
    cut=st.integers(min_value=0, max_value=12),
    injected=st.sampled_from(["Bcc: ofiara@example.com", "X-Spam: yes", ""]),
    line_break=BREAKS,
)
def test_a_line_break_is_reported_at_its_field(tmp_path_factory, field, cut, injected, line_break) -> None:
    clean = FIELDS[field]
    value = clean[:cut] + line_break + injected + clean[cut:]
    findings = _findings(tmp_path_factory.mktemp("m"), _manifest(field, value))
    errors = [f for f in findings if f.is_error]
    assert [f.path for f in errors] == [f"$.{field[0]}.{field[1]}"]
    assert errors[0].code == "header-text" and errors[0].line == 1


def test_clean_header_values_pass(tmp_path) -> None:
    for field, value in FIELDS.items():
        assert not [f for f in _findings(tmp_path, _manifest(field, value)) if f.is_error], field
