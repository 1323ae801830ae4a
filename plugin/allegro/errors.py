"""Allegro's error answers as our exception types, with the ``errors[]`` body, the ``trace-id`` and a fix."""

from __future__ import annotations

import json
from typing import Any

import requests

from plugin.exceptions import AllegroAPIError, AllegroUnavailable, AuthError

HINTS: dict[int, str] = {
    400: "the request was refused as malformed; this is a bug in allegro-sync, please report it with the trace-id",
    401: "the token was refused; run `allegro-sync connect MANIFEST` again",
    403: "the connected account lacks the permission (scope) for this; reconnect with `allegro-sync connect`",
    404: "it does not exist (any more)",
    406: "the Accept header was refused; this is a bug in allegro-sync",
    409: "it conflicts with an earlier change",
    415: "the Content-Type was refused; this is a bug in allegro-sync",
    422: "a parameter was refused; see the message",
    429: "Allegro's rate limit was hit; wait a minute and run again",
}


def errors_of(body: Any) -> tuple[dict[str, Any], ...]:
    """The ``errors[]`` of an ``ErrorsHolder``, or the OAuth shape ``{error, error_description}`` as one error."""
    if isinstance(body, dict) and isinstance(body.get("errors"), list):
        return tuple(e for e in body["errors"] if isinstance(e, dict))
    if isinstance(body, dict) and "error" in body:
        return ({"code": body.get("error"), "message": body.get("error_description") or body.get("error")},)
    return ()


def from_response(response: requests.Response, what: str) -> AllegroAPIError:
    """The exception for an error answer; 401 becomes ``AuthError``."""
    try:
        body = response.json()
    except (ValueError, json.JSONDecodeError):
        body = None
    errors = errors_of(body)
    status = response.status_code
    trace = response.headers.get("trace-id")
    detail = (
        "; ".join(f"{e.get('code')}: {e.get('userMessage') or e.get('message')}" for e in errors) or response.reason
    )
    hint = HINTS.get(status, "Allegro is failing; try again later" if status >= 500 else "see Allegro's message")
    message = f"Allegro answered {status} to {what}: {detail} — {hint}" + (f" (trace-id {trace})" if trace else "")
    kind = AuthError if status == 401 else AllegroAPIError
    return kind(message, status=status, errors=errors, trace_id=trace)


def unreachable(what: str, exc: Exception) -> AllegroAPIError:
    return AllegroUnavailable(
        f"no answer from Allegro to {what} ({type(exc).__name__}); check the network and allegro.api_url "
        "(for environment local: is `allegro-sync simulator` running?), then retry"
    )


def malformed(what: str, response: requests.Response) -> AllegroAPIError:
    trace = response.headers.get("trace-id")
    return AllegroAPIError(
        f"Allegro's answer to {what} is not valid JSON; try again later" + (f" (trace-id {trace})" if trace else ""),
        status=response.status_code,
        trace_id=trace,
    )
