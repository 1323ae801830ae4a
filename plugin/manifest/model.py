"""The parsed manifest: frozen, typed, defaults filled, paths resolved against the manifest's folder.

Everything else in allegro-sync reads these objects, never the raw YAML. Field names follow the manifest's
keys one to one (see ``schema/manifest.schema.json`` for their meaning and the shop panel's Polish names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

Environment = Literal["production", "sandbox", "local"]
NegativeStockPolicy = Literal["allow", "clamp", "quarantine"]

#: Allegro's base URLs; ``local`` takes ``allegro.api_url`` (the bundled simulator).
API_URLS: dict[str, str] = {
    "production": "https://api.allegro.pl",
    "sandbox": "https://api.allegro.pl.allegrosandbox.pl",
}
#: Where the OAuth endpoints (device, token) live; for ``local`` they share ``api_url``.
AUTH_URLS: dict[str, str] = {
    "production": "https://allegro.pl",
    "sandbox": "https://allegro.pl.allegrosandbox.pl",
}


@dataclass(frozen=True)
class SqliteBackend:
    """The embedded shop (default): one SQLite file holding products, orders, customers, outbox and state."""

    path: Path
    type: Literal["sqlite"] = "sqlite"


@dataclass(frozen=True)
class ShoperBackend:
    """A real Shoper shop reached through its REST API, as a WebAPI user or with a static Token API."""

    url: str
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    guest_account: str | None = None  # the account every order goes to when customers are not registered
    phone_placeholder: str = "000000000"  # Shoper refuses an address without a phone
    type: Literal["shoper"] = "shoper"


@dataclass(frozen=True)
class ShopConfig:
    name: str
    url: str
    backend: SqliteBackend | ShoperBackend
    logo_url: str | None = None
    account_url: str | None = None  # the set-password page linked from the registration email
    email: str | None = None  # the shop's public contact address (Reply-To); defaults to email.sender


@dataclass(frozen=True)
class AllegroConfig:
    environment: Environment
    client_id: str
    client_secret: str
    connected_since: date  # orders bought before this day (UTC) are archival
    api_url: str  # resolved: API_URLS[environment] or the manifest's api_url for local
    auth_url: str  # resolved: AUTH_URLS[environment] or api_url for local
    token_file: Path  # where ``connect`` stores the tokens (mode 0600)
    language: str = "pl-PL"  # Accept-Language


@dataclass(frozen=True)
class Location:
    city: str
    postal_code: str
    voivodeship: str


@dataclass(frozen=True)
class SyncOptions:
    import_orders: bool = True
    send_confirmation_email: bool = False
    import_archived: bool = False
    update_stock: bool = True
    register_customers: bool = False
    register_guests: bool = False  # Allegro guest buyers (``buyer.guest``) get accounts too; off by default
    negative_stock: NegativeStockPolicy = "allow"  # what a purchase does to stock it would drive below zero
    list_products: bool = False  # list shop products on Allegro (offers matched by external.id)
    push_stock: bool = False  # shop stock → Allegro offer quantities after each pass's import
    archived_from: Literal["active_offers", "all"] = "active_offers"  # import_archived: whose offer is active


@dataclass(frozen=True)
class StockConfig:
    """``stock:``: units of every product kept off Allegro (offer quantity = max(0, stock − reserve))."""

    reserve: int = 0


@dataclass(frozen=True)
class OutboxTransport:
    """Messages are written as ``.eml`` files to a folder (the default): nothing leaves the machine."""

    path: Path
    type: Literal["outbox"] = "outbox"


@dataclass(frozen=True)
class SmtpTransport:
    host: str
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
    type: Literal["smtp"] = "smtp"


@dataclass(frozen=True)
class ArchivedOrdersEmailPolicy:
    """Emails to buyers of archival orders: never, unless ``send`` is true *and* ``max`` bounds them."""

    send: bool = False
    max: int | None = None


@dataclass(frozen=True)
class EmailConfig:
    sender: str
    templates: Path  # resolved folder; the bundled ``email_templates/`` when the manifest gives none
    language: Literal["pl", "en"] = "pl"
    transport: OutboxTransport | SmtpTransport | None = None  # None: an ``outbox`` folder beside the manifest
    archived_orders: ArchivedOrdersEmailPolicy = field(default_factory=ArchivedOrdersEmailPolicy)
    reply_to: str | None = None
    max_per_run: int | None = None


@dataclass(frozen=True)
class ProductMapping:
    """How an Allegro offer finds its shop product: by ``external.id`` (= product code) or an explicit map."""

    match: Literal["external_id", "offer_map"] = "external_id"
    offers: dict[str, str] = field(default_factory=dict)  # offer id → product code (for ``offer_map``)


@dataclass(frozen=True)
class NameMapping:
    """Allegro names (delivery method name or id, payment type) → the shop's names, with a fallback."""

    default: str
    names: dict[str, str] = field(default_factory=dict)

    def get(self, *keys: str | None) -> str:
        for key in keys:
            if key is not None and key in self.names:
                return self.names[key]
        return self.default


DEFAULT_ORDER_STATUS: dict[str, str] = {
    "BOUGHT": "new",
    "FILLED_IN": "new",
    "READY_FOR_PROCESSING": "new",
    "CANCELLED": "cancelled",
}


@dataclass(frozen=True)
class Mapping:
    products: ProductMapping = field(default_factory=ProductMapping)
    order_status: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ORDER_STATUS))
    shipping: NameMapping = field(default_factory=lambda: NameMapping(default="Przesyłka Allegro"))
    payment: NameMapping = field(default_factory=lambda: NameMapping(default="Płatność Allegro"))


@dataclass(frozen=True)
class Rule:
    """An explicit rule: on these Allegro event types, run these handlers in order."""

    name: str
    events: tuple[str, ...]
    handlers: tuple[str, ...]
    archival: bool = False  # also apply to archival orders


@dataclass(frozen=True)
class Manifest:
    version: int
    shop: ShopConfig
    allegro: AllegroConfig
    location: Location | None
    sync: SyncOptions
    email: EmailConfig | None
    mapping: Mapping
    rules: tuple[Rule, ...] = ()
    stock: StockConfig = field(default_factory=StockConfig)
    source: Path | None = None  # the file it was loaded from
