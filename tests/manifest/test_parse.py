"""The parsed Manifest: defaults filled, URLs and paths resolved, errors raised as ManifestError."""

from datetime import date
from pathlib import Path

import pytest

from plugin.exceptions import ManifestError
from plugin.manifest.model import API_URLS, AUTH_URLS, OutboxTransport, ShoperBackend, SmtpTransport, SqliteBackend
from plugin.resources import TEMPLATES_DIR
from plugin.validation import load_manifest, validate_file

from .test_loader import BASE, write

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_defaults_are_filled_and_paths_resolved_against_the_manifest(tmp_path):
    folder = tmp_path / "shop"
    folder.mkdir()
    text = BASE + "email:\n  sender: sklep@example.pl\n"
    manifest = load_manifest(write(folder, text), env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert manifest.shop.backend == SqliteBackend(path=folder / "shop.db")
    assert manifest.email.transport == OutboxTransport(path=folder / "outbox")
    assert manifest.email.templates == TEMPLATES_DIR
    assert manifest.allegro.api_url == manifest.allegro.auth_url == "http://127.0.0.1:8765"
    assert manifest.allegro.token_file == tmp_path / "cfg" / "allegro-sync" / "local-sim.json"
    assert manifest.allegro.connected_since == date(2026, 11, 1)
    assert manifest.sync.import_orders and not manifest.sync.send_confirmation_email
    assert manifest.source == (folder / "manifest.yaml").resolve()


def test_token_file_falls_back_to_home_config(tmp_path):
    manifest = load_manifest(write(tmp_path, BASE), env={"HOME": str(tmp_path / "home")})
    assert manifest.allegro.token_file == tmp_path / "home" / ".config" / "allegro-sync" / "local-sim.json"


@pytest.mark.parametrize("environment", ["production", "sandbox"])
def test_known_environments_take_allegros_urls(tmp_path, environment):
    text = BASE.replace("local", environment).replace("sim-secret", "${S}")
    manifest = load_manifest(write(tmp_path, text), env={"S": "s"})
    assert (manifest.allegro.api_url, manifest.allegro.auth_url) == (API_URLS[environment], AUTH_URLS[environment])


def test_relative_written_paths_are_resolved(tmp_path):
    (tmp_path / "tpl").mkdir()
    text = BASE.replace(
        "  url: https://sklep.example.pl\n",
        "  url: https://sklep.example.pl\n  backend: {type: sqlite, path: data/s.db}\n",
        1,
    )
    text += "  token_file: ~/tok.json\nemail:\n  sender: a@b.pl\n  templates: tpl\n"
    text += "  transport: {type: outbox, path: ../out}\n"
    manifest = load_manifest(write(tmp_path, text), env={"HOME": str(tmp_path)})
    assert manifest.shop.backend.path == tmp_path / "data" / "s.db"
    assert manifest.email.templates == tmp_path / "tpl"
    assert manifest.email.transport.path == tmp_path.parent / "out"
    assert manifest.allegro.token_file.name == "tok.json"


def test_shoper_backend_and_smtp_transport(tmp_path):
    text = BASE.replace(
        "  url: https://sklep.example.pl\n",
        "  url: https://sklep.example.pl\n"
        "  backend: {type: shoper, url: https://s.pl/, client_id: c, client_secret: '${SH}', guest_account: g@s.pl}\n",
        1,
    )
    text += (
        "email:\n  sender: a@b.pl\n  transport: {type: smtp, host: 127.0.0.1, port: 2525, security: none, timeout: 5}\n"
    )
    manifest = load_manifest(write(tmp_path, text), env={"SH": "shh"})
    assert manifest.shop.backend == ShoperBackend(
        url="https://s.pl", client_id="c", client_secret="shh", guest_account="g@s.pl"
    )
    assert "shh" not in repr(manifest.shop.backend)
    assert manifest.email.transport == SmtpTransport(host="127.0.0.1", port=2525, security="none", timeout=5.0)


def test_mappings_and_rules_are_parsed(tmp_path):
    text = BASE + (
        "mapping:\n  products: {match: offer_map, offers: {7712345678: KUB-1, 7712345679: 42}}\n"
        "  order_status: {READY_FOR_PROCESSING: paid}\n"
        "  shipping: {default: Kurier, names: {Allegro Paczkomaty InPost: Paczkomat}}\n"
        "rules:\n  - {name: r, events: [READY_FOR_PROCESSING], handlers: [import_order, update_stock]}\n"
    )
    manifest = load_manifest(write(tmp_path, text), env={})
    assert manifest.mapping.products.offers == {"7712345678": "KUB-1", "7712345679": "42"}
    assert manifest.mapping.order_status["READY_FOR_PROCESSING"] == "paid"
    assert manifest.mapping.order_status["CANCELLED"] == "cancelled"  # defaults kept for the others
    assert manifest.mapping.shipping.get("Allegro Paczkomaty InPost") == "Paczkomat"
    assert manifest.mapping.shipping.get("other") == "Kurier"
    assert manifest.mapping.payment.default == "Płatność Allegro"
    assert manifest.rules[0].handlers == ("import_order", "update_stock")
    assert manifest.rules[0].archival is False


def test_manifest_error_carries_every_finding(tmp_path):
    text = BASE.replace("version: 1", "version: 3") + "sync:\n  improt_orders: true\n"
    with pytest.raises(ManifestError) as caught:
        load_manifest(write(tmp_path, text), env={})
    assert {f.path for f in caught.value.findings} == {"$.version", "$.sync.improt_orders"}
    assert "did you mean 'import_orders'" in str(caught.value).lower()
    assert "manifest.yaml:11:3" in str(caught.value)


def test_unreadable_file_raises_manifest_error(tmp_path):
    with pytest.raises(ManifestError):
        load_manifest(tmp_path / "missing.yaml", env={})
    assert not validate_file(tmp_path, env={}).readable  # a folder


def test_webapi_key_explains_the_replacement(tmp_path):
    text = BASE.replace("  client_id: sim\n", "  webapi_key: abcdef\n  client_id: sim\n")
    [finding] = validate_file(write(tmp_path, text), env={}).errors
    assert (finding.line, finding.path) == (7, "$.allegro.webapi_key")
    for words in ("2020", "2020-10-26", "client_id", "client_secret", "allegro-sync connect"):
        assert words in finding.message
    assert "abcdef" not in finding.message


@pytest.mark.parametrize(
    ("extra", "allowed"),
    [
        ("sync: {import_archived: true, send_confirmation_email: true}\nemail: {sender: a@b.pl}\n", False),
        ("sync: {import_archived: true, register_customers: true}\nemail: {sender: a@b.pl}\n", False),
        (
            "sync: {import_archived: true}\nemail: {sender: a@b.pl}\nrules:\n"
            "  - {name: r, events: [BOUGHT], handlers: [queue_confirmation_email]}\n",
            False,
        ),
        (
            "sync: {import_archived: true, send_confirmation_email: true}\n"
            "email: {sender: a@b.pl, archived_orders: {send: false}}\n",
            True,  # an explicit send: false imports archival orders silently
        ),
        (
            "sync: {import_archived: true, send_confirmation_email: true}\n"
            "email: {sender: a@b.pl, archived_orders: {send: true, max: 10}}\n",
            True,
        ),
        ("sync: {import_archived: true, register_customers: true}\n", True),  # no email section: another error
        ("sync: {import_archived: false, send_confirmation_email: true}\nemail: {sender: a@b.pl}\n", True),
    ],
)
def test_mass_mailing_guard(tmp_path, extra, allowed):
    result = validate_file(write(tmp_path, BASE + extra), env={})
    guarded = [f for f in result.findings if f.code == "mass-mailing"]
    assert (not guarded) is allowed
    if guarded:
        assert guarded[0].path == "$.sync.import_archived"
        assert "max" in guarded[0].message


def test_unknown_handler_lists_the_known_ones(tmp_path):
    text = BASE + "rules:\n  - name: r\n    events: [BOUGHT]\n    handlers: [import_ordr]\n"
    [finding] = validate_file(write(tmp_path, text), env={}).errors
    assert "Did you mean 'import_order'?" in finding.message
    for name in ("restore_stock", "queue_registration_email", "register_customer"):
        assert name in finding.message


def test_sender_warning_outside_the_simulator(tmp_path):
    text = BASE.replace("local", "sandbox").replace("sim-secret", "${S}") + "email: {sender: a@b.pl}\n"
    warnings = validate_file(write(tmp_path, text), env={"S": "s"}).warnings
    assert any(f.path == "$.email.sender" and "Twoje adresy e-mail" in f.message for f in warnings)


def test_examples_load(manifest_env):
    for path in EXAMPLES.glob("*.yaml"):
        manifest = load_manifest(path, env=manifest_env)
        assert manifest.allegro.environment == "local"


def test_a_crash_in_the_email_checks_becomes_a_finding(tmp_path, monkeypatch):
    import plugin.emails.check as email_check

    def broken(manifest):
        raise RuntimeError("boom")

    monkeypatch.setattr(email_check, "check_templates", broken)
    text = BASE + "sync: {send_confirmation_email: true}\nemail: {sender: a@b.pl}\n"
    result = validate_file(write(tmp_path, text), env={})
    assert [(f.code, f.line) for f in result.errors] == [("email-check", 11)]
    assert result.manifest is None


@pytest.mark.parametrize("url", ["sklep.example.pl", "ftp://sklep.example.pl", "https://"])
def test_one_finding_per_bad_address(tmp_path, url):
    result = validate_file(write(tmp_path, BASE.replace("https://sklep.example.pl", url)), env={})
    assert [(f.line, f.path) for f in result.errors] == [(4, "$.shop.url")]
    assert "https://" in result.errors[0].message


def test_the_shoper_backend_validates_without_the_old_not_in_this_version_warning(tmp_path):
    text = BASE.replace(
        "  url: https://sklep.example.pl\n",
        "  url: https://sklep.example.pl\n"
        "  backend: {type: shoper, url: https://sklep.example.pl, token: '${T}', guest_account: a@sklep.pl}\n",
    )
    result = validate_file(write(tmp_path, text), env={"T": "x"})
    assert result.valid and not result.findings


def test_a_literal_shoper_token_is_a_warning_naming_the_variable(tmp_path):
    text = BASE.replace(
        "  url: https://sklep.example.pl\n",
        "  url: https://sklep.example.pl\n"
        "  backend: {type: shoper, url: https://sklep.example.pl, token: abc123, guest_account: a@sklep.pl}\n",
    )
    result = validate_file(write(tmp_path, text), env={})
    (warning,) = [f for f in result.findings if f.code == "literal-secret"]
    assert (warning.path, warning.line) == ("$.shop.backend.token", 5) and "${SHOPER_TOKEN}" in warning.message
