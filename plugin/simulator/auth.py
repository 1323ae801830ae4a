"""The simulator's OAuth server: device flow, expiring access tokens, single-use refresh tokens with a grace.

Mirrors Allegro: the device code is approved after one ``authorization_pending`` poll, every refresh returns a
new pair, and an already used refresh token keeps working for 60 seconds only.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

REFRESH_GRACE = 60.0
REFRESH_TTL = 90 * 24 * 3600.0


@dataclass
class DeviceCode:
    account_id: str
    expires_at: float
    interval: int
    polls: int = 0
    last_poll: float = 0.0
    used: bool = False


@dataclass
class RefreshToken:
    account_id: str
    expires_at: float
    used_at: float | None = None


@dataclass
class OAuthServer:
    """Token bookkeeping; ``clock`` is injectable so tests can move time."""

    client_id: str
    client_secret: str
    token_ttl: int = 43200
    device_interval: int = 0
    clock: object = time.time
    account_id: str = "46968690"
    access: dict[str, tuple[str, float]] = field(default_factory=dict)
    refresh: dict[str, RefreshToken] = field(default_factory=dict)
    devices: dict[str, DeviceCode] = field(default_factory=dict)
    slow_down_next: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return self.clock()  # type: ignore[operator]

    def client_ok(self, client_id: str | None, client_secret: str | None) -> bool:
        return secrets.compare_digest(f"{client_id}:{client_secret}", f"{self.client_id}:{self.client_secret}")

    def start_device(self) -> dict:
        device_code, user_code = secrets.token_urlsafe(24), secrets.token_hex(4).upper()
        with self.lock:
            self.devices[device_code] = DeviceCode(self.account_id, self.now() + 3600, self.device_interval)
        return {
            "device_code": device_code,
            "user_code": user_code,
            "expires_in": 3600,
            "interval": self.device_interval,
            "verification_uri": "https://allegro.pl/skojarz-aplikacje",
            "verification_uri_complete": f"https://allegro.pl/skojarz-aplikacje?code={user_code}",
        }

    def poll_device(self, device_code: str) -> tuple[int, dict]:
        with self.lock:
            device = self.devices.get(device_code)
            if device is None or device.used or device.expires_at < self.now():
                return 400, {"error": "invalid_request", "error_description": "Invalid device code"}
            if self.slow_down_next:
                self.slow_down_next = False
                device.interval += 5
                return 400, {"error": "slow_down", "error_description": "Polling too frequently."}
            device.polls += 1
            if device.polls == 1:
                return 400, {
                    "error": "authorization_pending",
                    "error_description": "User has not authorized the device code yet.",
                }
            device.used = True
            return 200, self._issue(device.account_id)

    def use_refresh(self, token: str) -> tuple[int, dict]:
        with self.lock:
            record = self.refresh.get(token)
            now = self.now()
            too_late = record is not None and record.used_at is not None and now - record.used_at > REFRESH_GRACE
            if record is None or too_late or record.expires_at < now:
                return 400, {"error": "invalid_grant", "error_description": f"Invalid refresh token: {token[:8]}…"}
            if record.used_at is None:
                record.used_at = now
            return 200, self._issue(record.account_id)

    def _issue(self, account_id: str) -> dict:
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self.now()
        self.access[access] = (account_id, now + self.token_ttl)
        self.refresh[refresh] = RefreshToken(account_id, now + REFRESH_TTL)
        return {
            "access_token": access,
            "token_type": "bearer",
            "refresh_token": refresh,
            "expires_in": self.token_ttl - 1,
            "scope": "allegro:api:orders:read allegro:api:sale:offers:read allegro:api:sale:offers:write",
            "allegro_api": True,
            "jti": secrets.token_hex(16),
        }

    def account_for(self, access_token: str) -> tuple[str | None, str]:
        """The account behind a bearer token, or ``None`` and why not."""
        with self.lock:
            entry = self.access.get(access_token)
        if entry is None:
            return None, "Cannot convert access token to JSON"
        if entry[1] <= self.now():
            return None, "Access token expired"
        return entry[0], ""

    def expire_all(self) -> None:
        """A fault: every access token issued so far expires now (refresh tokens stay valid)."""
        with self.lock:
            self.access = {token: (account, 0.0) for token, (account, _) in self.access.items()}
