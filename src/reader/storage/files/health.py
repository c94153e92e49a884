"""Is a database file sound? SQLite judges, on the real file, through a read-only connection.

:func:`check_database` never copies a live database and never parses its header beyond the
16-byte magic that says "this is an SQLite file at all": a reader whose copy is torn by a
concurrent writer, or a header whose page count runs ahead of the file while a checkpoint is
under way, would otherwise call a healthy database damaged. A read transaction sees one
consistent snapshot whatever other processes write, so ``PRAGMA quick_check`` on it is the
verdict. Only SQLite's "corrupt" and "not a database" answers, or a failed ``quick_check``,
count as damage; a busy, unreadable or missing file is a different problem (nothing to move).

:func:`move_aside` renames a database and its ``-wal``/``-shm`` files with a timestamp, leaving
their bytes as they were; only :mod:`reader.storage.files.opening` calls it, holding the store's
lock, and only when the user chose to.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.paths.kinds import special_kind
from reader.storage.errors import store_error

SQLITE_MAGIC = b"SQLite format 3\x00"
#: SQLite's result codes that mean the file itself is damaged (not busy, not unreadable).
_DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


@dataclass(frozen=True)
class Health:
    """What :func:`check_database` found.

    ``problem`` is None for a sound database. ``not_database`` is True when the file is not
    an SQLite database at all (empty, another kind of file): a path the user named is then
    refused, untouched. ``unreadable`` is True when SQLite could not read it for a reason
    that is not damage (permissions, a busy lock, an I/O error): nothing may be moved then.
    """

    problem: str | None
    user_version: int | None = None
    has_tables: bool = False
    not_database: bool = False
    unreadable: bool = False
    tables: frozenset[str] = frozenset()
    #: SQLite's own words about the damage (for a "details" view), when ``problem`` is damage
    detail: str = ""


def sidecars(path: Path) -> list[Path]:
    """The ``-wal`` and ``-shm`` files that belong to database ``path``."""
    return [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def timestamp(now: datetime | None = None) -> str:
    """A UTC timestamp for file names, e.g. ``20261128T195700123456Z``."""
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A ``mode=ro`` connection that never writes, moves or checkpoints the database.

    SQLite may create empty ``-wal``/``-shm`` files to share with writers (its own locking,
    not a change to the data). Only when the folder is read-only, so that neither those files
    nor any writer can exist, is the database opened ``immutable``.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        wal = sidecars(path)[0]
        name = str(getattr(exc, "sqlite_errorname", ""))
        cannot_share = name in ("SQLITE_CANTOPEN", "SQLITE_READONLY_DIRECTORY")
        if not cannot_share or wal.exists() or os.access(path.parent, os.W_OK):
            raise
        conn = sqlite3.connect(
            f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
            check_same_thread=False,
        )
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


#: Tables every Reader database has had since schema 1: another program's SQLite file
#: (whatever its ``user_version``) lacks them and is never written.
READER_TABLES = frozenset({"documents", "highlights"})


def magic_problem(path: Path) -> str | None:
    """Why the file at ``path`` is not an SQLite database at all (empty, other bytes), or None."""
    return _magic_problem(path)


def _magic_problem(path: Path) -> str | None:
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if not head:
        return "the file is empty (zero length)"
    if head != SQLITE_MAGIC:
        return "it does not start with SQLite's header"
    return None


def check_database(path: Path, recover: bool = False) -> Health:
    """Whether the existing database ``path`` (with its WAL) is sound, without modifying it.

    ``recover`` (only for the holder of the store's lock): when a read-only connection cannot
    read the file because a crashed writer left work to finish (a hot journal or WAL index
    to rebuild: SQLite's ``SQLITE_READONLY_*`` / ``BUSY_RECOVERY`` answers), judge it through
    a read-write connection instead, so that SQLite runs its own crash recovery first.
    """
    kind = special_kind(path)
    if kind is not None:
        return Health(f"{path.name} is {kind}, not a database file", not_database=True)
    try:
        problem = _magic_problem(path)
    except OSError as exc:
        return Health(f"it cannot be read ({exc.strerror or exc})", unreadable=True)
    if problem is not None:
        return Health(problem, not_database=True)
    try:
        health = _judge(connect_read_only(path))
    except sqlite3.Error as exc:
        health = _health_from_error(exc)
        if recover and _needs_recovery(exc):
            try:
                health = _judge(sqlite3.connect(path, isolation_level=None))
            except sqlite3.Error as again:
                health = _health_from_error(again)
    return health


def _needs_recovery(exc: sqlite3.Error) -> bool:
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    return name.startswith("SQLITE_READONLY") or name in (
        "SQLITE_BUSY_RECOVERY", "SQLITE_CANTOPEN"
    )


def _judge(conn: sqlite3.Connection) -> Health:
    """``quick_check``, version and tables in one snapshot; raises sqlite3.Error."""
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("BEGIN")  # one snapshot for every statement below
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            detail = "; ".join(str(r[0]) for r in rows[:3])
            return Health("SQLite's integrity check found damage inside the file",
                          detail=f"PRAGMA quick_check: {detail}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = frozenset(
            str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
        conn.execute("COMMIT")
        return Health(None, version, bool(tables), tables=tables)
    finally:
        conn.close()


def _health_from_error(exc: sqlite3.Error) -> Health:
    code = "_".join(str(getattr(exc, "sqlite_errorname", "") or "").split("_")[:2])
    if code in _DAMAGE_CODES or "malformed" in str(exc) or "not a database" in str(exc):
        return Health("SQLite cannot read the file: it is damaged", detail=f"SQLite: {exc}")
    return Health(str(store_error(exc, "open the notes database")), unreadable=True)


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

    The caller holds the database's :class:`~reader.storage.files.lock.StoreLock`. Returns the
    new path of the database file (or of where it would be, when only sidecars existed).
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
