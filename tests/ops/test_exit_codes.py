"""One exit-code table for outages, used by every command; with --format json a failure is a JSON object."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plugin.cli.failures import EXIT_ALLEGRO, EXIT_CODES, EXIT_CONFIG, EXIT_SHOP
from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import run_cli
from tests.ops.conftest import variant

ROOT = Path(__file__).resolve().parents[2]
LISTING = "location: {city: Kraków, postal_code: 30-001, voivodeship: małopolskie}\n"


def _json_error(out: str, code: int, kind: str) -> str:
    error = json.loads(out)["error"]  # one object on stdout, never empty output
    assert error["exit_code"] == code and error["class"] == kind
    return error["message"]


@pytest.mark.parametrize(
    "argv",
    [
        ("run", "{m}", "--once", "--format", "json"),
        ("plan", "{m}", "--format", "json"),
        ("offers", "publish", "{l}", "--dry-run", "--format", "json"),
    ],
)
def test_allegro_unreachable_is_exit_3_for_every_command(offline_shop: DemoFiles, capsys, argv) -> None:
    listing = variant(
        offline_shop,
        "listing.yaml",
        ("  update_stock: true", "  update_stock: true\n  list_products: true"),
        extra=LISTING,
    )
    words = [w.format(m=offline_shop.manifest, l=listing) for w in argv]
    code, out, err = run_cli(capsys, *words)
    assert code == EXIT_ALLEGRO, err
    assert "no answer" in _json_error(out, EXIT_ALLEGRO, "allegro")
    assert err.startswith("allegro-sync: Allegro error: ")


def test_allegro_unreachable_in_text_is_one_stderr_line_and_no_stdout(offline_shop: DemoFiles, capsys) -> None:
    code, out, err = run_cli(capsys, "run", str(offline_shop.manifest))
    assert code == EXIT_ALLEGRO and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("allegro-sync: Allegro error: ")


def test_no_token_file_is_configuration_with_the_fix(offline_shop: DemoFiles, capsys) -> None:
    sandbox = variant(offline_shop, "sandbox.yaml", ("environment: local", "environment: sandbox"))
    text = re.sub(r"\n  api_url: [^\n]+", "", sandbox.read_text(encoding="utf-8"))
    sandbox.write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "run", str(sandbox), "--format", "json")
    assert code == EXIT_CONFIG, err
    assert "allegro-sync connect" in _json_error(out, EXIT_CONFIG, "configuration")


def test_a_missing_shop_is_shop_unavailable(offline_shop: DemoFiles, capsys) -> None:
    offline_shop.shop.unlink()
    for argv in (("run", str(offline_shop.manifest)), ("quarantine", str(offline_shop.manifest))):
        code, out, err = run_cli(capsys, *argv, "--format", "json")
        assert code == EXIT_SHOP, (argv, err)
        assert "shop init" in _json_error(out, EXIT_SHOP, "shop")


def test_a_bad_command_line_with_json_asked_still_prints_an_object(capsys) -> None:
    code, out, err = run_cli(capsys, "plan", "--format", "json")  # MANIFEST missing
    assert code == EXIT_CONFIG and "MANIFEST" in err
    _json_error(out, EXIT_CONFIG, "configuration")


def test_interval_without_follow_is_refused_clearly(shop: DemoFiles, capsys) -> None:
    code, out, _ = run_cli(capsys, "run", str(shop.manifest), "--interval", "5", "--format", "json")
    assert code == EXIT_CONFIG
    assert "--follow" in _json_error(out, EXIT_CONFIG, "configuration")
    assert not (shop.folder / "outbox").exists()  # nothing ran


def test_the_readme_documents_the_whole_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert re.search(rf"^\| `{code}` \|", readme, re.MULTILINE), f"exit code {code} is not in the README's table"
