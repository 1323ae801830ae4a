"""Every HTTP call to Allegro's REST API goes through ``Transport.call``: headers, timeouts, classified retries.

- 401: refresh the token once, then repeat.
- 429: wait ``Retry-After`` (or the configured pause), then repeat — the request was not processed.
- 5xx, timeouts, broken bodies: repeated with jittered exponential backoff, but only for reads and for
  writes the caller marks ``idempotent`` (a quantity command under a deterministic command id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from plugin import __version__
from plugin.allegro import errors
from plugin.allegro.retry import RetryPolicy
from plugin.allegro.token_manager import TokenManager
from plugin.exceptions import AllegroAPIError
from plugin.http_retry import BROKEN, json_body

VENDOR_JSON = "application/vnd.allegro.public.v1+json"
USER_AGENT = f"allegro-sync/{__version__} (Shoper-Allegro integration; +https://github.com/allegro-sync)"
READS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: requests.structures.CaseInsensitiveDict


class Transport:
    def __init__(
        self,
        api_url: str,
        tokens: TokenManager,
        *,
        language: str = "pl-PL",
        policy: RetryPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base = api_url.rstrip("/")
        self.tokens = tokens
        self.policy = policy or RetryPolicy()
        self.session = session or requests.Session()
        self.session.headers.update({"Accept": VENDOR_JSON, "Accept-Language": language, "User-Agent": USER_AGENT})
        self.calls = 0
        self.retries = 0

    def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        json: Any = None,
        idempotent: bool = False,
        expect: tuple[int, ...] = (200,),
    ) -> Answer:
        """One logical request; statuses in ``expect`` are answers, others raise our error types."""
        what = f"{method} {path}"
        safe = method in READS or idempotent
        refreshed = False
        for attempt in range(self.policy.max_attempts):
            last = attempt == self.policy.max_attempts - 1
            token = self.tokens.access_token()
            try:
                response = self._send(method, path, params, json, token)
            except (requests.Timeout, requests.ConnectionError) as exc:
                if safe and not last:
                    self._pause(self.policy.backoff(attempt))
                    continue
                if not safe:
                    raise AllegroAPIError(
                        f"no answer from Allegro to {what} ({type(exc).__name__}); it may or may not have been "
                        "applied — check the offer on Allegro before repeating"
                    ) from exc
                raise errors.unreachable(what, exc) from exc
            status = response.status_code
            if status in expect:
                body = json_body(response)
                if body is BROKEN:
                    if safe and not last:
                        self._pause(self.policy.backoff(attempt))
                        continue
                    raise errors.malformed(what, response)
                return Answer(status, body, response.headers)
            if status == 401 and not refreshed:
                refreshed = True
                self.tokens.refresh(token)
                continue
            if status == 429 and not last:
                self._pause(self.policy.retry_after(response.headers.get("Retry-After")))
                continue
            if status >= 500 and safe and not last:
                self._pause(self.policy.backoff(attempt))
                continue
            raise errors.from_response(response, what)
        raise AllegroAPIError(f"gave up on {what} after {self.policy.max_attempts} attempts")  # pragma: no cover

    def _send(self, method: str, path: str, params: Any, body: Any, token: str) -> requests.Response:
        self.calls += 1
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = VENDOR_JSON
        return self.session.request(
            method,
            self.base + path,
            params=params,
            json=body,
            headers=headers,
            timeout=self.policy.timeout,
            allow_redirects=False,
        )

    def _pause(self, seconds: float) -> None:
        self.retries += 1
        self.policy.sleep(seconds)
