"""Checks that a database file is sound before it is opened for writing, and moving bad ones aside.

:func:`check_database` looks at the bytes first (SQLite header, page size, size against the
header's page count, the WAL header and its checksum) and then runs ``PRAGMA quick_check`` on
a *copy* of the files, so a damaged database is never touched by SQLite: recovery of a WAL or
the checkpoint at close would otherwise rewrite it. :func:`move_aside` renames the database and
its ``-wal``/``-shm`` files with a timestamp, leaving their bytes as they were.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_MAGICS = (0x377F0682, 0x377F0683)
_WAL_VERSION = 3007000
_WAL_HEADER_SIZE = 32


@dataclass(frozen=True)
class Health:
    """What :func:`check_database` found: ``problem`` is None for a sound database."""

    problem: str | None
    user_version: int | None = None
    has_tables: bool = False


def sidecars(path: Path) -> list[Path]:
    """The ``-wal`` and ``-shm`` files that belong to database ``path``."""
    return [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def timestamp(now: datetime | None = None) -> str:
    """A UTC timestamp for file names, e.g. ``20261128T195700123456Z``."""
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _header_problem(path: Path) -> str | None:
    size = path.stat().st_size
    if size == 0:
        return "the database file is empty (zero length)"
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        return "the file does not start with an SQLite header"
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"the header names an impossible page size ({page_size})"
    if header[18] not in (1, 2) or header[19] not in (1, 2) or header[21:24] != b"\x40\x20\x20":
        return "the header's format fields are damaged"
    encoding, schema_format = struct.unpack(">I", header[56:60])[0], header[44:48]
    if encoding not in (1, 2, 3) or schema_format[:3] != b"\x00\x00\x00" or schema_format[3] > 4:
        return "the header's encoding or schema-format fields are damaged"
    if any(header[72:92]) or page_size - header[20] < 480:
        return "the header's reserved fields are not zero"
    if size % page_size:
        return f"the file size ({size}) is not a whole number of pages (truncated?)"
    page_count, change_counter = struct.unpack(">I", header[28:32])[0], header[24:28]
    if header[92:96] == change_counter and size < page_count * page_size:
        return f"the file is shorter than its header says ({size} < {page_count * page_size})"
    return None


def _wal_checksum(data: bytes, big_endian: bool) -> tuple[int, int]:
    words = struct.unpack((">" if big_endian else "<") + f"{len(data) // 4}I", data)
    s0 = s1 = 0
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _wal_problem(wal: Path) -> str | None:
    if not wal.exists() or wal.stat().st_size == 0:
        return None
    with open(wal, "rb") as fh:
        header = fh.read(_WAL_HEADER_SIZE)
    if len(header) < _WAL_HEADER_SIZE:
        return "the write-ahead log is shorter than its header"
    magic, version = struct.unpack(">II", header[:8])
    if magic not in _WAL_MAGICS or version != _WAL_VERSION:
        return "the write-ahead log has a damaged header"
    expected = struct.unpack(">II", header[24:32])
    if _wal_checksum(header[:24], big_endian=magic & 1 == 1) != expected:
        return "the write-ahead log's header checksum is wrong"
    return None


def _sqlite_check(path: Path) -> Health:
    """``quick_check`` and ``user_version`` of a copy of ``path`` and its WAL."""
    with tempfile.TemporaryDirectory(prefix="reader-check-") as tmp:
        copy = Path(tmp) / "check.sqlite3"
        shutil.copyfile(path, copy)
        wal = sidecars(path)[0]
        if wal.exists():
            shutil.copyfile(wal, sidecars(copy)[0])
        try:
            conn = sqlite3.connect(copy, isolation_level=None)
            try:
                rows = conn.execute("PRAGMA quick_check").fetchall()
                if [r[0] for r in rows] != ["ok"]:
                    detail = "; ".join(str(r[0]) for r in rows[:3])
                    return Health(f"SQLite's quick_check failed: {detail}")
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                return Health(None, version, bool(tables))
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            return Health(f"SQLite cannot read the database: {exc}")


def check_database(path: Path) -> Health:
    """Whether the existing database ``path`` (with its WAL) is sound, without modifying it."""
    try:
        problem = _header_problem(path) or _wal_problem(sidecars(path)[0])
        if problem:
            return Health(problem)
        return _sqlite_check(path)
    except OSError as exc:
        return Health(f"the database cannot be read: {exc.strerror or exc}")
    except (struct.error, ValueError) as exc:
        return Health(f"the database's structure is damaged: {exc}")


def fsync_dir(directory: Path) -> None:
    """Make renames in ``directory`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def move_aside(path: Path, reason: str = "damaged", now: datetime | None = None) -> Path:
    """Rename ``path`` and its sidecars to ``<name>.<reason>-<timestamp>`` (bytes untouched).

    Returns the new path of the database file (or of where it would be, when only sidecars
    existed).
    """
    stamp = timestamp(now)
    target = path.with_name(f"{path.name}.{reason}-{stamp}")
    if path.exists():
        os.rename(path, target)
    for sidecar, suffix in zip(sidecars(path), ("-wal", "-shm"), strict=True):
        if sidecar.exists():
            os.rename(sidecar, target.with_name(target.name + suffix))
    fsync_dir(path.parent)
    return target
