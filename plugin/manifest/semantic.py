"""Checks the schema cannot express, reported like schema errors (file, line, column, path, fix).

Each check is a function in ``CHECKS``; they read the loaded data defensively, since it may also be
schema-invalid, and never raise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from plugin.manifest.catalogue import CATALOGUE, EVENT_TYPES, OPTIONS, templates_of
from plugin.manifest.findings import Finding, Severity
from plugin.manifest.paths import Path_, json_path
from plugin.manifest.suggest import did_you_mean, one_of
from plugin.manifest.yaml_tree import YamlDoc
from plugin.resources import TEMPLATES_DIR


@dataclass(frozen=True)
class Context:
    doc: YamlDoc
    file: str
    folder: Path  # the manifest's folder: relative paths are resolved against it

    def get(self, *path: str) -> Any:
        value: Any = self.doc.data
        for part in path:
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def finding(self, path: Path_, severity: Severity, message: str, code: str, *, key: bool = True) -> Finding:
        line, col = self.doc.position(path, key=key)
        return Finding(self.file, line, col, severity, message, json_path(path), code)


def _walk_keys(value: Any, path: Path_) -> Iterator[Path_]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _walk_keys(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_keys(item, (*path, index))


def check_webapi_key(ctx: Context) -> Iterator[Finding]:
    for path in _walk_keys(ctx.doc.data, ()):
        if path[-1] == "webapi_key":
            yield ctx.finding(
                path,
                "error",
                "webapi_key belongs to Allegro's SOAP WebAPI, which Allegro switched off in 2020 (production on "
                "2020-10-26). Remove it; under allegro: write client_id and client_secret of an app registered at "
                "https://apps.developer.allegro.pl, then run `allegro-sync connect MANIFEST` once to authorise it.",
                "webapi-key",
            )


def _rules(ctx: Context) -> list[tuple[int, dict[str, Any]]]:
    rules = ctx.get("rules")
    return [(i, r) for i, r in enumerate(rules) if isinstance(r, dict)] if isinstance(rules, list) else []


def _email_sources(ctx: Context) -> list[tuple[Path_, str]]:
    """What would send confirmation or registration emails: sync options and explicit rules."""
    sources: list[tuple[Path_, str]] = [
        (("sync", option.name), f"{option.name} ({', '.join(option.templates)} email)")
        for option in OPTIONS
        if option.templates and ctx.get("sync", option.name) is True
    ]
    for index, rule in _rules(ctx):
        handlers = rule.get("handlers")
        for name in handlers if isinstance(handlers, list) else []:
            if isinstance(name, str) and templates_of([name]):
                sources.append((("rules", index, "handlers"), f"rule {rule.get('name', index)!r} ({name})"))
    return sources


def check_mass_mailing(ctx: Context) -> Iterator[Finding]:
    archived = ctx.get("sync", "import_archived")
    if not (archived is True or isinstance(archived, dict)) or not isinstance(ctx.get("email"), dict):
        return  # without an email section nothing is sent (and check_email_section says so)
    sources = _email_sources(ctx)
    policy = ctx.get("email", "archived_orders")
    policy = policy if isinstance(policy, dict) else {}
    if not sources or policy.get("send") is False:
        return  # an explicit ``send: false`` is a decision: archival orders are imported without any email
    if policy.get("send") is True and isinstance(policy.get("max"), int):
        return
    what = ", ".join(label for _, label in sources)
    yield ctx.finding(
        ("sync", "import_archived"),
        "error",
        f"Archival import together with emails ({what}) could mail every past buyer at once. Decide "
        f"explicitly: email: {{archived_orders: {{send: false}}}} imports them without any email, "
        f"{{send: true, max: 50}} mails at most 50 of them; or set import_archived: false.",
        "mass-mailing",
    )


def check_email_section(ctx: Context) -> Iterator[Finding]:
    if isinstance(ctx.get("email"), dict):
        return
    for path, label in _email_sources(ctx):
        yield ctx.finding(
            path,
            "error",
            f"{label} sends emails, but the manifest has no email: section; add one with sender.",
            "email",
        )


def check_rule_handlers(ctx: Context) -> Iterator[Finding]:
    known = sorted(CATALOGUE)
    for index, rule in _rules(ctx):
        handlers = rule.get("handlers")
        events = rule.get("events")
        events = [e for e in events if e in EVENT_TYPES] if isinstance(events, list) else []
        for position, name in enumerate(handlers if isinstance(handlers, list) else []):
            if not isinstance(name, str):
                continue
            spec = CATALOGUE.get(name)
            if spec is None:
                yield ctx.finding(
                    ("rules", index, "handlers", position),
                    "error",
                    f"Unknown handler {name!r}.{did_you_mean(name, known)} Known handlers: {one_of(known)}.",
                    "unknown-handler",
                    key=False,
                )
                continue
            wrong = [event for event in events if event not in spec.events]
            if wrong:
                none = len(wrong) == len(events)
                yield ctx.finding(
                    ("rules", index, "handlers", position),
                    "error" if none else "warning",
                    f"{name} ({spec.does}) runs on {', '.join(spec.events)}, not on {', '.join(wrong)}. "
                    + ("Give this rule one of those events." if none else f"Put {name} in a rule of its own."),
                    "handler-event",
                    key=False,
                )


def check_api_url(ctx: Context) -> Iterator[Finding]:
    environment = ctx.get("allegro", "environment")
    if ctx.get("allegro", "api_url") is not None and environment in ("production", "sandbox"):
        yield ctx.finding(
            ("allegro", "api_url"),
            "error",
            f"api_url is only for environment: local (the simulator); Allegro's {environment} address is "
            f"known. Remove api_url, or set environment: local.",
            "api-url",
        )


def check_backend(ctx: Context) -> Iterator[Finding]:
    """A Shoper backend logs in one way (a WebAPI user or a Token API) and has a customer for every order."""
    backend = ctx.get("shop", "backend")
    if not isinstance(backend, dict) or backend.get("type") != "shoper":
        return
    where = ("shop", "backend")
    if "token" in backend and ("client_id" in backend or "client_secret" in backend):
        yield ctx.finding(
            (*where, "token"),
            "error",
            "Give the Shoper backend either token (a Token API) or client_id + client_secret (a WebAPI user), "
            "not both. Remove the one you do not use.",
            "shoper-login",
        )
    elif "token" not in backend and not ("client_id" in backend and "client_secret" in backend):
        yield ctx.finding(
            where,
            "error",
            "The Shoper backend needs a login: both client_id and client_secret of a WebAPI user (panel: "
            "Konfiguracja > Administracja, system > Administratorzy) or token: ${SHOPER_TOKEN} (panel: "
            "Integracje > Dodaj integrację).",
            "shoper-login",
        )
    if not ctx.get("sync", "register_customers") and "guest_account" not in backend:
        yield ctx.finding(
            where,
            "error",
            "Shoper needs a customer on every order, and sync.register_customers is off: add guest_account: "
            "<email of the shop account that receives Allegro orders> (created once if it does not exist), or "
            "set sync.register_customers: true.",
            "shoper-guest-account",
        )


def check_sender(ctx: Context) -> Iterator[Finding]:
    sender = ctx.get("email", "sender")
    if isinstance(sender, str) and ctx.get("allegro", "environment") != "local":
        yield ctx.finding(
            ("email", "sender"),
            "warning",
            f'Add {sender} in Allegro under "Moje Allegro → Twoje adresy e-mail": Allegro relays mail to buyers\' '
            f"masked @allegromail.pl addresses only from senders registered there, or the emails never arrive.",
            "sender",
            key=False,
        )


def _latest_today() -> date:
    """Today's date where it is latest on Earth (UTC+14): a day that has begun anywhere is not the future."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def check_connected_since(ctx: Context) -> Iterator[Finding]:
    written = ctx.get("allegro", "connected_since")
    try:
        since = written if isinstance(written, date) else date.fromisoformat(str(written))
    except ValueError:
        return  # the schema reports a malformed date
    if since > _latest_today():
        yield ctx.finding(
            ("allegro", "connected_since"),
            "error",
            f"connected_since {since.isoformat()} is in the future: every order bought before it is archival, so "
            "`run` would import nothing new until that day. Write the day the shop was connected to Allegro "
            "(today at the latest).",
            "connected-since-future",
            key=False,
        )


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def check_url_ports(ctx: Context) -> Iterator[Finding]:
    for path, value in _strings(ctx.doc.data, ()):
        if not _URL.match(value):
            continue
        try:
            urlsplit(value).port  # noqa: B018 - reading it is the check: Python refuses ports out of range
        except ValueError:
            host = value.split("//", 1)[-1].split("/", 1)[0]
            if "]" in host and not host.rpartition("]")[2].startswith(":"):
                continue  # a malformed IPv6 host, not a port: the schema's uri format reports it
            port = host.rpartition(":")[2]
            yield ctx.finding(
                path,
                "error",
                f"{'.'.join(map(str, path))}: port {port or '(empty)'} in {value} is not a port; a port is a number "
                "from 1 to 65535, e.g. http://127.0.0.1:8765.",
                "url-port",
                key=False,
            )


