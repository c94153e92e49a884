"""One writer per notes database: an OS lock on ``<database>.lock`` beside it.

The window holds the lock for as long as its store is open; the operating system drops it
when the process ends, however it ends, so a crash never leaves a stale lock. Nothing that
could move, restore or create a database runs without it, so a second window or a command
can never move aside a database that a running window is writing. The lock file itself is
never deleted (deleting a lock file that another process has just opened would break the
lock); it holds the owner's process id for the messages.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import IO


def lock_path_for(db_path: Path) -> Path:
    """The lock file of database ``db_path``."""
    return db_path.with_name(db_path.name + ".lock")


class StoreLock:
    """An exclusive, non-blocking lock on a database; released by :meth:`release` or exit."""

    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.path = path
        self._handle: IO[bytes] | None = handle

    @classmethod
    def acquire(cls, db_path: Path) -> StoreLock | None:
        """The lock of ``db_path``, or None when another process (or handle) holds it.

        The lock file is named after the database's real path (a symbolic link to it shares
        its lock). It is never followed if it is a link, and never written unless it is
        Reader's own (empty, or holding a process id): a file that happens to have that name
        is refused with :class:`LockFileError`, untouched. Raises OSError when the lock file
        cannot be created (e.g. a read-only folder).
        """
        path = lock_path_for(db_path.resolve())
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if os.path.islink(path) or (path.exists() and not path.is_file()):
                raise LockFileError(f"{path} is not Reader's lock file; nothing was changed.") from exc
            raise
        handle = os.fdopen(fd, "r+b")
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise LockFileError(f"{path} is not Reader's lock file; nothing was changed.")
            content = handle.read(64)
            if content.strip() and not content.strip().isdigit():
                raise LockFileError(
                    f"{path} already exists and is not Reader's lock file; nothing was "
                    "changed. Rename that file, or give the database another name."
                )
            if not _try_lock(handle):
                handle.close()
                return None
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n".encode("ascii"))
            handle.flush()
        except BaseException:
            handle.close()
            raise
        return cls(path, handle)

    @property
    def held(self) -> bool:
        """True until :meth:`release`."""
        return self._handle is not None

    def release(self) -> None:
        """Give the lock up (idempotent)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                _unlock(handle)
            handle.close()


class LockFileError(OSError):
    """Something that is not Reader's lock file has the lock file's name."""


def holder_pid(db_path: Path) -> int | None:
    """The process id written by the current (or last) holder of the lock, if readable."""
    try:
        text = lock_path_for(db_path.resolve()).read_text("ascii").strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
