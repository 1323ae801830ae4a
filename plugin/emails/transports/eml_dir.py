"""The default transport: each message becomes ``<folder>/<name from Message-ID>.eml``, written atomically.

The file name depends only on the Message-ID, so delivering the same message twice (a crash after writing,
before the outbox row was marked sent) leaves one file, not two. That makes group commit safe: each file is
written to a private temporary name, fsync'd and renamed (by a writer thread); ``flush`` waits for them and
makes the renames durable (fsync of the folder), and only then does delivery mark the batch sent in one
transaction. A crash before the mark re-delivers the batch, and every file of it is skipped by name.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from email.message import EmailMessage
from pathlib import Path

from plugin.exceptions import DeliveryError

_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]")
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def eml_name(message_id: str) -> str:
    """A portable file name for ``message_id``: readable part plus a short hash (distinct ids never collide)."""
    readable = _UNSAFE.sub("_", message_id.strip("<>"))[:120]
    digest = hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:12]
    return f"{readable}.{digest}.eml"


class EmlDirTransport:
    """Writes ``.eml`` files; nothing leaves the machine (previews, CI, a shop that sends from elsewhere).

    Creating and fsync'ing a file is mostly waiting on the disk, so ``send`` builds the bytes and hands the
    write to a few threads; ``flush`` waits for them and says, per message, whether its file is durable.
    """

    #: Delivery may defer marking up to this many accepted messages and mark them in one transaction after
    #: ``flush``: a repeat of any of them is a no-op here.
    group_commit = 256
    writers = 4  # concurrent file writes (the open/fsync waits overlap with rendering the next messages)

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._ready = False
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[tuple[Path, Future[bool] | None]] = []  # since the last flush, in send order

    def path_for(self, msg: EmailMessage) -> Path:
        message_id = msg["Message-ID"]
        if not message_id:
            raise DeliveryError("message has no Message-ID; cannot name its .eml file", permanent=True)
        return self.folder / eml_name(str(message_id))

    def send(self, msg: EmailMessage) -> None:
        """Queue the durable write of ``msg`` (an existing file is kept); ``flush`` reports the outcome."""
        target = self.path_for(msg)
        try:
            if not self._ready:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # buyers' mail: private, like each .eml
                _sweep_abandoned(self.folder)
                self._ready = True
        except OSError as exc:
            raise DeliveryError(f"cannot write {target}: {exc.strerror or exc}; {self._fix()}") from exc
        if os.path.exists(target):  # delivered before a crash: the same Message-ID is the same message
            self._pending.append((target, None))
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.writers, thread_name_prefix="eml-writer")
        self._pending.append((target, self._pool.submit(_write_durably, target, msg.as_bytes())))

    def flush(self) -> list[DeliveryError | None]:
        """Wait for the queued writes and make their renames durable (fsync the folder).

        One entry per message sent since the last flush, in order: ``None`` when its file is durable.
        """
        pending, self._pending = self._pending, []
        wait([future for _, future in pending if future is not None])  # all settled before any verdict
        outcome: list[DeliveryError | None] = []
        for target, future in pending:
            try:
                if future is not None:
                    future.result()
                outcome.append(None)
            except OSError as exc:
                outcome.append(DeliveryError(f"cannot write {target}: {exc.strerror or exc}; {self._fix()}"))
        if any(future is not None for _, future in pending):
            try:
                _sync_folder(self.folder)
            except OSError as exc:
                error = DeliveryError(f"cannot sync {self.folder}: {exc.strerror or exc}; {self._fix()}")
                outcome = [item or error for item in outcome]
        return outcome

    def close(self) -> None:
        """Stop the writer threads (after their current writes)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def _fix(self) -> str:
        if self.folder.exists() and not self.folder.is_dir():
            return "email.transport.path names a file; point it at a folder"
        return "check the folder's permissions and free space"


ABANDONED_AFTER = 3600.0  # seconds: no write takes that long, so an older temporary file lost its process


def _sweep_abandoned(folder: Path, *, now: float | None = None) -> int:
    """Remove temporary files a crashed delivery left behind (their messages are re-delivered from the outbox)."""
    limit = (time.time() if now is None else now) - ABANDONED_AFTER
    removed = 0
    for tmp in folder.glob(".tmp-*.eml"):
        try:
            if tmp.stat().st_mtime < limit:
                tmp.unlink()
                removed += 1
        except FileNotFoundError:  # another process swept it first
            continue
    return removed


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(target: Path, data: bytes) -> bool:
    """``target`` appears whole or not at all: a private temporary file, fsync'd, then renamed over."""
    tmp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    try:
        fd = os.open(tmp, _CREATE, 0o600)
    except FileExistsError:  # left by a crashed process that had our pid: ours to replace
        os.unlink(tmp)
        fd = os.open(tmp, _CREATE, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True
