"""Allegro's REST API: OAuth2 tokens, a requests-based client with bounded retries, and the order models.

The public names are re-exported lazily, so importing ``plugin.allegro.models`` does not load ``requests``.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AllegroClient": "plugin.allegro.client",
    "command_id_for": "plugin.allegro.client",
    "connect": "plugin.allegro.connect",
    "open_client": "plugin.allegro.connect",
    "RetryPolicy": "plugin.allegro.retry",
}
__all__ = ["AllegroClient", "RetryPolicy", "command_id_for", "connect", "open_client"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(name)
    return getattr(importlib.import_module(_EXPORTS[name]), name)
