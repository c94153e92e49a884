"""Opening the notes database: the only way in (see :mod:`reader.storage.store`).

:func:`open_store` takes the database's lock (one writer: :mod:`reader.storage.files.lock`),
creates a missing database atomically, lets SQLite judge an existing one on the real file,
opens a database from a newer reader read-only, upgrades an older one step by step, and takes
a backup. It never moves, renames or replaces anything on its own: a damaged database is
reported (``status == "damaged"``, the lock still held) and stays where it is until the user
chooses :func:`restore_and_open` or :func:`start_afresh`, or lets it be (:meth:`OpenResult.release`).
:mod:`reader.storage.files.read_only` is the commands' way in: read-only, no lock, nothing changed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from reader.paths.kinds import special_kind
from reader.storage.errors import os_error_words, store_error
from reader.storage.files.backup import (
    DEFAULT_BACKUP_INTERVAL,
    DEFAULT_KEEP,
    BackupError,
    BackupInfo,
    backup_dir_for,
    clean_partials,
    list_backups,
    restore_backup,
    verify_backup,
)
from reader.storage.files.health import (
    READER_TABLES,
    Health,
    check_database,
    connect_read_only,
    fsync_dir,
    magic_problem,
    move_aside,
    sidecars,
)
from reader.storage.files.incident import Incident, pending_incident, record_incident
from reader.storage.files.lock import LockFileError, StoreLock, holder_pid
from reader.storage.records import NotADatabaseError, StoreError, StoreInUseError
from reader.storage.schema import SCHEMA_VERSION, migrate, schema_version
from reader.storage.store import Store, connect_read_write, now_iso

OpenStatus = Literal["ok", "created", "read_only", "damaged"]


@dataclass
class OpenResult:
    """What :func:`open_store` found.

    ``status``: ``ok`` (opened, possibly upgraded), ``created`` (a new empty database),
    ``read_only`` (made by a newer reader, or its folder is read-only; never written),
    ``damaged`` (``store`` is None; ``problem`` says what SQLite found; nothing was moved and
    the lock is held until :func:`restore_and_open`, :func:`start_afresh` or :meth:`release`).
    ``not_database`` (with ``damaged``): the file is not an SQLite database at all, so a path
    the user named must be refused rather than offered for replacing. ``incident``: an earlier
    damaged database still waiting for the user (see :mod:`reader.storage.files.incident`).
    ``backups``: the good ones offered for restoring a damaged database (each checked with
    ``quick_check``, so not looked for when the database opened: the window's start does not
    wait for them).
    """

    store: Store | None
    status: OpenStatus
    message: str
    path: Path
    moved_to: Path | None = None
    backups: list[BackupInfo] = field(default_factory=list)
    problem: str | None = None
    not_database: bool = False
    #: SQLite's own words about the damage, for a "details" view
    detail: str = ""
    incident: Incident | None = None
    lock: StoreLock | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def newest_backup(self) -> BackupInfo | None:
        """The newest good backup offered for restoring, if any."""
        return self.backups[0] if self.backups else None

    def release(self) -> None:
        """Leave a damaged database as it is and give up its lock."""
        if self.store is None and self.lock is not None:
            self.lock.release()


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


def _refuse_special(db_path: Path) -> None:
    kind = special_kind(db_path)
    if kind is not None:
        raise NotADatabaseError(
            f"{db_path} is {kind}, not a notes database; nothing was changed."
        )


def _good_backups(backup_dir: Path, db_path: Path) -> list[BackupInfo]:
    return [b for b in list_backups(backup_dir, db_path) if verify_backup(b.path)]


def open_store(
    path: str | os.PathLike[str],
    *,
    backup_dir: Path | None = None,
    keep_backups: int = DEFAULT_KEEP,
    backup_interval: timedelta = DEFAULT_BACKUP_INTERVAL,
    backup_on_open: bool = True,
) -> OpenResult:
    """Open (or create) the database at ``path`` for writing.

    Raises :class:`StoreInUseError` when another process holds it, :class:`NotADatabaseError`
    for a folder, FIFO or device, and :class:`StoreError` (with a sentence) when it cannot be
    opened at all. A damaged database is returned as ``status == "damaged"``, untouched.
    """
    db_path = Path(path)
    _refuse_special(db_path)
    options: dict[str, Any] = {
        "backup_dir": backup_dir or backup_dir_for(db_path),
        "keep_backups": keep_backups,
        "backup_interval": backup_interval,
    }
    early = _not_sqlite(db_path, options)
    if early is not None:
        return early
    try:
        if not db_path.exists():
            db_path.parent.mkdir(parents=True, exist_ok=True)
        lock = StoreLock.acquire(db_path)
    except LockFileError as exc:
        raise StoreError(str(exc)) from None
    except OSError as exc:
        if db_path.is_file() and not os.access(db_path.parent, os.W_OK):
            return _open_read_only_folder(db_path, options)
        raise StoreError(
            f"Could not open the notes database {db_path}: {os_error_words(exc)}."
        ) from None
    if lock is None:
        pid = holder_pid(db_path)
        who = f" (process {pid})" if pid else ""
        raise StoreInUseError(
            f"The notes database {db_path} is in use by another Reader{who}."
        )
    try:
        return _open_locked(db_path, lock, options, backup_on_open)
    except BaseException:
        lock.release()
        raise


def _not_sqlite(db_path: Path, options: dict[str, Any]) -> OpenResult | None:
    """A file that is not SQLite at all: reported before any lock file is made beside it."""
    if not db_path.is_file():
        return None
    try:
        problem = magic_problem(db_path)
    except OSError:
        return None  # the full check says why
    if problem is None:
        return None
    backups = _good_backups(options["backup_dir"], db_path)
    message = (
        f"{db_path} is not a Reader notes database: {problem}. It was left exactly as it is."
        + _offer(backups)
    )
    return OpenResult(None, "damaged", message, db_path, None, backups, problem, True, "",
                      pending_incident(db_path), None, options)


def _offer(backups: list[BackupInfo]) -> str:
    if not backups:
        return " No good backup was found."
    return f" The newest good backup is from {backups[0].taken_at:%Y-%m-%d %H:%M} UTC."


def _reason_of(exc: sqlite3.Error) -> str:
    return str(store_error(exc)).removeprefix("Could not save: ").rstrip(".")


def _sentence(text: str) -> str:
    return text.rstrip(". ") + "."


def _open_read_only_folder(
    db_path: Path, options: dict[str, Any], reason: str | None = None
) -> OpenResult:
    health = check_database(db_path)
    if health.problem is not None:
        raise StoreError(_sentence(f"The notes database {db_path} cannot be opened: {health.problem}"))
    if _foreign(health):
        raise NotADatabaseError(
            f"{db_path} is an SQLite database but not a Reader notes database; nothing was changed."
        )
    reason = reason or f"its folder {db_path.parent} is read-only; nothing will be saved"
    try:
        conn = connect_read_only(db_path)
    except sqlite3.Error as exc:
        raise store_error(exc, "open the notes database", db_path) from None
    store = Store(conn, db_path, read_only_reason=reason, **options)
    return OpenResult(store, "read_only", f"Opened read-only: {reason}.", db_path)


def _open_locked(
    db_path: Path, lock: StoreLock, options: dict[str, Any], backup_on_open: bool
) -> OpenResult:
    backup_dir: Path = options["backup_dir"]
    clean_partials(backup_dir, db_path)
    incident = pending_incident(db_path)
    if not db_path.exists():
        message = "created a new notes database"
        moved: Path | None = None
        if any(s.exists() for s in sidecars(db_path)):
            moved = move_aside(db_path, "orphaned-log")
            message += f"; a log without its database was moved to {moved.name}*"
        try:
            _create(db_path)
        except (OSError, sqlite3.Error) as exc:
            tmp = db_path.with_name(db_path.name + ".creating")
            for half_made in (tmp, *sidecars(tmp)):
                with contextlib.suppress(OSError):
                    half_made.unlink()
            words = os_error_words(exc) if isinstance(exc, OSError) else _reason_of(exc)
            raise StoreError(f"Could not create the notes database {db_path}: {words}.") from None
        store = Store(connect_read_write(db_path), db_path, file_lock=lock, **options)
        result = OpenResult(store, "created", message, db_path, moved)
        result.incident = incident
        return result

    links = db_path.stat().st_nlink
    if links > 1:
        lock.release()
        return _open_read_only_folder(db_path, options, (
            f"the file has {links} names (hard links), and SQLite cannot keep a database "
            "with several names safe; open it by one name, or copy it, to write to it"
        ))
    health = check_database(db_path, recover=True)  # the lock is ours
    problem = health.problem
    if problem is None and _foreign(health):
        problem = "the file is an SQLite database but not a reader notes database"
        health = type(health)(problem, health.user_version, True, not_database=True)
    if problem is not None and health.unreadable:
        raise StoreError(_sentence(f"The notes database {db_path} cannot be opened: {problem}"))
    if problem is not None:
        backups = _good_backups(backup_dir, db_path)
        message = (
            f"The notes database {db_path} cannot be used ({problem}). "
            "It was left exactly as it is." + _offer(backups)
        )
        return OpenResult(
            None, "damaged", message, db_path, None, backups, problem,
            health.not_database, health.detail, incident, lock, options,
        )

    version = health.user_version or 0
    if version > SCHEMA_VERSION:
        lock.release()  # a reader never writes it, so another may open it as well
        reason = (
            f"it was written by a newer reader (schema {version}, this reader knows "
            f"{SCHEMA_VERSION}); nothing will be saved"
        )
        try:
            conn = connect_read_only(db_path)
        except sqlite3.Error as exc:
            raise store_error(exc, "open the notes database", db_path) from None
        store = Store(conn, db_path, read_only_reason=reason, **options)
        return OpenResult(store, "read_only", f"Opened read-only: {reason}.", db_path)

    try:
        conn = connect_read_write(db_path)
    except sqlite3.Error as exc:
        raise store_error(exc, "open the notes database", db_path) from None
    store = Store(conn, db_path, file_lock=lock, **options)
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
        detail = store_error(exc, "open the notes database") if isinstance(
            exc, sqlite3.Error
        ) else exc
        raise StoreError(f"Could not open {db_path}: {detail}") from None
    result = OpenResult(store, "ok", message, db_path)
    result.incident = incident
    return result


def _foreign(health: Health) -> bool:
    """An SQLite file with tables that are not Reader's (any ``user_version``)."""
    if not health.has_tables:
        return False
    return health.user_version == 0 or not READER_TABLES.issubset(health.tables)


