"""Connecting a manifest to an Allegro account: the device flow, the token file and the account binding."""

from __future__ import annotations

from collections.abc import Callable

import requests

from plugin.allegro.client import AllegroClient
from plugin.allegro.oauth import OAuthClient
from plugin.allegro.retry import RetryPolicy
from plugin.allegro.token_manager import TokenManager
from plugin.allegro.tokens import TokenSet, TokenStore
from plugin.allegro.transport import USER_AGENT, Transport
from plugin.exceptions import AuthError
from plugin.manifest.model import Manifest


def _session(manifest: Manifest) -> requests.Session:
    """The simulator is on loopback: no proxy from the environment may sit between (nor cost time per call)."""
    session = requests.Session()
    session.trust_env = manifest.allegro.environment != "local"
    return session


def _oauth(manifest: Manifest, policy: RetryPolicy) -> OAuthClient:
    config = manifest.allegro
    return OAuthClient(
        config.auth_url,
        config.api_url,
        config.client_id,
        config.client_secret,
        session=_session(manifest),
        policy=policy,
        user_agent=USER_AGENT,
    )


def _client(manifest: Manifest, tokens: TokenSet, policy: RetryPolicy) -> AllegroClient:
    config = manifest.allegro
    store = TokenStore(config.token_file)
    manager = TokenManager(store, _oauth(manifest, policy), tokens, margin=policy.refresh_margin)
    transport = Transport(config.api_url, manager, language=config.language, policy=policy, session=_session(manifest))
    return AllegroClient(transport)


def connect(
    manifest: Manifest,
    *,
    show: Callable[[str], None] = print,
    policy: RetryPolicy | None = None,
    replace_account: bool = False,
) -> AllegroClient:
    """Runs the device flow, binds the tokens to the account from ``/me`` and stores them (0600)."""
    policy = policy or RetryPolicy()
    config = manifest.allegro
    store = TokenStore(config.token_file)
    with store.locked():  # a token file we could not use fails now, not after the user approved the code
        _previous(store, replace_account)
    oauth = _oauth(manifest, policy)
    device = oauth.start_device()
    # the simulator answers with Allegro's own address, as Allegro would, and approves by itself
    local = " (the local simulator approves it by itself: nothing to open)" if config.environment == "local" else ""
    show(f"Open {device.verification_uri_complete} and confirm the code {device.user_code}{local}")
    tokens = oauth.wait_for_approval(device, on_wait=show)
    client = _client(manifest, tokens, policy)
    me = client.me()
    bound = tokens.bound_to(str(me.get("id")), me.get("login"))
    with store.locked():
        previous = _previous(store, replace_account)
        if previous and previous.account_id and previous.account_id != bound.account_id and not replace_account:
            raise AuthError(
                f"{store.path} belongs to Allegro account {previous.account_login} (id {previous.account_id}), but "
                f"you approved {bound.account_login} (id {bound.account_id}); log in to the right account, or pass "
                "--replace-account (or set another allegro.token_file) to switch accounts"
            )
        store.save(bound)
    client.transport.tokens.tokens = bound
    return client


def _previous(store: TokenStore, replace_account: bool) -> TokenSet | None:
    """The stored tokens (call under ``store.locked()``); a damaged file protects no account once the user
    chose to replace it."""
    try:
        return store.load()
    except AuthError:
        if replace_account and store.path.is_file():
            return None
        raise


def open_client(manifest: Manifest, *, interactive: bool = False, policy: RetryPolicy | None = None) -> AllegroClient:
    """A client from the stored tokens (refreshed when due); for ``local`` without tokens, connects by itself.

    The simulator forgets its tokens when it restarts, so for ``local`` unusable tokens mean a fresh connection.
    """
    policy = policy or RetryPolicy()
    if manifest.allegro.environment != "local":
        return _open_stored(manifest, interactive, policy)
    try:
        return _open_stored(manifest, interactive, policy)
    except AuthError:
        return connect(manifest, policy=policy, show=lambda _: None, replace_account=True)


def _open_stored(manifest: Manifest, interactive: bool, policy: RetryPolicy) -> AllegroClient:
    config = manifest.allegro
    store = TokenStore(config.token_file)
    tokens = store.load()
    if tokens is None:
        if config.environment == "local" or interactive:
            return connect(manifest, policy=policy, show=print if interactive else (lambda _: None))
        raise AuthError(
            f"no Allegro tokens in {config.token_file}; "
            f"run `allegro-sync connect {manifest.source or 'MANIFEST'}` first"
        )
    if tokens.api_url.rstrip("/") != config.api_url.rstrip("/") or tokens.client_id != config.client_id:
        raise AuthError(
            f"{config.token_file} was made for {tokens.api_url} (client {tokens.client_id}), not {config.api_url} "
            f"(client {config.client_id}); run `allegro-sync connect` again or set another allegro.token_file"
        )
    client = _client(manifest, tokens, policy)
    me = client.me()
    if tokens.account_id and str(me.get("id")) != tokens.account_id:
        raise AuthError(
            f"the tokens in {config.token_file} now act for Allegro account {me.get('login')} (id {me.get('id')}), "
            f"but this manifest was connected to {tokens.account_login} (id {tokens.account_id}); run "
            "`allegro-sync connect --replace-account` if the switch is intended"
        )
    if not tokens.account_id:
        current = client.transport.tokens.tokens.bound_to(str(me.get("id")), me.get("login"))
        with store.locked():
            store.save(current)
        client.transport.tokens.tokens = current
    return client
