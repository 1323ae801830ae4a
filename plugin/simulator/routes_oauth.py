"""OAuth endpoints on the simulator's base URL: ``/auth/oauth/device`` and ``/auth/oauth/token``."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qs

from plugin.simulator.account import SimulatorState
from plugin.simulator.replies import Reply, Request, auth_error

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def _client(request: Request) -> tuple[str | None, str | None]:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None, None
    try:
        user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    return user, password


def _params(request: Request) -> dict[str, str]:
    merged = {k: v[-1] for k, v in request.query.items()}
    if request.raw_body:
        form = parse_qs(request.raw_body.decode("utf-8", "replace"))
        merged.update({k: v[-1] for k, v in form.items()})
    return merged


def device(state: SimulatorState, request: Request) -> Reply:
    if not state.oauth.client_ok(*_client(request)):
        return auth_error(401, "unauthorized", "Full authentication is required to access this resource")
    return Reply(200, state.oauth.start_device(), content_type="application/json")


def _device_grant(state: SimulatorState, params: dict[str, str]) -> tuple[int, dict]:
    return state.oauth.poll_device(params.get("device_code", ""))


def _refresh_grant(state: SimulatorState, params: dict[str, str]) -> tuple[int, dict]:
    return state.oauth.use_refresh(params.get("refresh_token", ""))


GRANTS = {DEVICE_GRANT: _device_grant, "refresh_token": _refresh_grant}


def token(state: SimulatorState, request: Request) -> Reply:
    if not state.oauth.client_ok(*_client(request)):
        return auth_error(401, "unauthorized", "Full authentication is required to access this resource")
    params = _params(request)
    grant = GRANTS.get(params.get("grant_type", ""))
    if grant is None:
        return auth_error(400, "unsupported_grant_type", f"Unsupported grant type: {params.get('grant_type')}")
    status, body = grant(state, params)
    return Reply(status, body, content_type="application/json")


ROUTES = (
    ("POST", r"/auth/oauth/device", device),
    ("POST", r"/auth/oauth/token", token),
)
