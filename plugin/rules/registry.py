"""The table of handlers by name. The engine looks handlers up here and knows none of them itself;
the manifest validator reads the same table to check ``rules:``.

A handler is registered with ``@handler("name")``; its module must be imported for it to be known, which
``known_handlers()`` does by importing ``plugin.sync.handlers``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from plugin.allegro.models import ORDER_EVENT_TYPES

#: Allegro order event types (``OrderEventType`` in Allegro's spec) a rule may react to.
EVENT_TYPES: tuple[str, ...] = ORDER_EVENT_TYPES

Handler = Callable[..., Any]
_HANDLERS: dict[str, Handler] = {}
HANDLER_PACKAGE = "plugin.sync.handlers"


def handler(name: str) -> Callable[[Handler], Handler]:
    """Register ``func`` under ``name``; a second registration of the same name is a programming error."""

    def register(func: Handler) -> Handler:
        if name in _HANDLERS and _HANDLERS[name] is not func:
            raise ValueError(f"handler {name!r} is registered twice")
        _HANDLERS[name] = func
        return func

    return register


def known_handlers() -> dict[str, Handler]:
    """All registered handlers by name (imports the built-in handler package first)."""
    try:
        importlib.import_module(HANDLER_PACKAGE)
    except ModuleNotFoundError as exc:  # the engine package may not be built yet
        if not (exc.name or "").startswith("plugin.sync"):
            raise
    return dict(_HANDLERS)


def get_handler(name: str) -> Handler:
    handlers = known_handlers()
    try:
        return handlers[name]
    except KeyError:
        raise KeyError(f"unknown handler {name!r}; known: {', '.join(sorted(handlers))}") from None
