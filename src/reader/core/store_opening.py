"""Opening the annotation database: the only way in (see :mod:`reader.core.store`).

:func:`open_store` creates a missing database atomically, moves a damaged one aside untouched
(reporting the backups that could replace it), opens a database from a newer reader
read-only, upgrades an older one step by step, and takes a backup.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from reader.core.backup import (
    DEFAULT_BACKUP_INTERVAL,
    DEFAULT_KEEP,
    BackupError,
    BackupInfo,
    backup_dir_for,
    list_backups,
    restore_backup,
    verify_backup,
)
from reader.core.db_health import check_database, fsync_dir, move_aside, sidecars
from reader.core.schema import SCHEMA_VERSION, migrate, schema_version
from reader.core.store import Store, _connect
from reader.core.store_records import StoreError

OpenStatus = Literal["ok", "created", "recovered", "read_only"]


@dataclass
class OpenResult:
    """What :func:`open_store` did.

    ``status``: ``ok`` (opened, possibly upgraded), ``created`` (new empty database),
    ``recovered`` (the database was damaged and moved to ``moved_to``; ``store`` is None until
    the caller restores a backup with :func:`restore_and_open` or starts afresh with
    :func:`open_store`), ``read_only`` (made by a newer reader; never written).
    """

    store: Store | None
    status: OpenStatus
    message: str
    path: Path
    moved_to: Path | None = None
    backups: list[BackupInfo] = field(default_factory=list)

    @property
    def newest_backup(self) -> BackupInfo | None:
        """The newest good backup offered for restoring, if any."""
        return self.backups[0] if self.backups else None


def _create(path: Path) -> None:
    """Build a new database beside ``path`` and rename it into place (never half-made)."""
    tmp = path.with_name(path.name + ".creating")
    for stale in [tmp, *sidecars(tmp)]:
        stale.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    finally:
        conn.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def open_store(
    path: str | os.PathLike[str],
    *,
    backup_dir: Path | None = None,
    keep_backups: int = DEFAULT_KEEP,
    backup_interval: timedelta = DEFAULT_BACKUP_INTERVAL,
    backup_on_open: bool = True,
) -> OpenResult:
    """Open (or create) the database at ``path``; never raises for a damaged file."""
    db_path = Path(path)
    backup_dir = backup_dir or backup_dir_for(db_path)
    options: dict[str, Any] = {
        "backup_dir": backup_dir,
        "keep_backups": keep_backups,
        "backup_interval": backup_interval,
    }

    def good_backups() -> list[BackupInfo]:
        return [b for b in list_backups(backup_dir, db_path) if verify_backup(b.path)]

    if not db_path.exists():
        message = "created a new annotation database"
        moved: Path | None = None
        if any(s.exists() for s in sidecars(db_path)):
            moved = move_aside(db_path, "orphaned-log")
            message += f"; a log without its database was moved to {moved.name}*"
        db_path.parent.mkdir(parents=True, exist_ok=True)
        _create(db_path)
        store = Store(_connect(db_path, read_only=False), db_path, **options)
        return OpenResult(store, "created", message, db_path, moved, good_backups())

    health = check_database(db_path)
    problem = health.problem
    if problem is None and health.user_version == 0 and health.has_tables:
        problem = "the file is an SQLite database but not a reader annotation database"
    if problem is not None:
        moved = move_aside(db_path, "damaged")
        backups = good_backups()
        offer = (
            f" The newest good backup is from {backups[0].taken_at:%Y-%m-%d %H:%M} UTC."
            if backups
            else " No good backup was found."
        )
        message = f"The annotation database is damaged ({problem}); it was moved to {moved}."
        return OpenResult(None, "recovered", message + offer, db_path, moved, backups)

    version = health.user_version or 0
    if version > SCHEMA_VERSION:
        reason = (
            f"it was written by a newer reader (schema {version}, this reader knows "
            f"{SCHEMA_VERSION}); nothing will be saved"
        )
        store = Store(
            _connect(db_path, read_only=True), db_path, read_only_reason=reason, **options
        )
        return OpenResult(store, "read_only", f"Opened read-only: {reason}.", db_path)

    conn = _connect(db_path, read_only=False)
    store = Store(conn, db_path, **options)
    message = "opened"
    try:
        if version < SCHEMA_VERSION:
            if version > 0:
                store.backup_now()
            migrate(conn)
            message = f"upgraded the database from schema {version} to {schema_version(conn)}"
        elif backup_on_open:
            store.backup_now()
    except (sqlite3.Error, BackupError) as exc:
        conn.close()
        raise StoreError(f"cannot open {db_path}: {exc}") from exc
    return OpenResult(store, "ok", message, db_path, None, good_backups())


def restore_and_open(
    backup: BackupInfo | Path, path: str | os.PathLike[str], **kwargs: Any
) -> OpenResult:
    """Copy ``backup`` to ``path`` (moving anything there aside) and open it."""
    backup_path = backup.path if isinstance(backup, BackupInfo) else backup
    restore_backup(backup_path, Path(path))
    result = open_store(path, **kwargs)
    result.message = f"restored the backup {backup_path.name}; " + result.message
    return result
