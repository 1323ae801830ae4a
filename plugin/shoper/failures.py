"""Shoper's error answers as one exception type that names the resource and quotes Shoper's (Polish) text."""

from __future__ import annotations

from typing import Any

from plugin.exceptions import ShoperAPIError

HINTS: dict[int, str] = {
    400: "Shoper refused the data; its message says which field",
    401: "the credentials or token were refused; check shop.backend (client_id/client_secret or token)",
    403: "the WebAPI user or Token API lacks the permission for this area; grant it in the Shoper panel",
    404: "it does not exist in the shop (any more)",
    409: "the object is locked in the panel; try again later",
    429: "Shoper's rate limit (its leaky bucket) was hit too often; try again later",
    503: "the shop is locked (maintenance or an unpaid licence)",
}


def refusal(status: int, body: Any, what: str) -> ShoperAPIError:
    code, description = _fields(body)
    hint = HINTS.get(status, "Shoper is failing; try again later" if status >= 500 else "see Shoper's message")
    quoted = f"{code}: „{description}”" if description else (code or "no message")
    return ShoperAPIError(
        f"Shoper answered {status} to {what}: {quoted} — {hint}", status=status, code=code, description=description
    )


def unreachable(what: str, exc: Exception, *, write: bool) -> ShoperAPIError:
    if write:
        return ShoperAPIError(
            f"no answer from Shoper to {what} ({type(exc).__name__}); it may or may not have been done — the next "
            "run finds it by the checkout form id and finishes it"
        )
    return ShoperAPIError(
        f"no answer from Shoper to {what} ({type(exc).__name__}); check the network and shop.backend.url, then retry"
    )


def malformed(what: str, status: int) -> ShoperAPIError:
    return ShoperAPIError(
        f"Shoper answered {status} to {what} with a body that is not JSON; try again later", status=status
    )


def _fields(body: Any) -> tuple[str | None, str | None]:
    if isinstance(body, dict):
        code = body.get("error")
        description = body.get("error_description")
        return (str(code) if code is not None else None, str(description) if description is not None else None)
    if isinstance(body, str) and body.strip():
        return None, body.strip()[:500]
    return None, None
