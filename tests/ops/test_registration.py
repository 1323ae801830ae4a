"""Registration done properly: the set-password link from the manifest, guests left alone unless asked, the
login explained; greetings in natural Polish."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.emails.vocative import greeting_pl, vocative
from plugin.simulator.server import RunningSimulator
from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import run_cli
from tests.ops.conftest import variant
from tests.sync.simulated import shop_folder, simulator_fixture

ACCOUNT_URL = "https://sklep-demo.example.pl/konto/ustaw-haslo"


busy = simulator_fixture(orders=80, seed=11)


@pytest.fixture
def guests_shop(tmp_path: Path, busy: RunningSimulator) -> DemoFiles:
    return shop_folder(tmp_path / "sklep", busy.url)[0]


def _rows(files: DemoFiles, sql: str) -> list[tuple]:
    conn = sqlite3.connect(files.shop)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _registration_recipients(files: DemoFiles) -> set[str]:
    return {row[0] for row in _rows(files, "SELECT recipient FROM outbox WHERE template = 'customer_registration'")}


def _registration_preview(capsys, manifest: Path, tmp_path: Path) -> tuple[int, str]:
    """``emails preview --sample`` of the registration email: its exit code and its text part."""
    code, out, _ = run_cli(
        capsys,
        "emails",
        "preview",
        str(manifest),
        "--sample",
        "--template",
        "customer_registration",
        "--out",
        str(tmp_path / "p"),
        "--format",
        "json",
    )
    return code, Path(json.loads(out)["text"]).read_text(encoding="utf-8")


def test_guest_buyers_get_no_account_and_no_account_email_by_default(guests_shop: DemoFiles, capsys) -> None:
    assert run_cli(capsys, "run", str(guests_shop.manifest))[0] == 0
    guests = _rows(guests_shop, "SELECT buyer_email FROM orders WHERE buyer_login LIKE 'gosc-%'")
    assert guests, "the simulator made no guest purchase; raise --orders"
    assert not _rows(guests_shop, "SELECT login FROM customers WHERE login LIKE 'gosc-%'")
    assert not {email for (email,) in guests} & _registration_recipients(guests_shop)
    assert _rows(guests_shop, "SELECT COUNT(*) FROM customers")[0][0] > 0  # account holders are registered


def test_register_guests_turns_it_on(guests_shop: DemoFiles, capsys) -> None:
    manifest = variant(
        guests_shop,
        "guests.yaml",
        ("  register_customers: true", "  register_customers: true\n  register_guests: true"),
    )
    assert run_cli(capsys, "run", str(manifest))[0] == 0
    guests = _rows(guests_shop, "SELECT login FROM customers WHERE login LIKE 'gosc-%'")
    assert guests


def test_the_set_password_link_comes_from_the_manifest(shop: DemoFiles, capsys, tmp_path: Path) -> None:
    manifest = variant(
        shop,
        "account.yaml",
        (
            "  url: https://sklep-demo.example.pl\n",
            f"  url: https://sklep-demo.example.pl\n  account_url: {ACCOUNT_URL}\n",
        ),
    )
    code, out, _ = run_cli(capsys, "validate", str(manifest), "--format", "json")
    assert code == 0 and "account-url" not in out
    assert run_cli(capsys, "run", str(manifest))[0] == 0
    eml = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in (shop.folder / "outbox").glob("*customer_registration*")
    ]
    assert eml, "no registration email was sent"
    code, text = _registration_preview(capsys, manifest, tmp_path)
    assert code == 0 and ACCOUNT_URL in text and "customer/password" not in text
    assert "adres e-mail, który Allegro przekazało nam przy tym zakupie" in text


def test_without_account_url_the_email_points_to_forgot_password_and_validate_says_so(
    shop: DemoFiles, capsys, tmp_path: Path
) -> None:
    _, out, _ = run_cli(capsys, "validate", str(shop.manifest), "--format", "json")
    assert "account_url" in out  # a warning naming the setting to add
    code, text = _registration_preview(capsys, shop.manifest, tmp_path)
    assert code == 0 and "„Nie pamiętam hasła”" in text and "customer/password" not in text and "token=" not in text


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Małgorzata", "Małgorzato"),
        ("Anna", "Anno"),
        ("Katarzyna", "Katarzyno"),
        ("Agnieszka", "Agnieszko"),
        ("Maria", "Mario"),
        ("Julia", "Julio"),
        ("Patrycja", "Patrycjo"),
        ("Kasia", "Kasiu"),
        ("Ola", "Olu"),
        ("Izabela", "Izabelo"),
        ("Maja", "Majo"),
        ("Kuba", "Kubo"),
        ("Jan", "Janie"),
        ("Piotr", "Piotrze"),
        ("Paweł", "Pawle"),
        ("Marek", "Marku"),
        ("Kacper", "Kacprze"),
        ("Tomasz", "Tomaszu"),
        ("Robert", "Robercie"),
        ("Jerzy", "Jerzy"),
        ("MAŁGORZATA", "Małgorzato"),
        ("  anna ", "Anno"),
    ],
)
def test_vocative_of_common_names(name: str, form: str) -> None:
    assert vocative(name) == form
    assert greeting_pl(name) == f"Dzień dobry, {form},"


@pytest.mark.parametrize("name", ["John", "Zażółć", "Li", "Anna-Maria", "J.", "", None, "Andrea", "<b>Ewa</b>"])
def test_unsure_names_get_the_neutral_greeting(name: object) -> None:
    assert vocative(name) is None and greeting_pl(name) == "Dzień dobry,"


@given(st.text(max_size=30))
def test_any_name_gives_a_well_formed_greeting(name: str) -> None:
    greeting = greeting_pl(name)
    assert greeting == "Dzień dobry," or re.fullmatch(r"Dzień dobry, [A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+,", greeting)
    assert not greeting.endswith("a,")  # never the nominative of a name in -a


def test_real_emails_greet_in_the_vocative_or_neutrally(shop: DemoFiles, capsys, tmp_path: Path) -> None:
    assert run_cli(capsys, "run", str(shop.manifest))[0] == 0
    orders = _rows(shop, "SELECT allegro_checkout_form_id, buyer_first_name FROM orders")
    assert orders
    for form_id, first_name in orders:
        code, out, _ = run_cli(
            capsys,
            "emails",
            "preview",
            str(shop.manifest),
            "--order",
            form_id,
            "--template",
            "order_confirmation",
            "--out",
            str(tmp_path / form_id),
            "--format",
            "json",
        )
        text = Path(json.loads(out)["text"]).read_text(encoding="utf-8")
        assert code == 0 and greeting_pl(first_name) + "\n" in text
        assert f"Dzień dobry {first_name}" not in text
