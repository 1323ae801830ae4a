"""From an HTTP request to the local Shoper's answer, in Shoper's order: faults (they stand for the network and
for Shoper's own trouble), the leaky bucket, the token, then the call itself under the state's lock.

Every ``/webapi/rest`` answer carries the bucket headers and goes to the request log (method, path, query,
status, time; the body of writes, never the Authorization header)."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from plugin.exceptions import SimulatorError
from plugin.shoper_simulator import bulk_api, control_api
from plugin.shoper_simulator.fault_plan import fault_reply
from plugin.shoper_simulator.rest_api import PREFIX, Result, parse_body, perform
from plugin.shoper_simulator.shop_state import ShoperState
from plugin.shoper_simulator.wire import ShoperFault
from plugin.simulator.loopback import Incoming, Outgoing

JSON = "application/json"
AUTH_PATH = PREFIX + "auth"
BULK_PATH = PREFIX + "bulk"


def _encode(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _control(state: ShoperState, incoming: Incoming) -> Outgoing:
    handler = control_api.ROUTES.get((incoming.method, incoming.path))
    if handler is None:
        known = sorted({path for _, path in control_api.ROUTES})
        return Outgoing(404, {"Content-Type": JSON}, _encode({"error": f"unknown; known: {', '.join(known)}"}))
    try:
        body = json.loads(incoming.raw_body or b"null")
        return Outgoing(200, {"Content-Type": JSON}, _encode(handler(state, body)))
    except (SimulatorError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Outgoing(400, {"Content-Type": JSON}, _encode({"error": str(exc)}))


def _credentials(incoming: Incoming) -> tuple[str, str]:
    """HTTP Basic, else ``client_id``/``client_secret`` in the query or a form body (both work with Shoper)."""
    header = incoming.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            user, _, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
            return user, password
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
    fields = dict(incoming.query)
    if incoming.raw_body and "json" not in incoming.headers.get("content-type", ""):
        fields.update(parse_qs(incoming.raw_body.decode("utf-8", "replace")))
    return (fields.get("client_id") or [""])[-1], (fields.get("client_secret") or [""])[-1]


def _auth(state: ShoperState, incoming: Incoming) -> Result:
    if incoming.method != "POST":
        raise ShoperFault(405, "invalid_request", "Użyj POST /webapi/rest/auth")
    user, password = _credentials(incoming)
    good = secrets.compare_digest(user.encode(), state.client_id.encode()) and secrets.compare_digest(
        password.encode(), state.client_secret.encode()
    )
    if not good:
        raise ShoperFault(401, "auth_failure", "Niepoprawny login lub hasło użytkownika WebAPI")
    body = {"access_token": state.issue_token(), "expires_in": state.token_ttl, "token_type": "bearer"}
    return Result(200, body)


def _authorised(state: ShoperState, incoming: Incoming) -> None:
    header = incoming.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not token:
        raise ShoperFault(401, "unauthorized_client", "Access token is missing")
    if not state.token_valid(token):
        raise ShoperFault(401, "unauthorized_client", "Provided access token is invalid")


def _cost(state: ShoperState, incoming: Incoming) -> int:
    """One call; a bulk call counts its operations when ``bulk_cost`` is ``operation`` (at most the bucket)."""
    if incoming.path != BULK_PATH or state.bucket.bulk_cost != "operation":
        return 1
    try:
        operations = json.loads(incoming.raw_body or b"[]")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return 1
    return max(1, min(len(operations) if isinstance(operations, list) else 1, state.bucket.size))


def _call(state: ShoperState, incoming: Incoming, trace: dict[str, Any]) -> Result:
    """The call itself; a bulk call's faults (delay, drop) are left in ``trace`` for the caller."""
    if incoming.path == AUTH_PATH:
        return _auth(state, incoming)
    _authorised(state, incoming)
    body = parse_body(incoming.raw_body)
    with state.lock:
        if incoming.path == BULK_PATH:
            if incoming.method != "POST":
                raise ShoperFault(405, "invalid_request", "Użyj POST /webapi/rest/bulk")
            outcome = bulk_api.run_bulk(state, bulk_api.operations_of(body))
            trace["operations"] = outcome.trace
            trace["_delay"], trace["_drop"] = outcome.delay, outcome.drop
            return Result(200, outcome.answer)
        return perform(state, incoming.method, incoming.path, incoming.query, body)


def answer_for(state: ShoperState) -> Callable[[Incoming], Outgoing]:
    def answer(incoming: Incoming) -> Outgoing:
        if incoming.path.startswith("/_simulator/"):
            return _control(state, incoming)
        started = time.perf_counter()
        trace: dict[str, Any] = {}
        rule = state.faults.next(incoming.method, incoming.path)
        if rule is not None and rule.kind == "drop_before":
            _log(state, incoming, 0, started=started, trace=trace, fault="drop_before")
            return Outgoing(0, drop=True)
        taken = state.bucket.take(_cost(state, incoming))
        headers = state.bucket.headers(taken.calls)
        try:
            fault = fault_reply(rule) if rule else None
            if fault:
                raise fault
            if not taken.allowed:
                raise ShoperFault(
                    429, "temporarily_unavailable", "Too many requests", {"Retry-After": str(taken.retry_after)}
                )
            if not incoming.path.startswith(PREFIX.rstrip("/")):
                raise ShoperFault(404, "invalid_request", "Resource not found")
            result = _call(state, incoming, trace)
        except ShoperFault as exc:
            result = Result(exc.status, exc.body(), exc.headers)
        headers.update(result.headers)
        headers["Content-Type"] = JSON
        kind = rule.kind if rule else None
        delay = (rule.seconds if rule and kind == "slow" else 0.0) + trace.pop("_delay", 0.0)
        drop = kind == "drop" or trace.pop("_drop", False)
        _log(state, incoming, result.status, started=started, trace=trace, fault=kind or ("drop" if drop else None))
        return Outgoing(result.status, headers, _encode(result.body), delay=delay, drop=drop)

    return answer


def _log(
    state: ShoperState, incoming: Incoming, status: int, *, started: float, trace: dict[str, Any], fault: str | None
) -> None:
    entry: dict[str, Any] = {
        "time": state.now(),
        "method": incoming.method,
        "path": incoming.path,
        "query": {k: v[-1] for k, v in incoming.query.items() if k not in ("client_secret", "client_id")},
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "fault": fault,
    }
    if incoming.method in ("POST", "PUT") and incoming.path != AUTH_PATH:
        try:
            entry["body"] = json.loads(incoming.raw_body) if incoming.raw_body else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            entry["body"] = None
    entry.update(trace)
    state.record(entry)
