"""The Shoper REST client: one ``call`` with auth, the leaky bucket and classified retries; lists; bulk.

- 401 with a WebAPI user: fetch a new bearer once, then repeat. With a static token: refused.
- 429: wait ``Retry-After``, then repeat (Shoper did nothing).
- Timeouts, dropped connections, 5xx: repeated only when a repeat cannot duplicate a write — reads, PUTs
  (Shoper's PUTs set absolute values), DELETEs and bulk calls made only of those. A POST that got no answer is
  reported as uncertain; the sync store's intents find out later what happened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from plugin import __version__
from plugin.exceptions import ShoperAPIError
from plugin.http_retry import BROKEN, LOOPBACK, Pacing, json_body
from plugin.shoper import failures
from plugin.shoper.bucket import LeakyBucket
from plugin.shoper.bulk import MAX_BULK, BulkOp, BulkResult, answers_of
from plugin.shoper.credentials import BearerCache, Credentials, StaticToken, WebApiUser
from plugin.shoper.entities import Page

MAX_LIMIT = 50
USER_AGENT = f"allegro-sync/{__version__} (Allegro integration for Shoper)"
REPEATABLE = frozenset({"GET", "HEAD", "PUT", "DELETE"})


@dataclass(frozen=True)
class ShoperPolicy(Pacing):
    backoff_cap: float = 20.0
    rate_limit_pause: float = 1.0  # a 429 without Retry-After
    max_retry_after: float = 120.0
    headroom: int = 1  # bucket slots we leave free for the shop's other integrations
    clock: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)


class ShoperClient:
    def __init__(
        self,
        url: str,
        credentials: Credentials,
        *,
        policy: ShoperPolicy | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.base = self.url + "/webapi/rest"
        self.credentials = credentials
        self.policy = policy or ShoperPolicy()
        self.session = session or requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
        self.bucket = LeakyBucket(headroom=self.policy.headroom, clock=self.policy.clock, sleep=self.policy.sleep)
        self.bearers = BearerCache(clock=self.policy.clock)
        self.calls = 0  # HTTP requests sent to Shoper, the figure the bucket charges for
        self.retries = 0

    def close(self) -> None:
        self.session.close()

    # --- the one request loop -------------------------------------------------------------------------------
    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        repeatable: bool | None = None,
        what: str | None = None,
    ) -> Any:
        """One logical request to ``/webapi/rest/<path>``; a 2xx answer's JSON body, or ``ShoperAPIError``."""
        what = what or f"{method} {path}"
        safe = method in REPEATABLE if repeatable is None else repeatable
        renewed = False
        attempts = self.policy.max_attempts
        for attempt in range(attempts):
            last = attempt == attempts - 1
            token = self._bearer()
            try:
                response = self._send(method, path, params, json, token)
            except (requests.Timeout, requests.ConnectionError) as exc:
                if safe and not last:
                    self._pause(self.policy.backoff(attempt))
                    continue
                raise failures.unreachable(what, exc, write=not safe) from None
            status = response.status_code
            if 200 <= status < 300:
                body = json_body(response)
                if body is BROKEN:
                    if safe and not last:
                        self._pause(self.policy.backoff(attempt))
                        continue
                    raise failures.malformed(what, status)
                return body
            if status == 401 and isinstance(self.credentials, WebApiUser) and not renewed:
                renewed = True
                self.bearers.drop()
                continue
            if status == 429 and not last:
                self.bucket.full()
                self._pause(self.policy.retry_after(response.headers.get("Retry-After")))
                continue
            if status >= 500 and safe and not last:
                self._pause(self.policy.backoff(attempt))
                continue
            raise failures.refusal(status, _json_or_none(response), what, method=method, path=path)
        raise ShoperAPIError(f"gave up on {what} after {attempts} attempts")  # pragma: no cover

    # --- verbs ------------------------------------------------------------------------------------------------
    def get(self, resource: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.call("GET", resource, params=params)

    def page(
        self,
        resource: str,
        *,
        page: int = 1,
        limit: int = MAX_LIMIT,
        filters: Mapping[str, Any] | None = None,
        order: Sequence[str] | None = None,
    ) -> Page:
        return Page.parse(self.get(resource, list_params(page=page, limit=limit, filters=filters, order=order)))

    def each(
        self,
        resource: str,
        *,
        filters: Mapping[str, Any] | None = None,
        order: Sequence[str] | None = None,
        limit: int = MAX_LIMIT,
    ) -> Iterator[dict[str, Any]]:
        """Every row of a list, page by page (pages hidden from the caller)."""
        number = 1
        while True:
            current = self.page(resource, page=number, limit=limit, filters=filters, order=order)
            yield from current.items
            if number >= current.pages or not current.items:
                return
            number += 1

    def create(self, resource: str, body: Mapping[str, Any]) -> int:
        """POST; Shoper answers with the bare new id. Never repeated after a timeout or a 5xx."""
        answer = self.call("POST", resource, json=dict(body))
        try:
            return int(answer)
        except (TypeError, ValueError):
            raise ShoperAPIError(f"Shoper answered POST {resource} with {answer!r} instead of the new id") from None

    def update(self, resource: str, ident: int, body: Mapping[str, Any]) -> None:
        self.call("PUT", f"{resource}/{ident}", json=dict(body))

    def delete(self, resource: str, ident: int) -> bool:
        """True when it was deleted now, False when it was already gone (a repeated DELETE answers 404)."""
        try:
            self.call("DELETE", f"{resource}/{ident}")
        except ShoperAPIError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def bulk(self, ops: Sequence[BulkOp]) -> list[BulkResult]:
        """Many operations in ``POST /bulk`` calls of at most 25; each item succeeds or fails on its own."""
        results: list[BulkResult] = []
        for start in range(0, len(ops), MAX_BULK):
            chunk = ops[start : start + MAX_BULK]
            body = [op.wire(self.base) for op in chunk]
            safe = all(op.method in REPEATABLE for op in chunk)
            answer = self.call("POST", "bulk", json=body, repeatable=safe, what=f"POST bulk ({len(chunk)} operations)")
            results.extend(answers_of(chunk, answer))
        return results

    # --- internals ----------------------------------------------------------------------------------------------
    def _bearer(self) -> str:
        if isinstance(self.credentials, StaticToken):
            return self.credentials.token
        token = self.bearers.get()
        if token is None:
            token = self._authenticate()
        return token

    def _authenticate(self) -> str:
        assert isinstance(self.credentials, WebApiUser)
        for attempt in range(self.policy.max_attempts):
            last = attempt == self.policy.max_attempts - 1
            self.bucket.wait_for_room()
            self.calls += 1
            try:
                response = self.session.post(
                    self.base + "/auth",
                    auth=(self.credentials.client_id, self.credentials.client_secret),
                    timeout=self.policy.timeout,
                    allow_redirects=False,
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                if not last:
                    self._pause(self.policy.backoff(attempt))
                    continue
                raise failures.unreachable("POST auth", exc, write=False) from None
            self.bucket.observe(response.headers)
            body = _json_or_none(response)
            if response.status_code == 429 and not last:
                self._pause(self.policy.retry_after(response.headers.get("Retry-After")))
                continue
            if response.status_code >= 500 and not last:
                self._pause(self.policy.backoff(attempt))
                continue
            if response.status_code != 200 or not isinstance(body, dict) or not body.get("access_token"):
                raise failures.refusal(response.status_code, body, "POST auth (the WebAPI user's login)")
            token = str(body["access_token"])
            try:
                expires = float(body.get("expires_in") or 0)
            except (TypeError, ValueError):
                expires = 0.0
            self.bearers.put(token, expires)
            return token
        raise ShoperAPIError("gave up on POST auth")  # pragma: no cover

    def _send(self, method: str, path: str, params: Any, body: Any, token: str) -> requests.Response:
        self.bucket.wait_for_room()
        self.calls += 1
        response = self.session.request(
            method,
            f"{self.base}/{path.lstrip('/')}",
            params=params,
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=self.policy.timeout,
            allow_redirects=False,
        )
        self.bucket.observe(response.headers)
        return response

    def _pause(self, seconds: float) -> None:
        self.retries += 1
        self.policy.sleep(seconds)


def list_params(
    *,
    page: int = 1,
    limit: int = MAX_LIMIT,
    filters: Mapping[str, Any] | None = None,
    order: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Query parameters of a list: ``limit`` 1..50 (Shoper turns more into 10), 1-based ``page``, JSON filters."""
    import json

    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"Shoper lists take limit 1..{MAX_LIMIT}, not {limit}")
    params: dict[str, Any] = {"page": max(1, page), "limit": limit}
    if filters:
        params["filters"] = json.dumps(dict(filters), ensure_ascii=False, separators=(",", ":"))
    if order:
        params["order"] = json.dumps(list(order), ensure_ascii=False)
    return params


def _json_or_none(response: requests.Response) -> Any:
    body = json_body(response)
    return None if body is BROKEN else body


FAST = ShoperPolicy(**LOOPBACK, read_timeout=5.0)
"""For tests against the loopback Shoper."""
