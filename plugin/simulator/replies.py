"""Requests and replies of the simulator's HTTP layer, and Allegro's two error shapes."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

VENDOR_JSON = "application/vnd.allegro.public.v1+json"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    raw_body: bytes
    params: tuple[str, ...] = ()

    def json(self) -> Any:
        return json.loads(self.raw_body.decode("utf-8")) if self.raw_body else None

    def one(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = VENDOR_JSON

    encoded: bytes | None = None  # a body serialised ahead (cached event JSON); wins over ``body``

    def payload(self) -> bytes:
        if self.encoded is not None:
            return self.encoded
        return b"" if self.body is None else json.dumps(self.body, ensure_ascii=False).encode("utf-8")

    def json_body(self) -> Any:
        return json.loads(self.encoded) if self.encoded is not None else self.body

    @property
    def has_body(self) -> bool:
        return self.body is not None or self.encoded is not None


def trace_id() -> str:
    return uuid.uuid4().hex


def api_error(status: int, code: str, message: str, path: str | None = None, **headers: str) -> Reply:
    """Allegro's ``ErrorsHolder`` body."""
    error = {"code": code, "message": message, "details": None, "path": path, "userMessage": message, "metadata": {}}
    return Reply(status, {"errors": [error]}, dict(headers))


def auth_error(status: int, error: str, description: str) -> Reply:
    """Allegro's OAuth-style body (``AuthError``), used on 401 and by the token endpoints."""
    return Reply(status, {"error": error, "error_description": description}, content_type="application/json")


class BadParameter(Exception):
    """A query parameter Allegro would refuse with 422; carries the parameter name."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def integer(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.one(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"'{name}' must be an integer") from None
    if not low <= value <= high:
        raise BadParameter(name, f"'{name}' must be between {low} and {high}")
    return value


def choice(request: Request, name: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
    raw = request.one(name)
    if raw is None:
        return default
    if raw not in allowed:
        raise BadParameter(name, f"'{name}' must be one of {', '.join(allowed)}")
    return raw
