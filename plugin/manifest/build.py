"""Schema-valid data → the frozen ``Manifest``: defaults filled, URLs and paths resolved.

Only called once the data passed the schema and the semantic checks, so it trusts types; defaults come
from the dataclasses in ``model.py`` (a test keeps the schema's ``default`` values equal to them).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from plugin.manifest import model as m
from plugin.resources import TEMPLATES_DIR

DEFAULT_LOCAL_API_URL = "http://127.0.0.1:8765"


def _resolve(folder: Path, written: str) -> Path:
    """A path from the manifest: ``~`` expanded, relative ones against the manifest's folder."""
    return (folder / Path(written).expanduser()).resolve()


def _options(cls: type, data: Mapping[str, Any], *skip: str) -> dict[str, Any]:
    names = set(cls.__dataclass_fields__) - set(skip)
    return {key: value for key, value in data.items() if key in names}


def config_home(env: Mapping[str, str]) -> Path:
    """``$XDG_CONFIG_HOME`` or ``~/.config`` (``HOME`` from ``env`` when it has one)."""
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"])
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    return home / ".config"


def _backend(data: Mapping[str, Any], folder: Path) -> m.SqliteBackend | m.ShoperBackend:
    if data.get("type") == "shoper":
        return m.ShoperBackend(url=data["url"].rstrip("/"), **_options(m.ShoperBackend, data, "url", "type"))
    return m.SqliteBackend(path=_resolve(folder, data.get("path", "./shop.db")))


_RESOLVED = ("environment", "client_id", "client_secret", "connected_since", "api_url", "token_file")


def _allegro(data: Mapping[str, Any], folder: Path, env: Mapping[str, str]) -> m.AllegroConfig:
    environment = data["environment"]
    if environment == "local":
        api_url = auth_url = data.get("api_url", DEFAULT_LOCAL_API_URL).rstrip("/")
    else:
        api_url, auth_url = m.API_URLS[environment], m.AUTH_URLS[environment]
    if data.get("token_file"):
        token_file = _resolve(folder, data["token_file"])
    else:
        token_file = config_home(env) / "allegro-sync" / f"{environment}-{data['client_id']}.json"
    return m.AllegroConfig(
        environment=environment,
        client_id=data["client_id"],
        client_secret=data["client_secret"],
        connected_since=date.fromisoformat(data["connected_since"]),
        api_url=api_url,
        auth_url=auth_url,
        token_file=token_file,
        **_options(m.AllegroConfig, data, *_RESOLVED),
    )


def _transport(data: Mapping[str, Any] | None, folder: Path) -> m.OutboxTransport | m.SmtpTransport:
    data = data or {"type": "outbox"}
    if data.get("type") == "smtp":
        options = _options(m.SmtpTransport, data, "type")
        if "timeout" in options:
            options["timeout"] = float(options["timeout"])
        return m.SmtpTransport(**options)
    return m.OutboxTransport(path=_resolve(folder, data.get("path", "./outbox")))


def _email(data: Mapping[str, Any] | None, folder: Path) -> m.EmailConfig | None:
    if data is None:
        return None
    return m.EmailConfig(
        templates=_resolve(folder, data["templates"]) if data.get("templates") else TEMPLATES_DIR,
        transport=_transport(data.get("transport"), folder),
        archived_orders=m.ArchivedOrdersEmailPolicy(**data.get("archived_orders", {})),
        **_options(m.EmailConfig, data, "templates", "transport", "archived_orders"),
    )


def _names(data: Mapping[str, Any] | None, fallback: m.NameMapping) -> m.NameMapping:
    if data is None:
        return fallback
    return m.NameMapping(default=data.get("default", fallback.default), names=dict(data.get("names", {})))


def _mapping(data: Mapping[str, Any]) -> m.Mapping:
    defaults = m.Mapping()
    products = data.get("products", {})
    offers = {str(offer): str(code) for offer, code in products.get("offers", {}).items()}
    return m.Mapping(
        products=m.ProductMapping(match=products.get("match", "external_id"), offers=offers),
        order_status={**defaults.order_status, **data.get("order_status", {})},
        shipping=_names(data.get("shipping"), defaults.shipping),
        payment=_names(data.get("payment"), defaults.payment),
    )


def _sync(data: Mapping[str, Any]) -> m.SyncOptions:
    """``import_archived`` is true/false or ``{from: active_offers | all}``."""
    options = dict(data)
    archived = options.get("import_archived")
    if isinstance(archived, Mapping):
        options["import_archived"] = True
        options["archived_from"] = archived.get("from", "active_offers")
    return m.SyncOptions(**options)


def _rule(data: Mapping[str, Any]) -> m.Rule:
    return m.Rule(
        name=data["name"],
        events=tuple(data["events"]),
        handlers=tuple(data["handlers"]),
        archival=data.get("archival", False),
    )


def build_manifest(data: Mapping[str, Any], source: Path, env: Mapping[str, str]) -> m.Manifest:
    """The parsed manifest of schema-valid ``data`` loaded from ``source``."""
    folder = source.resolve().parent
    shop = data["shop"]
    location = data.get("location")
    return m.Manifest(
        version=data["version"],
        shop=m.ShopConfig(
            backend=_backend(shop.get("backend", {"type": "sqlite"}), folder),
            **_options(m.ShopConfig, shop, "backend"),
        ),
        allegro=_allegro(data["allegro"], folder, env),
        location=m.Location(**location) if location else None,
        sync=_sync(data.get("sync", {})),
        stock=m.StockConfig(**data.get("stock", {})),
        email=_email(data.get("email"), folder),
        mapping=_mapping(data.get("mapping", {})),
        rules=tuple(_rule(rule) for rule in data.get("rules", [])),
        source=source.resolve(),
    )
