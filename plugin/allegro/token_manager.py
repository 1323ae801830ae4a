"""Keeps a valid access token at hand: refreshes ahead of expiry and after a 401, one process at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from plugin.allegro.oauth import OAuthClient
from plugin.allegro.tokens import TokenSet, TokenStore
from plugin.exceptions import AuthError


def utc_now() -> datetime:
    return datetime.now(UTC)


class TokenManager:
    def __init__(
        self,
        store: TokenStore,
        oauth: OAuthClient,
        tokens: TokenSet,
        *,
        margin: float = 300.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.oauth = oauth
        self.tokens = tokens
        self.margin = margin
        self.clock = clock
        self.refreshes = 0
        self._lock = threading.Lock()

    def access_token(self) -> str:
        if self.tokens.due(self.clock(), self.margin):
            self.refresh(self.tokens.access_token)
        return self.tokens.access_token

    def refresh(self, stale_access_token: str) -> None:
        """Refreshes unless another thread or process already did (then its new pair is simply adopted)."""
        with self._lock, self.store.locked():
            current = self.store.load() or self.tokens
            fresh_elsewhere = current.access_token != stale_access_token
            if fresh_elsewhere and not current.due(self.clock(), self.margin):
                self.tokens = current
                return
            if current.account_id != self.tokens.account_id:
                raise AuthError(
                    f"{self.store.path} now holds tokens of Allegro account {current.account_id}, not "
                    f"{self.tokens.account_id}; use a separate token_file per account"
                )
            new = self.oauth.refresh(current)
            self.store.save(new)  # on disk before use: the old refresh token is spent
            self.tokens = new
            self.refreshes += 1
