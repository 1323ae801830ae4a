"""``allegro-sync offers publish`` end to end: a manifest file, the SQLite shop and the simulator over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listing.conftest import NEW_IN_SHOP, ON_ALLEGRO, SHORT_NAME, SOLD_OUT, fill_shop, offers_by_code
from plugin.cli import main
from plugin.validation import load_manifest, validate_file

MANIFEST = """\
version: 1
shop:
  name: Sklep Testowy
  url: https://sklep.example.pl
  backend: {{type: sqlite, path: ./shop.db}}
allegro:
  environment: local
  api_url: {url}
  client_id: local-client
  client_secret: local-secret
  connected_since: 2026-11-01
{location}sync:
  list_products: {enabled}
"""
LOCATION = "location: {city: Kraków, postal_code: 30-001, voivodeship: małopolskie}\n"


def _manifest(folder: Path, url: str, *, location: str = LOCATION, enabled: str = "true") -> Path:
    path = folder / "allegro-sync.yaml"
    path.write_text(MANIFEST.format(url=url, location=location, enabled=enabled), encoding="utf-8")
    return path


@pytest.fixture
def shop_manifest(sim, tmp_path: Path) -> Path:
    path = _manifest(tmp_path, sim.url)
    fill_shop(load_manifest(path), (*ON_ALLEGRO, *NEW_IN_SHOP, SOLD_OUT))
    return path


def test_publish_prints_the_counts_as_json_and_exits_0(sim, shop_manifest: Path, capsys) -> None:
    assert main(["offers", "publish", str(shop_manifest), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["offers_created"], data["offers_existing"], data["products_skipped"], data["errors"]) == (
        len(NEW_IN_SHOP),
        len(ON_ALLEGRO),
        1,
        0,
    )
    assert {p.code for p in NEW_IN_SHOP} <= set(offers_by_code(sim))

    assert main(["offers", "publish", str(shop_manifest), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["offers_created"] == 0 and again["offers_existing"] == len(ON_ALLEGRO) + len(NEW_IN_SHOP)


def test_dry_run_text_says_what_would_be_created(sim, shop_manifest: Path, capsys) -> None:
    assert main(["offers", "publish", str(shop_manifest), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"offers would be created: {len(NEW_IN_SHOP)}" in out and "errors: 0" in out
    assert not {p.code for p in NEW_IN_SHOP} & set(offers_by_code(sim))


def test_a_product_allegro_cannot_take_exits_1_naming_it_and_the_fix(sim, shop_manifest: Path, capsys) -> None:
    fill_shop(load_manifest(shop_manifest), (SHORT_NAME,))
    assert main(["offers", "publish", str(shop_manifest)]) == 1
    out = capsys.readouterr().out
    assert "errors: 1" in out and SHORT_NAME.code in out and "lengthen the product name" in out
    assert f"offers created: {len(NEW_IN_SHOP)}" in out


def test_listing_switched_off_exits_2_saying_what_to_add(sim, tmp_path: Path, capsys) -> None:
    path = _manifest(tmp_path, sim.url, enabled="false")
    fill_shop(load_manifest(path), NEW_IN_SHOP)
    assert main(["offers", "publish", str(path)]) == 2
    err = capsys.readouterr().err
    assert "list_products: true" in err and "Traceback" not in err
    assert not {p.code for p in NEW_IN_SHOP} & set(offers_by_code(sim))


def test_listing_without_location_is_a_manifest_error_at_list_products(sim, tmp_path: Path, capsys) -> None:
    path = _manifest(tmp_path, sim.url, location="")
    [finding] = [f for f in validate_file(path).findings if f.severity == "error"]
    assert finding.path == "$.sync.list_products" and finding.line == 13
    assert "location:" in finding.message and "list_products: false" in finding.message

    assert main(["offers", "publish", str(path)]) == 2
    err = capsys.readouterr().err
    assert "$.sync.list_products" in err and "Traceback" not in err


def test_a_missing_shop_exits_4_with_the_fix(sim, tmp_path: Path, capsys) -> None:
    path = _manifest(tmp_path, sim.url)
    assert main(["offers", "publish", str(path), "--format", "json"]) == 4  # shop unavailable
    out, err = capsys.readouterr()
    assert "shop init" in err and json.loads(out)["error"]["class"] == "shop"
