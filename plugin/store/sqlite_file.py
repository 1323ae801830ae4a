"""Opening the SQLite file that holds the sync store (and, for the embedded shop, the shop too).

Writing commands open it for writing and are refused with a message naming what is read-only, the file or
its folder (SQLite in WAL mode writes ``-wal`` and ``-shm`` files beside it). ``plan`` never opens it for
writing: it reads the file through a read-only connection into memory (``Connection.backup``) and works on
that copy, which is thrown away.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from plugin.exceptions import ShopError


def _read_only_problem(path: Path, label: str) -> str | None:
    """Why ``path`` cannot be written, naming the file or the folder; None when it can."""
    if path.exists() and not os.access(path, os.W_OK):
        return (
            f"{path}: {label} is read-only (its file permissions); allegro-sync writes orders, the cursor and the "
            "outbox there. Make it writable (e.g. `chmod u+w`) or run as its owner; `allegro-sync plan` works on "
            "a read-only file. Nothing was changed."
        )
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"{folder}: the folder holding {label} {path.name} is read-only; SQLite keeps its journal files "
            f"({path.name}-wal, {path.name}-shm) beside the file, so the folder must be writable. Make it writable "
            "or move the file to a writable folder; `allegro-sync plan` works on a read-only one. Nothing was changed."
        )
    return None


def _is_read_only_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text


def check_writable(path: Path, label: str) -> None:
    """Raise ``ShopError`` naming the file or folder when ``path`` cannot be written."""
    problem = _read_only_problem(path, label)
    if problem:
        raise ShopError(problem)


def create_private(path: Path, label: str, hint: str) -> None:
    """Create an empty file private to its owner (buyers' names and addresses go in it). The folder must exist:
    a mistyped path must not grow folders (``hint`` says which setting to fix)."""
    folder = path.parent
    if not folder.exists():
        raise ShopError(
            f"{path}: the folder {folder} does not exist; create it first, or fix {hint} (allegro-sync does not "
            "create folders for it, so a mistyped path cannot start an empty shop somewhere else)"
        )
    if not folder.is_dir():
        raise ShopError(f"{path}: {folder} is not a folder; fix {hint}")
    check_writable(path, label)
    try:  # SQLite gives the -wal and -shm files the database's own mode
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise ShopError(f"{path}: cannot create {label} ({exc.strerror}); fix {hint}") from None


def connect_for_writing(path: Path, label: str, hint: str) -> sqlite3.Connection:
    """An autocommit connection in WAL mode (the caller's ``BEGIN IMMEDIATE`` decides what commits together)."""
    check_writable(path, label)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    except sqlite3.Error as exc:  # a folder, a path SQLite cannot open
        raise ShopError(unusable(path, label, hint, exc)) from None
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ShopError(unusable(path, label, hint, exc)) from None
    return conn


def connect_copy(path: Path, label: str, hint: str) -> sqlite3.Connection:
    """An in-memory copy of the file, read without ever opening it for writing, nor creating anything beside it.

    Without a ``-wal`` file no connection is open on it (ours are all in WAL mode, which keeps that file while
    one is) and everything is in the file: ``immutable=1`` reads it without touching anything. With one,
    ``mode=ro`` also sees what is committed there; it needs the ``-shm`` file or a writable folder, and when
    neither is there ``immutable=1`` reads the file as it is (nobody can be writing in such a folder)."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    last: sqlite3.Error | None = None
    wal = path.with_name(path.name + "-wal")
    tries = ("mode=ro", "mode=ro&immutable=1") if wal.exists() else ("mode=ro&immutable=1",)
    for flags in tries:
        try:
            source = sqlite3.connect(f"file:{quote(str(path.resolve()))}?{flags}", uri=True, timeout=30)
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            source.backup(memory)
            memory.execute("PRAGMA foreign_keys=ON")
            return memory
        except sqlite3.DatabaseError as exc:
            last = exc
            if "not a database" in str(exc) or "malformed" in str(exc):
                break
        finally:
            source.close()
    memory.close()
    raise ShopError(unusable(path, label, hint, last or sqlite3.DatabaseError("unknown error")))


def locked(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def unusable(path: Path, label: str, hint: str, exc: sqlite3.Error) -> str:
    """The one-line message for a file SQLite refused: locked, read-only, or not a database of ours."""
    if locked(exc):
        return (
            f"{path}: another program keeps {label} locked for writing ({exc}); close it "
            "(a database browser, a backup, a second shop tool) and run again; nothing was changed"
        )
    if _is_read_only_error(exc):
        problem = _read_only_problem(path, label)
        if problem:
            return problem
        return f"{path}: {label} cannot be written ({exc}); check the permissions of the file and its folder"
    return (
        f"{path}: not a usable SQLite file for {label} ({exc}); check {hint}, or restore it from a backup "
        "(a file that is not a database at all can be moved away; `allegro-sync shop init MANIFEST` starts a new one)"
    )
