"""Rotating, verified backups of the notes database.

A backup is taken with SQLite's online backup API into ``<name>.partial``, switched to
rollback-journal mode (so it opens read-only cleanly), checked with ``PRAGMA quick_check``,
fsynced and only then renamed into place; the oldest backups beyond ``keep`` are deleted after
that, so a failed backup never costs a good one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.storage.files.health import fsync_dir, move_aside, sidecars, timestamp

#: Backups kept per database unless the caller says otherwise.
DEFAULT_KEEP = 5
#: Minutes of changes between automatic backups (see ``Store.maybe_backup``).
DEFAULT_BACKUP_INTERVAL = timedelta(minutes=10)


class BackupError(Exception):
    """A backup could not be taken or verified."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: its path, when it was taken (UTC) and its size in bytes."""

    path: Path
    taken_at: datetime
    size: int


def backup_dir_for(db_path: Path) -> Path:
    """The default backup folder of a database: ``backups/`` beside it."""
    return db_path.parent / "backups"


def _prefix(db_path: Path) -> str:
    """Backups are named after the database's whole file name: ``notes.db`` and
    ``notes.sqlite3`` in one folder never share (or prune) each other's backups."""
    return db_path.name + "-backup-"


def _legacy_prefix(db_path: Path) -> str | None:
    """Before 2026-12 backups were named by the stem; only a ``.sqlite3`` database owns those."""
    return db_path.stem + "-backup-" if db_path.suffix == ".sqlite3" else None


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def verify_backup(path: Path) -> bool:
    """True when ``path`` opens read-only and passes ``PRAGMA quick_check``."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            return [r[0] for r in rows] == ["ok"]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def list_backups(directory: Path, db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path`` in ``directory``, newest first."""
    if not directory.is_dir():
        return []
    found: list[BackupInfo] = []
    prefixes = [p for p in (_prefix(db_path), _legacy_prefix(db_path)) if p]
    for entry in directory.iterdir():
        name = entry.name
        prefix = next((p for p in prefixes if name.startswith(p)), None)
        if prefix is None or not name.endswith(".sqlite3"):
            continue
        try:
            taken = datetime.strptime(
                name[len(prefix) : -len(".sqlite3")], "%Y%m%dT%H%M%S%fZ"
            ).replace(tzinfo=UTC)
            found.append(BackupInfo(entry, taken, entry.stat().st_size))
        except (ValueError, OSError):
            continue
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def newest_good_backup(directory: Path, db_path: Path) -> BackupInfo | None:
    """The newest backup of ``db_path`` that passes :func:`verify_backup`, if any."""
    return next((b for b in list_backups(directory, db_path) if verify_backup(b.path)), None)


def take_backup(
    conn: sqlite3.Connection,
    directory: Path,
    db_path: Path,
    keep: int = DEFAULT_KEEP,
    now: datetime | None = None,
) -> BackupInfo:
    """Back up the database open on ``conn`` into ``directory``; keep the newest ``keep``.

    The caller holds whatever lock serialises use of ``conn``. Raises :class:`BackupError`
    when the copy fails its check (the older backups are then left as they were).
    """
    now = now or datetime.now(UTC)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{_prefix(db_path)}{timestamp(now)}.sqlite3"
    partial = final.with_name(final.name + ".partial")
    clean_partials(directory, db_path)
    try:
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            ok = [r[0] for r in target.execute("PRAGMA quick_check").fetchall()] == ["ok"]
        finally:
            target.close()
        if not ok:
            raise BackupError(f"backup {partial.name} failed its quick_check")
        _fsync_file(partial)
        os.replace(partial, final)
        fsync_dir(directory)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"cannot back up the database: {exc}") from exc
    finally:
        for leftover in (partial, *sidecars(partial), partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    for old in list_backups(directory, db_path)[max(keep, 1) :]:
        with contextlib.suppress(OSError):
            old.path.unlink()
    return BackupInfo(final, now, final.stat().st_size)


def clean_partials(directory: Path, db_path: Path) -> list[Path]:
    """Delete what a killed backup, create or restore left behind; returns what was removed.

    Called by the holder of the database's lock, so no other process is writing these.
    """
    removed: list[Path] = []
    candidates: list[Path] = []
    if directory.is_dir():
        prefix = _prefix(db_path)  # never a legacy name: another database's may match it
        candidates += [
            p for p in directory.iterdir()
            if p.name.startswith(prefix) and ".sqlite3.partial" in p.name
        ]
    for suffix in (".creating", ".restoring"):
        stale = db_path.with_name(db_path.name + suffix)
        candidates += [stale, *sidecars(stale)]
    for path in candidates:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
        except OSError:
            continue
    return removed


def restore_backup(backup: Path, db_path: Path, reason: str = "replaced") -> Path | None:
    """Put a copy of ``backup`` at ``db_path``; returns where an existing database was moved.

    An existing database (or stray ``-wal``/``-shm`` files, which would otherwise be replayed
    into the restored copy) is first moved aside with :func:`move_aside`, never deleted.
    """
    if not verify_backup(backup):
        raise BackupError(f"{backup.name} fails its integrity check")
    moved: Path | None = None
    if db_path.exists() or any(s.exists() for s in sidecars(db_path)):
        moved = move_aside(db_path, reason)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    _fsync_file(tmp)
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
    return moved
