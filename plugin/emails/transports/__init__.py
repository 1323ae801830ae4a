"""Where delivered messages go: a folder of ``.eml`` files (the default) or an SMTP server.

A transport is anything with ``send(msg)`` and ``close()``: ``send`` returns once the message is accepted
and raises ``DeliveryError`` (``permanent=True`` when retrying cannot help). ``open_transport`` picks one
from the manifest by a table, so a new kind is one entry.

Group commit (optional): a transport whose repeat of a message is a no-op may declare ``group_commit = N``
and a ``flush()`` returning one ``DeliveryError | None`` per message sent since the last flush (None: it is
durable). Delivery then marks up to N messages sent in one transaction, after ``flush``. The ``.eml``
folder does; SMTP must not (a repeat would reach the buyer), so it is marked per message.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol

from plugin.manifest.model import Manifest, OutboxTransport, SmtpTransport


class Transport(Protocol):
    def send(self, msg: EmailMessage) -> None: ...

    def close(self) -> None: ...


def _eml(config: Any) -> Transport:
    from plugin.emails.transports.eml_dir import EmlDirTransport

    return EmlDirTransport(Path(config.path))


def _smtp(config: Any) -> Transport:
    from plugin.emails.transports.smtp import SmtpSender

    return SmtpSender(config)


OPENERS: dict[str, Callable[[Any], Transport]] = {"outbox": _eml, "smtp": _smtp}


def default_outbox_dir(manifest: Manifest) -> Path:
    """``outbox/`` beside the manifest (or the working folder when the manifest has no file)."""
    base = manifest.source.parent if manifest.source is not None else Path.cwd()
    return base / "outbox"


def open_transport(manifest: Manifest) -> Transport:
    """The manifest's transport; no ``email.transport`` means an ``outbox`` folder beside the manifest."""
    config: OutboxTransport | SmtpTransport | None = manifest.email.transport if manifest.email else None
    if config is None:
        config = OutboxTransport(path=default_outbox_dir(manifest))
    return OPENERS[config.type](config)
