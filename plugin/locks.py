"""Advisory file locks that keep two processes from doing the same work on one shop at once."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from plugin.exceptions import AllegroSyncError


@contextmanager
def held_or_refused(lock_path: Path, refusal: AllegroSyncError) -> Iterator[None]:
    """Hold ``lock_path`` for the block, or raise ``refusal`` at once when another process holds it.

    The lock is released by the kernel when the process dies, so a killed run never leaves it behind."""
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise refusal from None
        yield
