"""SQLite's errors in words a person understands, as the project's :class:`StoreError`.

Every ``sqlite3.Error`` that leaves the store passes through :func:`store_error`: the UI and
the commands show its message as it is ("The disk is full …"), never a traceback.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from reader.storage.records import ReadOnlyStoreError, StoreError

_BY_NAME = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_BUSY": "another program is using the notes database (it is locked)",
    "SQLITE_LOCKED": "another program is using the notes database (it is locked)",
    "SQLITE_READONLY": "the notes database or its folder is read-only",
    "SQLITE_CANTOPEN": "the notes database cannot be opened (is its folder missing or read-only?)",
    "SQLITE_IOERR": "the disk reported an input/output error",
    "SQLITE_CORRUPT": "the notes database is damaged",
    "SQLITE_NOTADB": "the file is not a database",
    "SQLITE_PERM": "permission denied",
}


def _reason(exc: sqlite3.Error) -> str:
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    for prefix, words in _BY_NAME.items():
        if name == prefix or name.startswith(prefix + "_"):
            return words
    text = str(exc)
    lowered = text.lower()
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return _BY_NAME["SQLITE_FULL"]
    if "locked" in lowered or "busy" in lowered:
        return _BY_NAME["SQLITE_BUSY"]
    if "readonly" in lowered or "read-only" in lowered:
        return _BY_NAME["SQLITE_READONLY"]
    return text or type(exc).__name__


def store_error(exc: sqlite3.Error, action: str = "save", path: Path | None = None) -> StoreError:
    """``exc`` as a StoreError: "Could not save: the disk is full (…/reader.sqlite3)."."""
    reason = _reason(exc)
    where = f" ({path})" if path is not None else ""
    error_class = (
        ReadOnlyStoreError
        if reason == _BY_NAME["SQLITE_READONLY"]
        else StoreError
    )
    return error_class(f"Could not {action}: {reason}{where}.")


def os_error_words(exc: OSError) -> str:
    """An OSError as a short phrase (disk full, read-only folder, permission denied …)."""
    return {
        errno.ENOSPC: "the disk is full",
        errno.EROFS: "the folder is on a read-only file system",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EDQUOT: "the disk quota is used up",
    }.get(exc.errno or 0, exc.strerror or str(exc))
