"""Shoper's error answers as one exception type that names the resource and quotes Shoper's (Polish) text."""

from __future__ import annotations

from typing import Any

from plugin.exceptions import ShoperAPIError, ShoperPermissionError

HINTS: dict[int, str] = {
    400: "Shoper refused the data; its message says which field",
    401: "the credentials or token were refused; check shop.backend (client_id/client_secret or token)",
    403: "the WebAPI user or Token API lacks the permission for this area; grant it in the Shoper panel",
    404: "it does not exist in the shop (any more)",
    409: "the object is locked in the panel; try again later",
    429: "Shoper's rate limit (its leaky bucket) was hit too often; try again later",
    503: "the shop is locked (maintenance or an unpaid licence)",
}


#: The panel's permission areas (as Shoper's Token API grants name them) a resource belongs to.
AREAS: dict[str, str] = {
    "users": "customers",
    "orders": "orders",
    "order-products": "orders",
    "auction-orders": "orders",
    "products": "products",
    "product-stocks": "product variants/stocks",
    "statuses": "order statuses",
    "shippings": "shippings",
    "payments": "payments",
}
#: The level a method needs, on the panel's ladder: read (odczyt) < create (dodawanie) < edit (edycja) < delete
LEVELS: dict[str, tuple[str, str, str]] = {
    "GET": ("read", "odczyt", "read"),
    "POST": ("create", "dodawanie", "create"),
    "PUT": ("edit", "edycja", "change"),
    "DELETE": ("delete", "usuwanie", "delete"),
}
GRANT = (
    "grant it in the Shoper panel (a Token API: Integracje, the integration's permissions; a WebAPI user: the "
    "rights of its administrators' group), then run again; no order was set aside for it"
)


def refusal(status: int, body: Any, what: str, *, method: str | None = None, path: str | None = None) -> ShoperAPIError:
    """``method`` and ``path`` (the resource under /webapi/rest) name the permission a 403 asks for."""
    code, description = _fields(body)
    if status == 403 and method is not None and path is not None and not (code or "").startswith("auth_"):
        return permission(method, path, what, code, description)
    hint = HINTS.get(status, "Shoper is failing; try again later" if status >= 500 else "see Shoper's message")
    quoted = f"{code}: „{description}”" if description else (code or "no message")
    return ShoperAPIError(
        f"Shoper answered {status} to {what}: {quoted} — {hint}", status=status, code=code, description=description
    )


def permission(method: str, path: str, what: str, code: str | None, description: str | None) -> ShoperAPIError:
    resource = path.strip("/").split("/")[0].split("?")[0]
    area = AREAS.get(resource, resource)
    level, polish, verb = LEVELS.get(method.upper(), ("read", "odczyt", "read"))
    quoted = f"{code or 'insufficient_scope'}: „{description}”" if description else code or "insufficient_scope"
    return ShoperPermissionError(
        f"Shoper refused {what} (403 {quoted}): the integration may not {verb} {resource}; it needs the "
        f"permission „{area}: {level}” ({polish}) — {GRANT}",
        status=403,
        code=code,
        description=description,
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