def templates_folder(ctx: Context) -> Path:
    written = ctx.get("email", "templates")
    return (ctx.folder / Path(written).expanduser()) if isinstance(written, str) and written else TEMPLATES_DIR


def check_templates_folder(ctx: Context) -> Iterator[Finding]:
    if not isinstance(ctx.get("email"), dict) or not _email_sources(ctx):
        return
    folder = templates_folder(ctx)
    if not folder.is_dir():
        path: Path_ = ("email", "templates") if ctx.get("email", "templates") else ("email",)
        yield ctx.finding(
            path,
            "error",
            f"The templates folder {folder} does not exist; create it (copy the bundled email_templates/) "
            f"or remove templates: to use the bundled ones.",
            "templates",
            key=False,
        )


def check_listing_location(ctx: Context) -> Iterator[Finding]:
    if ctx.get("sync", "list_products") is True and ctx.get("location") is None:
        yield ctx.finding(
            ("sync", "list_products"),
            "error",
            "list_products: true lists shop products on Allegro, and every offer needs the shop's location; add "
            "a location: section, e.g. location: {city: Kraków, postal_code: 30-001, voivodeship: małopolskie}, "
            "or set list_products: false.",
            "listing-location",
        )


def check_registration(ctx: Context) -> Iterator[Finding]:
    """The registration email's set-password link comes from shop.account_url; guessing one answers 404."""
    registers = ctx.get("sync", "register_customers") is True
    if registers and ctx.get("email") is not None and ctx.get("shop", "account_url") is None:
        yield ctx.finding(
            ("sync", "register_customers"),
            "warning",
            'Registered buyers get an email without a set-password link: it points them to "Nie pamiętam hasła" '
            "on shop.url. Add shop.account_url with your shop's set-password page, e.g. "
            "account_url: https://sklep.example.pl/konto/ustaw-haslo.",
            "account-url",
        )
    if ctx.get("sync", "register_guests") is True and not registers:
        yield ctx.finding(
            ("sync", "register_guests"),
            "warning",
            "register_guests only matters with register_customers: true; set both, or remove register_guests.",
            "register-guests",
        )


