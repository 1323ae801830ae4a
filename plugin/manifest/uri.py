"""The ``uri`` format of the manifest's schema: an absolute URI (RFC 3986), checked without a dependency."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: An absolute URI (RFC 3986 section 3): a scheme, then only characters a URI may hold, escapes well formed.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


def is_uri(value: object) -> bool:
    """The ``uri`` format, without a dependency: the schema's URLs are also held to ``^https?://`` patterns,
    and a port out of range is the semantic checks' finding."""
    if not isinstance(value, str):
        return True
    if _URI.fullmatch(value) is None:
        return False
    try:
        urlsplit(value)  # an unbalanced [ of an IPv6 host
    except ValueError:
        return False
    return True
