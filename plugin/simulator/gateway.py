"""Turns one HTTP request into a reply: routing, Allegro's header strictness, bearer auth and faults."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

from plugin.exceptions import SimulatorError
from plugin.simulator import routes_control, routes_oauth, routes_offers, routes_orders
from plugin.simulator.account import SimulatorState
from plugin.simulator.replies import VENDOR_JSON, BadParameter, Reply, Request, api_error, auth_error, trace_id

Route = tuple[str, re.Pattern[str], Callable[..., Reply]]


def _compile(routes: tuple) -> list[Route]:
    return [(method, re.compile(f"^{pattern}$"), handler) for method, pattern, handler in routes]


API_ROUTES = _compile(routes_orders.ROUTES + routes_offers.ROUTES)
OPEN_ROUTES = _compile(routes_oauth.ROUTES + routes_control.ROUTES)
BODY_METHODS = {"POST", "PUT", "PATCH"}


def _match(routes: list[Route], method: str, path: str) -> tuple[Callable[..., Reply] | None, tuple[str, ...], bool]:
    """The handler and path parameters; the flag says the path exists under another method."""
    path_known = False
    for route_method, pattern, handler in routes:
        found = pattern.match(path)
        if found:
            if route_method == method:
                return handler, found.groups(), True
            path_known = True
    return None, (), path_known


def _fault_reply(kind: str, retry_after: int | None) -> Reply | None:
    if kind == "429":
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        return api_error(429, "TooManyRequestsException", "Too many requests. Slow down.", None, **headers)
    if kind in ("500", "502", "503"):
        return api_error(int(kind), "InternalServerErrorException", "Internal server error", None)
    if kind == "expired":
        return auth_error(401, "invalid_token", "Access token expired")
    return None


def _checked(state: SimulatorState, request: Request) -> tuple[Reply | None, str]:
    """Allegro's order of refusals: representation (406), body type (415), then the token (401)."""
    if VENDOR_JSON not in request.headers.get("accept", ""):
        message = "Not acceptable representation requested. Please check 'Accept' request header"
        return api_error(406, "NotAcceptableException", message), ""
    if request.method in BODY_METHODS and request.headers.get("content-type", "").split(";")[0].strip() != VENDOR_JSON:
        message = "Unsupported content type. Please check 'Content-Type' request header"
        return api_error(415, "NotSupportedException", message), ""
    header = request.headers.get("authorization", "")
    if not header.startswith("Bearer "):
        return auth_error(401, "unauthorized", "Full authentication is required to access this resource"), ""
    account, why = state.oauth.account_for(header[7:])
    if account is None:
        return auth_error(401, "invalid_token", why), ""
    return None, account


def handle(state: SimulatorState, request: Request) -> tuple[Reply, bool, float]:
    """The reply, whether its body must be cut short (a malformed-body fault), and a delay before sending."""
    handler, params, known = _match(OPEN_ROUTES, request.method, request.path)
    if handler:
        return _run(lambda: handler(state, _with(request, params))), False, 0.0
    handler, params, api_known = _match(API_ROUTES, request.method, request.path)
    if handler is None:
        status = 405 if known or api_known else 404
        return api_error(status, "NOT_FOUND", f"No resource {request.method} {request.path}"), False, 0.0
    refusal, account = _checked(state, request)
    if refusal:
        return refusal, False, 0.0
    faults = state.faults.faults
    kind = state.faults.next()
    fault = _fault_reply(kind, state.faults.retry_after()) if kind else None
    if fault:
        return fault, False, faults.latency
    with state.lock:  # indexes are consistent only between mutations (tests add orders from other threads)
        reply = _run(lambda: handler(state, _with(request, params), account))
    delay = faults.latency + (faults.timeout_delay if kind == "timeout" else 0.0)
    return reply, kind == "malformed" and reply.status == 200, delay


def _with(request: Request, params: tuple[str, ...]) -> Request:
    return Request(request.method, request.path, request.query, request.headers, request.raw_body, params)


def _run(call: Callable[[], Reply]) -> Reply:
    try:
        return call()
    except BadParameter as exc:
        return api_error(422, "VALIDATION_ERROR", str(exc), exc.name)
    except (SimulatorError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        return api_error(422, "VALIDATION_ERROR", str(exc))


def respond(state: SimulatorState, request: Request) -> tuple[int, dict[str, str], bytes, float]:
    """Status, headers and body bytes for the HTTP server; records the exchange when recording is on."""
    started = time.perf_counter()
    reply, malformed, delay = handle(state, request)
    body = reply.payload()
    if malformed:
        body = body[: max(1, len(body) // 2)]
    headers = {"trace-id": trace_id(), **reply.headers}
    if reply.has_body:
        headers["Content-Type"] = reply.content_type
    if state.recording is not None:
        _record(state, request, reply, malformed)
    return reply.status, headers, body, max(0.0, delay - (time.perf_counter() - started))


def _record(state: SimulatorState, request: Request, reply: Reply, malformed: bool) -> None:
    entry: dict[str, Any] = {
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "headers": request.headers,
        "body": request.raw_body,
        "status": reply.status,
        "response": reply.json_body(),
        "content_type": reply.content_type,
        "malformed": malformed,
    }
    with state.lock:
        if state.recording is not None:
            state.recording.append(entry)
