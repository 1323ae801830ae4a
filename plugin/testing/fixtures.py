"""A parsed manifest built in Python, for tests where writing YAML is beside the point.

``local_manifest(folder)`` talks to the bundled simulator (its default credentials) and keeps every file the
integration writes in ``folder``: ``shop.db``, ``tokens.json`` and the ``outbox/`` of ``.eml`` files.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from plugin.manifest.model import (
    AllegroConfig,
    EmailConfig,
    Manifest,
    Mapping,
    OutboxTransport,
    ShopConfig,
    SqliteBackend,
    SyncOptions,
)
from plugin.resources import TEMPLATES_DIR


def local_email(folder: Path, **options: object) -> EmailConfig:
    """The email section: the bundled templates and an ``.eml`` outbox in ``folder``; ``options`` override."""
    values: dict[str, object] = {
        "sender": "sklep@example.pl",
        "templates": TEMPLATES_DIR,
        "transport": OutboxTransport(folder / "outbox"),
        **options,
    }
    return EmailConfig(**values)  # type: ignore[arg-type]


def local_manifest(
    folder: Path,
    *,
    sync: SyncOptions | None = None,
    email: EmailConfig | None = None,
    mapping: Mapping | None = None,
    api_url: str = "http://127.0.0.1:8765",
    connected_since: date | None = None,
) -> Manifest:
    """A manifest for the simulator at ``api_url``; purchases before ``connected_since`` (default: 14 days ago)
    are archival."""
    return Manifest(
        version=1,
        shop=ShopConfig(
            name="Sklep Testowy", url="https://sklep.example.pl", backend=SqliteBackend(folder / "shop.db")
        ),
        allegro=AllegroConfig(
            environment="local",
            client_id="local-client",
            client_secret="local-secret",  # noqa: S106 - the simulator's public default
            connected_since=connected_since or (datetime.now(UTC) - timedelta(days=14)).date(),
            api_url=api_url,
            auth_url=api_url,
            token_file=folder / "tokens.json",
        ),
        location=None,
        sync=sync or SyncOptions(),
        email=email or local_email(folder),
        mapping=mapping or Mapping(),
        source=folder / "manifest.yaml",
    )
