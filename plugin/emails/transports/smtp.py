"""SMTP delivery: STARTTLS, implicit TLS (``ssl``) or plain (a local relay only), login, timeouts, retries.

One connection is reused for a batch and reopened after a failure. Temporary failures (4xx, dropped
connections, timeouts) are retried with exponential backoff; 5xx answers are permanent. The password comes
from the manifest (which reads it from the environment) and never appears in an error message.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage

from plugin.exceptions import DeliveryError
from plugin.manifest.model import SmtpTransport


def _connect_plain(config: SmtpTransport, context: ssl.SSLContext) -> smtplib.SMTP:
    return smtplib.SMTP(config.host, config.port, timeout=config.timeout)


def _connect_starttls(config: SmtpTransport, context: ssl.SSLContext) -> smtplib.SMTP:
    client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    try:
        client.starttls(context=context)
    except BaseException:
        client.close()
        raise
    return client


def _connect_ssl(config: SmtpTransport, context: ssl.SSLContext) -> smtplib.SMTP:
    return smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)


CONNECTORS: dict[str, Callable[[SmtpTransport, ssl.SSLContext], smtplib.SMTP]] = {
    "none": _connect_plain,
    "starttls": _connect_starttls,
    "ssl": _connect_ssl,
}


def is_permanent(exc: BaseException) -> bool:
    """5xx answers and refused recipients cannot succeed on retry; everything else may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, ssl.SSLCertVerificationError | smtplib.SMTPNotSupportedError)


def describe(exc: BaseException, config: SmtpTransport) -> str:
    where = f"SMTP {config.host}:{config.port} ({config.security})"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"{where}: login as {config.username!r} refused; check email.transport.username and SMTP_PASSWORD"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{where}: server answered {exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"{where}: recipient refused: {', '.join(exc.recipients)}"
    if isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError | smtplib.SMTPException):  # refused, timed out
        return (
            f"{where}: {type(exc).__name__}: {exc}; check email.transport.host, port and security, "
            "and that the mail server is up"
        )
    return f"{where}: {type(exc).__name__}: {exc}"


def login(client: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH PLAIN with UTF-8 credentials (RFC 4616) when offered, else smtplib's own choice.

    smtplib encodes credentials as ASCII, so a Polish password (``hasło``) would crash it; and after one
    refused mechanism it tries the next, which only delays the same answer.
    """
    client.ehlo_or_helo_if_needed()
    if not client.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("the server offers no AUTH; remove email.transport.username or use TLS")
    if "PLAIN" not in client.esmtp_features.get("auth", "").upper().split():
        client.login(username, password)
        return
    token = base64.b64encode(f"\0{username}\0{password}".encode()).decode("ascii")
    code, answer = client.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, answer)


class SmtpSender:
    """A transport over one reusable SMTP connection with bounded retries."""

    def __init__(
        self,
        config: SmtpTransport,
        *,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``ssl_context``: to trust a private CA (default: the system's, with hostname checks)."""
        self.config = config
        self.ssl_context = ssl_context
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self._client: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        if self._client is None:
            context = self.ssl_context or ssl.create_default_context()
            client = CONNECTORS[self.config.security](self.config, context)
            if self.config.username:
                try:
                    login(client, self.config.username, self.config.password or "")
                except BaseException:
                    client.close()
                    raise
            self._client = client
        return self._client

    def send(self, msg: EmailMessage) -> None:
        last: BaseException | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                self._open().send_message(msg)
                return
            except (smtplib.SMTPException, OSError) as exc:
                self._drop()
                last = exc
                if is_permanent(exc):
                    raise DeliveryError(describe(exc, self.config), permanent=True) from None
        assert last is not None
        raise DeliveryError(f"{describe(last, self.config)} (after {self.retries + 1} attempts)") from None

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def close(self) -> None:
        self._drop()
