"""The one way the reader writes an output file: whole and durable, or not at all.

:func:`atomic_write` (bytes or text) and :func:`atomic_write_with` (a callback that writes a
seekable binary file, for zip packages) both

* follow symbolic links: the real file is replaced and the link stays a link;
* refuse folders, device nodes (``/dev/full``), named pipes and sockets, and a read-only file;
* write a temporary file next to the real file, ``fsync`` it, ``os.replace`` it over the
  target and ``fsync`` the folder, so readers and crashes see the old file or the new, whole;
* keep an existing file's permission bits (and owner where allowed); a new file gets the
  umask's permissions, as any other program's would;
* on failure leave the old file and no temporary file, and raise :class:`AtomicWriteError`:
  an ``OSError`` whose text is one sentence a person understands ("The disk is full (No
  space left on device).").
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reader.paths.kinds import kind_of_mode

__all__ = ["AtomicWriteError", "atomic_write", "atomic_write_with"]

_O_BINARY: int = getattr(os, "O_BINARY", 0)
_O_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
#: Characters of the target's name kept in the temporary file's name (CJK: 3 bytes each,
#: so the temporary name stays far below the usual 255-byte limit).
_TEMP_NAME_CHARS = 60


class AtomicWriteError(OSError):
    """An output file was not written. ``str()`` is one sentence; :attr:`reason` the same
    sentence as a lower-case clause, for "cannot write FILE: reason"."""

    def __init__(
        self, code: int | None, reason: str, path: str, strerror: str | None = None
    ) -> None:
        super().__init__(code, strerror or reason, path)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason[:1].upper() + self.reason[1:] + "."

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.errno, self.reason, self.filename, self.strerror))


_SENTENCES: dict[int, str] = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the folder {folder} is read-only",
    errno.EACCES: "you do not have permission to write in the folder {folder}",
    errno.EPERM: "you do not have permission to write in the folder {folder}",
    errno.ENOENT: "the folder {folder} does not exist",
    errno.ENOTDIR: "a part of the path {folder} is not a folder",
    errno.EISDIR: "{path} is a folder, not a file",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an input/output error",
    errno.EFBIG: "the file is too large for this disk",
    errno.ELOOP: "{path} is a loop of symbolic links",
    errno.EBUSY: "the file or its folder is in use",
    errno.EMFILE: "too many files are open",
    errno.ENFILE: "too many files are open",
}
for _name, _sentence in (
    ("EDQUOT", "your disk quota is used up"),
    ("ETXTBSY", "the file is in use"),
):
    if hasattr(errno, _name):
        _SENTENCES[getattr(errno, _name)] = _sentence


def _error(exc: OSError, path: str, real: Path) -> AtomicWriteError:
    """``exc`` retold as a sentence about writing ``real`` (given by the user as ``path``)."""
    template = _SENTENCES.get(exc.errno or 0)
    strerror = exc.strerror or str(exc) or type(exc).__name__
    if template is None:
        return AtomicWriteError(exc.errno, strerror, path, strerror)
    sentence = template.format(folder=real.parent, path=real)
    return AtomicWriteError(exc.errno, f"{sentence} ({strerror})", path, strerror)


def _refusal(real: Path, mode: int) -> str | None:
    kind = kind_of_mode(mode)
    if kind is None:
        return None
    return f"{real} is a folder, not a file" if kind == "a folder" else f"{real} is {kind}, not a regular file"


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; a no-op where folders cannot be opened or synced."""
    try:
        fd = os.open(folder, os.O_RDONLY | _O_CLOEXEC)
    except OSError:
        return  # e.g. Windows: folders cannot be opened
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EACCES):
            raise
    finally:
        os.close(fd)


#: Files beside a database that an export must never replace (SQLite's and Reader's own).
_DATABASE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock", ".incident.json")


def _guarded(real: Path) -> str | None:
    """Why ``real`` must not be replaced by an export: a database or one of its companions."""
    try:
        with open(real, "rb") as fh:
            head = fh.read(16)
    except OSError:
        head = b""
    if head == b"SQLite format 3\x00":
        return f"{real} is an SQLite database; an export never replaces one"
    for suffix in _DATABASE_COMPANIONS:
        if real.name.endswith(suffix) and real.with_name(real.name[: -len(suffix)]).is_file():
            return f"{real} belongs to the database beside it; an export never replaces it"
    return None


def _write(path: str | os.PathLike[str], write: Callable[[BinaryIO], None]) -> Path:
    shown = os.fspath(path)
    if shown.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep)):
        raise AtomicWriteError(errno.EISDIR, f"{shown} names a folder, not a file", shown)
    real = Path(os.path.realpath(shown))
    try:
        existing: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise _error(exc, shown, real) from exc
    if existing is not None:
        refusal = _refusal(real, existing.st_mode)
        if refusal is not None:
            code = errno.EISDIR if stat.S_ISDIR(existing.st_mode) else errno.EINVAL
            raise AtomicWriteError(code, refusal, shown)
        if not os.access(real, os.W_OK):
            raise AtomicWriteError(errno.EACCES, f"the file {real} is read-only", shown)
        guarded = _guarded(real)
        if guarded is not None:
            raise AtomicWriteError(errno.EPERM, guarded, shown)
    folder = real.parent
    # os.urandom as secrets.token_hex does: secrets imports hashlib, which loads OpenSSL
    tmp = folder / f".{real.name[:_TEMP_NAME_CHARS]}.{os.urandom(4).hex()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_CLOEXEC | _O_NOFOLLOW
    try:
        # A new file: 0o666 less the umask, like any program's. An existing one: private
        # while written, then given the old file's owner and permission bits.
        fd = os.open(tmp, flags, 0o600 if existing is not None else 0o666)
    except OSError as exc:
        raise _error(exc, shown, real) from exc
    try:
        with os.fdopen(fd, "w+b") as fh:
            if existing is not None:
                if hasattr(os, "fchown"):
                    with contextlib.suppress(OSError):
                        os.fchown(fh.fileno(), existing.st_uid, existing.st_gid)
                os.chmod(tmp, stat.S_IMODE(existing.st_mode) & 0o777)
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, real)
        _fsync_folder(folder)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, AtomicWriteError):
            raise _error(exc, shown, real) from exc
        raise
    return real


class _RawWriter:
    """``fh.write`` through ``os.write`` on the descriptor (every byte, or an OSError)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __call__(self, fh: BinaryIO) -> None:
        fh.flush()
        view = memoryview(self.data)
        fd = fh.fileno()
        while view:
            written = os.write(fd, view)
            view = view[written:]


def atomic_write(
    path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8"
) -> Path:
    """Write ``data`` (text is encoded with ``encoding``, line ends untouched) to ``path``.

    Returns the file actually written (a symbolic link's target). Raises
    :class:`AtomicWriteError` when it cannot be written (the old file is then untouched), and
    ``UnicodeEncodeError`` before touching anything when the text cannot be encoded.
    """
    raw = data.encode(encoding) if isinstance(data, str) else bytes(data)
    return _write(path, _RawWriter(raw))


def atomic_write_with(path: str | os.PathLike[str], write: Callable[[BinaryIO], None]) -> Path:
    """Like :func:`atomic_write`, but ``write(fh)`` fills the file (a seekable binary file).

    An exception from ``write`` leaves the old file and no temporary one; an ``OSError`` is
    raised as :class:`AtomicWriteError`, anything else as it is.
    """
    return _write(path, write)
