"""The Shoper shop backend: the shop port over Shoper's REST API (``shop.backend.type: shoper``)."""

from __future__ import annotations

from plugin.manifest.model import Manifest, ShoperBackend
from plugin.shop.shoper.shoper_shop import ShoperShop
from plugin.shoper import ShoperClient, ShoperPolicy, StaticToken, WebApiUser
from plugin.store.sync_store import SyncStore


def open_shoper(manifest: Manifest, store: SyncStore, policy: ShoperPolicy | None = None) -> ShoperShop:
    backend = manifest.shop.backend
    assert isinstance(backend, ShoperBackend)
    if backend.token:
        credentials: StaticToken | WebApiUser = StaticToken(backend.token)
    else:
        credentials = WebApiUser(backend.client_id or "", backend.client_secret or "")
    return ShoperShop(manifest, store, ShoperClient(backend.url, credentials, policy=policy))


__all__ = ["ShoperShop", "open_shoper"]
