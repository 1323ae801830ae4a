"""Allegro's OAuth2 endpoints from the client's side: the device flow and the refresh grant.

The client authenticates with HTTP Basic (client id and secret); the secret is never logged or stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests

from plugin.allegro.retry import RetryPolicy
from plugin.allegro.tokens import TokenSet
from plugin.exceptions import AuthError, AuthServerUnavailable

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


@dataclass(frozen=True)
class DeviceAuthorization:
    """What the user needs to approve this app, and what we poll with."""

    device_code: str = field(repr=False)
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    interval: int
    expires_in: int


class OAuthClient:
    def __init__(
        self,
        auth_url: str,
        api_url: str,
        client_id: str,
        client_secret: str,
        *,
        session: requests.Session | None = None,
        policy: RetryPolicy | None = None,
        user_agent: str = "allegro-sync",
    ) -> None:
        self.base = auth_url.rstrip("/")
        self.api_url = api_url
        self.client_id = client_id
        self._secret = client_secret
        self.session = session or requests.Session()
        self.policy = policy or RetryPolicy()
        self.headers = {"User-Agent": user_agent, "Accept": "application/json"}

    def _post(self, path: str, *, params: dict | None = None, data: dict | None = None) -> requests.Response:
        what = f"POST {self.base}{path}"
        try:
            return self.session.post(
                self.base + path,
                params=params,
                data=data,
                auth=(self.client_id, self._secret),
                headers=self.headers,
                timeout=self.policy.timeout,
            )
        except requests.RequestException as exc:
            raise AuthServerUnavailable(
                f"no answer from the OAuth server to {what} ({type(exc).__name__}); check allegro.environment and "
                "allegro.api_url (for environment local: is `allegro-sync simulator` running there?)"
            ) from exc

    @staticmethod
    def _body(response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        return body if isinstance(body, dict) else {}

    def start_device(self) -> DeviceAuthorization:
        response = self._post("/auth/oauth/device", data={"client_id": self.client_id})
        body = self._body(response)
        if response.status_code != 200 or "device_code" not in body:
            raise AuthError(
                f"the device flow could not start ({response.status_code} {body.get('error', '')}); check that "
                "allegro.client_id and client_secret belong to an app registered as 'device' in Allegro",
                status=response.status_code,
                trace_id=response.headers.get("trace-id"),
            )
        return DeviceAuthorization(
            device_code=body["device_code"],
            user_code=body.get("user_code", ""),
            verification_uri=body.get("verification_uri", ""),
            verification_uri_complete=body.get("verification_uri_complete", body.get("verification_uri", "")),
            interval=int(body.get("interval", 5)),
            expires_in=int(body.get("expires_in", 3600)),
        )

    def wait_for_approval(
        self, device: DeviceAuthorization, *, on_wait: Callable[[str], None] | None = None
    ) -> TokenSet:
        """Polls the token endpoint every ``interval`` seconds (longer after ``slow_down``) until approved."""
        interval, waited = device.interval, 0.0
        while waited <= device.expires_in:
            self.policy.sleep(interval)
            waited += interval
            response = self._post(
                "/auth/oauth/token", params={"grant_type": DEVICE_GRANT, "device_code": device.device_code}
            )
            body = self._body(response)
            if response.status_code == 200:
                return TokenSet.from_grant(body, api_url=self.api_url, client_id=self.client_id, now=datetime.now(UTC))
            error = body.get("error", "")
            if error == "authorization_pending":
                if on_wait:
                    on_wait("waiting for approval…")
                continue
            if error == "slow_down":
                interval += 5
                continue
            raise AuthError(
                f"the device flow ended: {error or response.status_code} {body.get('error_description', '')}; "
                "run `allegro-sync connect MANIFEST` again and approve within the time shown",
                status=response.status_code,
                errors=({"code": error, "message": body.get("error_description")},),
            )
        raise AuthError("the code was not approved in time; run `allegro-sync connect MANIFEST` again")

    def refresh(self, tokens: TokenSet) -> TokenSet:
        """Trades the (single-use) refresh token for a new pair; retried once, safe within Allegro's 60 s grace."""
        params = {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}
        for attempt in range(2):
            try:
                response = self._post("/auth/oauth/token", params=params)
            except AuthError:
                if attempt:
                    raise
                continue
            if response.status_code >= 500 and not attempt:
                continue
            break
        body = self._body(response)
        if response.status_code != 200:
            raise AuthError(
                f"Allegro refused to refresh the token ({body.get('error') or response.status_code}); "
                "the refresh token "
                "is single-use and lasts 3 months — run `allegro-sync connect MANIFEST` to connect again",
                status=response.status_code,
                errors=({"code": body.get("error"), "message": body.get("error_description")},),
            )
        fresh = TokenSet.from_grant(body, api_url=self.api_url, client_id=self.client_id, now=datetime.now(UTC))
        return fresh.bound_to(tokens.account_id, tokens.account_login) if tokens.account_id else fresh
