"""Hypothesis strategies for manifests, written by hand (so they follow the schema's real constraints).

``manifest_documents()`` draws valid manifests as plain data (what ``yaml.safe_dump`` writes);
``mutated_texts(document)`` draws YAML texts broken in the ways integrators break them. Use them to
property-test your own tooling around allegro-sync manifests::

    @given(manifest_documents())
    def test_my_generator(doc): ...

Secrets are literal only with ``environment: local``; other environments read ``${ALLEGRO_CLIENT_ID}`` and
``${ALLEGRO_CLIENT_SECRET}``: pass ``ENV`` (or your own values) as ``env=`` when loading.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import strategies as st

from plugin.manifest.catalogue import CATALOGUE, EVENT_TYPES, OPTIONS

VOIVODESHIPS: tuple[str, ...] = (
    "dolnośląskie", "kujawsko-pomorskie", "lubelskie", "lubuskie", "łódzkie", "małopolskie", "mazowieckie",
    "opolskie", "podkarpackie", "podlaskie", "pomorskie", "śląskie", "świętokrzyskie", "warmińsko-mazurskie",
    "wielkopolskie", "zachodniopomorskie",
)  # fmt: skip
#: Handlers a drawn rule may name (the email handlers need an email section, so they are left out).
HANDLERS: tuple[str, ...] = tuple(name for name, spec in CATALOGUE.items() if not spec.templates)
STATUSES: tuple[str, ...] = ("BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "CANCELLED")
#: Environment for manifests of non-local environments drawn here.
ENV: dict[str, str] = {"ALLEGRO_CLIENT_ID": "ci-client-id", "ALLEGRO_CLIENT_SECRET": "ci-client-secret"}

# Polish text, digits, spaces and some punctuation; no "$" (it would start a ${NAME}) and no control characters.
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPRSTUWZąćęłńóśźżĄĆĘŁŃÓŚŹŻ0123456789 -_.,'\"/&()!?:#"
text = st.text(alphabet=_ALPHABET, min_size=1, max_size=30).filter(lambda s: s.strip() == s and s.strip())
slug = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
https_url = slug.map(lambda s: f"https://{s}.example.pl")
email = st.tuples(slug, slug).map(lambda p: f"{p[0]}@{p[1]}.example.pl")
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date.today())  # validate refuses a future one


def _optional(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    """A value, or ``None`` meaning "leave the key out"."""
    return draw(st.one_of(st.none(), strategy))


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value


@st.composite
def allegro_sections(draw: st.DrawFn) -> dict[str, Any]:
    environment = draw(st.sampled_from(["local", "sandbox", "production"]))
    section: dict[str, Any] = {"environment": environment}
    if environment == "local":
        section |= {"client_id": draw(slug), "client_secret": draw(slug)}
        _put(section, "api_url", _optional(draw, st.integers(1024, 65535).map(lambda p: f"http://127.0.0.1:{p}")))
    else:
        section |= {"client_id": "${ALLEGRO_CLIENT_ID}", "client_secret": "${ALLEGRO_CLIENT_SECRET}"}
    section["connected_since"] = draw(dates)
    _put(section, "language", _optional(draw, st.sampled_from(["pl-PL", "en-US", "cs-CZ"])))
    return section


sync_sections = st.fixed_dictionaries(
    {},
    optional={
        "import_orders": st.booleans(),
        "send_confirmation_email": st.booleans(),
        "import_archived": st.booleans(),
        "update_stock": st.booleans(),
        "register_customers": st.booleans(),
        "negative_stock": st.sampled_from(["allow", "clamp", "quarantine"]),
        "list_products": st.booleans(),
    },
)
location_sections = st.fixed_dictionaries(
    {
        "city": text,
        "postal_code": st.tuples(st.integers(0, 99), st.integers(0, 999)).map(lambda p: f"{p[0]:02d}-{p[1]:03d}"),
        "voivodeship": st.sampled_from(VOIVODESHIPS),
    }
)
name_mappings = st.fixed_dictionaries({"default": text}, optional={"names": st.dictionaries(text, text, max_size=3)})
mapping_sections = st.fixed_dictionaries(
    {},
    optional={
        "products": st.one_of(
            st.just({"match": "external_id"}),
            st.fixed_dictionaries(
                {
                    "match": st.just("offer_map"),
                    "offers": st.dictionaries(st.integers(1, 10**11).map(str), slug, min_size=1, max_size=4),
                }
            ),
        ),
        "order_status": st.dictionaries(st.sampled_from(STATUSES), slug, max_size=4),
        "shipping": name_mappings,
        "payment": name_mappings,
    },
)


@st.composite
def rules(draw: st.DrawFn) -> dict[str, Any]:
    """An explicit rule the validator accepts: handlers that all run on the rule's events (per the catalogue)."""
    handlers = draw(st.lists(st.sampled_from(HANDLERS), min_size=1, max_size=3))
    accepted = [e for e in EVENT_TYPES if all(e in CATALOGUE[name].events for name in handlers)]
    if not accepted:  # handlers with no event in common: keep the first one's
        handlers = handlers[:1]
        accepted = list(CATALOGUE[handlers[0]].events)
    rule: dict[str, Any] = {
        "name": draw(text),
        "events": draw(st.lists(st.sampled_from(accepted), min_size=1, max_size=3, unique=True)),
        "handlers": handlers,
    }
    _put(rule, "archival", _optional(draw, st.booleans()))
    return rule


