"""SMTP over TLS on loopback: STARTTLS with login, implicit TLS, and an untrusted certificate refused.

The certificate is made for 127.0.0.1 by the openssl command line once per session; the client trusts it
through ``SmtpSender(ssl_context=…)`` exactly as an integrator trusts a private CA.
"""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from plugin.emails.delivery import compose
from plugin.emails.transports.smtp import SmtpSender
from plugin.exceptions import DeliveryError
from plugin.manifest.model import SmtpTransport

from .helpers import RecordingHandler, free_port, make_email, make_manifest

USER, PASSWORD = "sklep", "hasło-Ż-123"


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == USER.encode() and data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, certificate))
    return context


@pytest.fixture
def tls_server(certificate: tuple[Path, Path], request: pytest.FixtureRequest) -> Iterator[tuple[Any, Any]]:
    handler = RecordingHandler()
    implicit = getattr(request, "param", "starttls") == "ssl"
    options: dict[str, Any] = (
        {"ssl_context": server_context(certificate), "auth_require_tls": False}  # the whole session is TLS
        if implicit
        else {"tls_context": server_context(certificate), "require_starttls": True}
    )
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), authenticator=authenticator, auth_required=True, **options
    )
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def send_one(controller: Any, certificate: tuple[Path, Path], security: str, password: str = PASSWORD) -> None:
    config = SmtpTransport(
        host="127.0.0.1", port=controller.port, security=security, username=USER, password=password, timeout=5
    )  # type: ignore[arg-type]
    client_context = ssl.create_default_context(cafile=str(certificate[0]))
    sender = SmtpSender(config, retries=1, sleep=lambda _: None, ssl_context=client_context)
    try:
        sender.send(compose(make_email(1), make_manifest(Path("/nonexistent"))))
    finally:
        sender.close()


def test_starttls_with_login_delivers(tls_server: Any, certificate: tuple[Path, Path]) -> None:
    controller, handler = tls_server
    send_one(controller, certificate, "starttls")
    assert len(handler.envelopes) == 1
    assert handler.envelopes[0].rcpt_tos == ["buyer1@allegromail.pl"]


@pytest.mark.parametrize("tls_server", ["ssl"], indirect=True)
def test_implicit_tls_with_login_delivers(tls_server: Any, certificate: tuple[Path, Path]) -> None:
    controller, handler = tls_server
    send_one(controller, certificate, "ssl")
    assert len(handler.envelopes) == 1


def test_a_wrong_password_is_permanent_and_never_printed(tls_server: Any, certificate: tuple[Path, Path]) -> None:
    controller, handler = tls_server
    with pytest.raises(DeliveryError) as info:
        send_one(controller, certificate, "starttls", password="zle-haslo-42")
    assert info.value.permanent
    assert "login as 'sklep' refused" in str(info.value) and "zle-haslo-42" not in str(info.value)
    assert handler.envelopes == []


def test_an_untrusted_certificate_is_refused(tls_server: Any) -> None:
    controller, handler = tls_server
    config = SmtpTransport(host="127.0.0.1", port=controller.port, security="starttls", timeout=5)
    sender = SmtpSender(config, retries=2, sleep=lambda _: None)  # the system's CAs do not know our cert
    with pytest.raises(DeliveryError) as info:
        sender.send(compose(make_email(1), make_manifest(Path("/nonexistent"))))
    assert info.value.permanent and "certificate" in str(info.value).lower()
    assert handler.envelopes == []