def _locked_damaged(result: OpenResult) -> StoreLock:
    if result.status != "damaged":
        raise StoreError("only a damaged database can be replaced")
    if result.lock is None:  # not SQLite at all: no lock file was made beside it yet
        try:
            result.lock = StoreLock.acquire(result.path)
        except OSError as exc:
            raise StoreError(f"Could not lock {result.path}: {os_error_words(exc)}.") from None
        if result.lock is None:
            raise StoreInUseError(f"The notes database {result.path} is in use by another Reader.")
    if not result.lock.held:
        raise StoreError("this damaged database was already let go")
    return result.lock


def restore_and_open(result: OpenResult, backup: BackupInfo | Path) -> OpenResult:
    """The user chose to restore ``backup`` over the damaged database of ``result``.

    The damaged files are renamed aside (kept, never deleted), the backup copied in, opened.
    """
    lock = _locked_damaged(result)
    backup_path = backup.path if isinstance(backup, BackupInfo) else backup
    try:
        moved = restore_backup(backup_path, result.path, reason="damaged")
    except (OSError, BackupError) as exc:
        words = os_error_words(exc) if isinstance(exc, OSError) else str(exc)
        raise StoreError(f"Could not restore {backup_path.name}: {words}.") from None
    opened = _open_locked(result.path, lock, result.options, backup_on_open=False)
    opened.moved_to = moved
    opened.message = (
        f"restored the backup {backup_path.name}; the damaged database was kept at {moved}; "
        + opened.message
    )
    return opened


def start_afresh(result: OpenResult) -> OpenResult:
    """The user chose a new, empty database: the damaged one is kept aside and remembered."""
    lock = _locked_damaged(result)
    try:
        moved = move_aside(result.path, "damaged")
        record_incident(result.path, moved, result.problem or "damaged", now_iso())
    except OSError as exc:
        raise StoreError(
            f"Could not move the damaged database aside: {os_error_words(exc)}."
        ) from None
    opened = _open_locked(result.path, lock, result.options, backup_on_open=False)
    opened.moved_to = moved
    opened.message = f"started a new database; the damaged one was kept at {moved}"
    return opened