@st.composite
def manifest_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid manifest as plain data, with ``connected_since`` as a ``datetime.date`` (YAML writes a date)."""
    document: dict[str, Any] = {
        "version": 1,
        "shop": {"name": draw(text), "url": draw(https_url)},
        "allegro": draw(allegro_sections()),
    }
    _put(document["shop"], "email", _optional(draw, email))
    _put(document, "location", _optional(draw, location_sections))
    _put(document, "sync", _optional(draw, sync_sections))
    sync = document.get("sync", {})
    if sync.get("list_products") and "location" not in document:  # offers need the shop's location
        document["location"] = draw(location_sections)
    mailing = [option.name for option in OPTIONS if option.templates]  # the options that send emails
    mails = any(sync.get(name) for name in mailing)
    if draw(st.booleans()):
        document["email"] = {"sender": draw(email), "language": draw(st.sampled_from(["pl", "en"]))}
        if mails and sync.get("import_archived"):  # the mass-mailing guard wants an explicit decision
            document["email"]["archived_orders"] = draw(
                st.one_of(st.just({"send": False}), st.builds(lambda n: {"send": True, "max": n}, st.integers(0, 1000)))
            )
        else:
            _put(document["email"], "archived_orders", _optional(draw, st.just({"send": False})))
    else:  # these options send emails, which needs an email section
        for name in mailing:
            if name in sync:
                sync[name] = False
    _put(document, "mapping", _optional(draw, mapping_sections))
    _put(document, "rules", _optional(draw, st.lists(rules(), max_size=3)))
    return document


def dump(document: dict[str, Any], *, flow: bool = False) -> str:
    """YAML text of ``document`` as an integrator would write it (UTF-8, keys in the given order)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, default_flow_style=flow)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        document = document[part]
    return document


#: Keys the schema requires wherever they appear in drawn manifests: deleting one always invalidates.
REQUIRED_KEYS = frozenset(
    {"version", "shop", "allegro", "name", "url", "environment", "client_id", "client_secret", "connected_since"}
    | {"city", "postal_code", "voivodeship", "events", "handlers", "sender"}
)


def _delete(document: Any, path: tuple[Any, ...], draw: st.DrawFn) -> str:
    required = [p for p in _paths(document) if isinstance(p[-1], str) and p[-1] in REQUIRED_KEYS]
    required = [p for p in required if not (len(p) > 1 and p[-2] == "names")]
    path = draw(st.sampled_from(required))
    del _parent(document, path)[path[-1]]
    return dump(document)


def _retype(document: Any, path: tuple[Any, ...], draw: st.DrawFn) -> str:
    parent = _parent(document, path)
    old = parent[path[-1]]
    choices = [v for v in (7, "tak", [1, 2], {"x": 1}, None, 2.5) if type(v) is not type(old)]
    if len(path) > 1 and path[-2] == "offers":  # an offer's product code may be a number
        choices.remove(7)
    parent[path[-1]] = draw(st.sampled_from(choices))
    return dump(document)


def _inject_key(document: Any, path: tuple[Any, ...], draw: st.DrawFn) -> str:
    parent = _parent(document, path)
    in_free_mapping = len(path) > 1 and path[-2] == "names"  # names: any key is allowed
    target = parent if isinstance(parent, dict) and not in_free_mapping else document
    target[draw(st.sampled_from(["improt_orders", "webapi_key", "colour", "on_event", "cleint_id"]))] = True
    return dump(document)


def _duplicate_key(document: Any, path: tuple[Any, ...], draw: st.DrawFn) -> str:
    lines = dump(document).splitlines()
    keyed = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("-")]
    index = draw(st.sampled_from(keyed))
    lines.insert(index + 1, lines[index])
    return "\n".join(lines) + "\n"


def _truncate(document: Any, path: tuple[Any, ...], draw: st.DrawFn) -> str:
    text_ = dump(document)
    return text_[: draw(st.integers(0, max(0, len(text_) - 1)))]


#: Mutations that always leave an invalid manifest (a truncation may cut off only optional sections).
ALWAYS_INVALID = frozenset({"delete-key", "change-type", "inject-unknown-key", "duplicate-key"})
MUTATIONS = {
    "delete-key": _delete,
    "change-type": _retype,
    "inject-unknown-key": _inject_key,
    "duplicate-key": _duplicate_key,
    "truncate": _truncate,
}


@st.composite
def mutated_texts(draw: st.DrawFn, document: dict[str, Any] | None = None) -> tuple[str, str]:
    """``(mutation name, YAML text)``: a valid manifest broken by one mutation from ``MUTATIONS``."""
    import copy

    document = copy.deepcopy(document if document is not None else draw(manifest_documents()))
    name = draw(st.sampled_from(sorted(MUTATIONS)))
    path = draw(st.sampled_from(_paths(document)))
    return name, MUTATIONS[name](document, path, draw)
