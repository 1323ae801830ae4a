"""The default transport: each message becomes ``<folder>/<name from Message-ID>.eml``, written atomically.

The file name depends only on the Message-ID, so delivering the same message twice (a crash after writing,
before the outbox row was marked sent) leaves one file, not two.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from email.message import EmailMessage
from pathlib import Path

from plugin.exceptions import DeliveryError

_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]")


def eml_name(message_id: str) -> str:
    """A portable file name for ``message_id``: readable part plus a short hash (distinct ids never collide)."""
    readable = _UNSAFE.sub("_", message_id.strip("<>"))[:120]
    digest = hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:12]
    return f"{readable}.{digest}.eml"


class EmlDirTransport:
    """Writes ``.eml`` files; nothing leaves the machine (previews, CI, a shop that sends from elsewhere)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path_for(self, msg: EmailMessage) -> Path:
        message_id = msg["Message-ID"]
        if not message_id:
            raise DeliveryError("message has no Message-ID; cannot name its .eml file", permanent=True)
        return self.folder / eml_name(str(message_id))

    def send(self, msg: EmailMessage) -> None:
        target = self.path_for(msg)
        if target.exists():  # delivered before a crash: the same Message-ID is the same message
            return
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # buyers' mail: private, like each .eml
            data = msg.as_bytes()
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".eml")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            fix = (
                "email.transport.path names a file; point it at a folder"
                if self.folder.exists() and not self.folder.is_dir()
                else "check the folder's permissions and free space"
            )
            raise DeliveryError(f"cannot write {target}: {exc.strerror or exc}; {fix}") from exc

    def close(self) -> None:
        """Nothing to release."""
