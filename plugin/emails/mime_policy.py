"""The email policy our messages are built with: ``policy.SMTP`` that remembers what it parsed and folded.

The stdlib registry makes a new header class on every lookup (``type(...)`` per ``msg[name]``), parses each
value again, and folds every header of every message from its parse tree. Header objects are immutable
``str`` subclasses whose parse tree follows from (name, class, text), so the same triple always parses and
folds the same: we build each header class once and keep the last few hundred parsed and folded headers
(the shop's own From and Reply-To repeat in every message).
"""

from __future__ import annotations

from collections import OrderedDict
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.policy import EmailPolicy
from typing import Any

_KEEP = 512  # distinct headers remembered; buyer-specific ones pass through and are forgotten


class _Memo:
    """A small bounded map (least recently used goes first)."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> Any:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: tuple[Any, ...], value: Any) -> Any:
        self._items[key] = value
        if len(self._items) > _KEEP:
            self._items.popitem(last=False)
        return value


class CachingRegistry(HeaderRegistry):
    """A ``HeaderRegistry`` that builds each header class once and reuses headers parsed from text."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}
        self._parsed = _Memo()

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found

    def __call__(self, name: str, value: Any) -> BaseHeader:
        if isinstance(value, Address):  # the header keeps only the parts of the address
            key: tuple[Any, ...] = (name, Address, value.display_name, value.username, value.domain)
        elif isinstance(value, str):
            key = (name, value)
        else:
            return self[name](name, value)
        return self._parsed.get(key) or self._parsed.put(key, self[name](name, value))


class CachingPolicy(EmailPolicy):
    """``EmailPolicy`` whose folding is remembered per (fold settings, name, header class, text, binary)."""

    def _fold(self, name: str, value: Any, refold_binary: bool = False) -> str:
        if not hasattr(value, "name"):  # a raw line we stored ourselves: the stdlib path is already cheap
            return super()._fold(name, value, refold_binary)
        settings = (self.linesep, self.max_line_length, self.utf8, self.refold_source)
        key = (settings, name, type(value), str(value), refold_binary)
        memo: _Memo = _FOLDED
        return memo.get(key) or memo.put(key, super()._fold(name, value, refold_binary))


_FOLDED = _Memo()
POLICY = CachingPolicy(linesep="\r\n", header_factory=CachingRegistry())  # policy.SMTP's settings
