"""OAuth tokens on disk: one private JSON file (mode 0600), replaced atomically, guarded by a file lock.

Allegro's refresh tokens are single-use, so a new pair must be on disk before it is used, and two processes
must never refresh at once: whoever holds ``locked()`` refreshes; the other re-reads the file afterwards.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from plugin.exceptions import AuthError


@dataclass(frozen=True)
class TokenSet:
    """A token pair and what it is bound to; secrets are kept out of ``repr`` so they never reach a log."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    api_url: str
    client_id: str
    account_id: str | None = None
    account_login: str | None = None
    scope: str | None = None

    @classmethod
    def from_grant(cls, body: dict[str, Any], *, api_url: str, client_id: str, now: datetime) -> TokenSet:
        try:
            return cls(
                access_token=str(body["access_token"]),
                refresh_token=str(body["refresh_token"]),
                expires_at=now + timedelta(seconds=int(body.get("expires_in") or 0)),
                api_url=api_url,
                client_id=client_id,
                scope=body.get("scope"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AuthError(f"the OAuth server's token answer lacks {exc}; try `allegro-sync connect` again") from exc

    def due(self, now: datetime, margin: float) -> bool:
        return self.expires_at - timedelta(seconds=margin) <= now

    def bound_to(self, account_id: str, login: str | None) -> TokenSet:
        return replace(self, account_id=account_id, account_login=login)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["expires_at"] = self.expires_at.astimezone(UTC).isoformat()
        return data


class TokenStore:
    """The token file of one manifest (``allegro.token_file``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")

    def load(self) -> TokenSet | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise AuthError(
                f"{self.path}: cannot read the token file ({exc.strerror}); set allegro.token_file to a file, "
                "or move this one away and run `allegro-sync connect MANIFEST`"
            ) from exc
        if os.stat(self.path).st_mode & 0o077:
            os.chmod(self.path, 0o600)  # tokens are as good as a password: keep them private
        try:
            data = json.loads(text)
            data["expires_at"] = datetime.fromisoformat(data["expires_at"])
            return TokenSet(**data)
        except (ValueError, KeyError, TypeError) as exc:
            raise AuthError(
                f"{self.path}: the token file is damaged ({exc}); delete it and run `allegro-sync connect MANIFEST` "
                "(or `connect --replace-account`, which overwrites it)"
            ) from exc

    def save(self, tokens: TokenSet) -> None:
        """Writes a temporary file (0600) beside the target, syncs it, then renames it over the old one."""
        self._make_folder()
        try:
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError as exc:
            raise AuthError(self._unusable(exc)) from None
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(tokens.to_json(), handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            if isinstance(exc, OSError):  # e.g. a folder where the token file should be, a full disk
                raise AuthError(self._unusable(exc)) from None
            raise
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def _make_folder(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AuthError(self._unusable(exc)) from None

    def _unusable(self, exc: OSError) -> str:
        return (
            f"{self.path}: cannot write the token file there ({exc.strerror}: {exc.filename}); "
            "set allegro.token_file to a path in a writable folder"
        )

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """An exclusive ``fcntl`` lock shared by every process using this token file."""
        self._make_folder()
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise AuthError(self._unusable(exc)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