def check_push_stock(ctx: Context) -> Iterator[Finding]:
    if ctx.get("sync", "push_stock") is True and ctx.get("sync", "update_stock") is False:
        yield ctx.finding(
            ("sync", "push_stock"),
            "error",
            "push_stock: true sets Allegro quantities from the shop's stock, which Allegro purchases do not lower "
            "while update_stock is false: the units Allegro sold would go on sale again. Set update_stock: true, "
            "or push_stock: false.",
            "push-stock",
        )
    if isinstance(ctx.get("stock"), dict) and ctx.get("sync", "push_stock") is not True:
        yield ctx.finding(
            ("stock",),
            "warning",
            "stock: only matters with sync.push_stock: true (it is ignored now); add push_stock: true to sync:, "
            "or remove stock:.",
            "push-stock",
        )


#: Values that end up in email headers (From, Reply-To, Subject), where CR/LF would start a header of its own.
HEADER_FIELDS: tuple[Path_, ...] = (("shop", "name"), ("shop", "email"), ("email", "sender"), ("email", "reply_to"))


def check_header_text(ctx: Context) -> Iterator[Finding]:
    for path in HEADER_FIELDS:
        value = ctx.get(*path)
        if isinstance(value, str) and any(char in value for char in "\r\n\0"):
            yield ctx.finding(
                path,
                "error",
                f"{'.'.join(path)} holds a line break or NUL character; it goes into the emails' headers, where a "
                "line break would start a header of its own. Write it on one line.",
                "header-text",
                key=False,
            )


CHECKS: dict[str, Callable[[Context], Iterator[Finding]]] = {
    "header-text": check_header_text,
    "webapi-key": check_webapi_key,
    "mass-mailing": check_mass_mailing,
    "email": check_email_section,
    "unknown-handler": check_rule_handlers,
    "api-url": check_api_url,
    "backend": check_backend,
    "sender": check_sender,
    "connected-since": check_connected_since,
    "url-port": check_url_ports,
    "templates": check_templates_folder,
    "listing-location": check_listing_location,
    "registration": check_registration,
    "push-stock": check_push_stock,
}


def check_semantics(doc: YamlDoc, file: str, folder: Path) -> list[Finding]:
    """All findings of the checks in ``CHECKS`` for a loaded (possibly schema-invalid) manifest."""
    if not isinstance(doc.data, dict):
        return []
    ctx = Context(doc, file, folder)
    return [finding for check in CHECKS.values() for finding in check(ctx)]
