"""The handler catalogue as ``validate`` reads it: ``rules:`` are checked against it, and a template enabled
only through ``rules:`` is rendered like one enabled by a sync option."""

import json

import pytest

from plugin.cli import main
from plugin.manifest.catalogue import CATALOGUE, OPTIONS, enabled_templates

from .test_loader import BASE, write

OFF = "sync:\n  import_orders: false\n  update_stock: false\n  send_confirmation_email: false\n"
EMAIL = "email:\n  sender: sklep@example.pl\n  templates: ./templates\n"


def findings(path, capsys) -> tuple[int, list[dict]]:
    code = main(["validate", "--format", "json", str(path)])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_a_template_enabled_only_through_rules_is_rendered(tmp_path, capsys):
    broken = tmp_path / "templates" / "pl" / "order_confirmation.txt"
    broken.parent.mkdir(parents=True)
    broken.write_text("Dzień dobry\n\n{{ order.numer }}\n", encoding="utf-8")
    rule = "rules:\n  - {name: mail, events: [READY_FOR_PROCESSING], handlers: [queue_confirmation_email]}\n"
    code, found = findings(write(tmp_path, BASE + OFF + EMAIL + rule), capsys)
    assert code == 1
    [error] = [f for f in found if f["severity"] == "error"]
    assert error["file"] == str(broken) and error["line"] == 3 and "numer" in error["message"]


def test_a_handler_on_events_it_never_runs_on_is_an_error(tmp_path, capsys):
    rule = "rules:\n  - {name: r, events: [BOUGHT], handlers: [cancel_order]}\n"
    code, found = findings(write(tmp_path, BASE + rule), capsys)
    assert code == 1
    [error] = [f for f in found if f["severity"] == "error"]
    assert error["path"] == "$.rules[0].handlers[0]" and "BUYER_CANCELLED" in error["message"]


def test_some_events_a_handler_does_not_run_on_are_a_warning(tmp_path, capsys):
    rule = "rules:\n  - {name: r, events: [BUYER_CANCELLED, BUYER_MODIFIED], handlers: [restore_stock]}\n"
    code, found = findings(write(tmp_path, BASE + rule), capsys)
    assert code == 0
    assert [(f["severity"], f["path"]) for f in found] == [("warning", "$.rules[0].handlers[0]")]


@pytest.mark.parametrize("option", [o.name for o in OPTIONS])
def test_every_option_names_catalogued_handlers_and_their_templates(option):
    [spec] = [o for o in OPTIONS if o.name == option]
    assert set(spec.handlers) <= set(CATALOGUE)
    on = enabled_templates(lambda name: name == option)
    assert on == spec.templates
    assert set(on) == {t for h in spec.handlers for t in CATALOGUE[h].templates}


def test_the_readme_table_of_options_says_what_the_catalogue_says():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \|$", readme, re.M))
    for option in OPTIONS:
        if option.rules:
            assert option.name in rows, f"README's option table lacks {option.name}"
            assert re.findall(r"`(\w+)`", rows[option.name]) == list(option.handlers), option.name
