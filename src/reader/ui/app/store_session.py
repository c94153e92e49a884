"""Opening the notes store for the window, telling the user what happened.

Nothing is ever moved or replaced without the user's explicit choice, and the default
button (Esc too) always keeps the data as it is. A damaged database stays where it is until
the user restores a backup or starts afresh (the damaged file is then kept aside, and shown
at every start until settled: :mod:`reader.storage.files.incident`). A database held by another
Reader is handed over to it (see :mod:`reader.ui.app.single_instance`) or opened read-only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.paths.data import ENV_VAR, resolve_db_path
from reader.storage.files.incident import Incident, dismiss_incident
from reader.storage.files.opening import (
    OpenResult,
    open_store,
    restore_and_open,
    start_afresh,
)
from reader.storage.files.read_only import open_for_reading
from reader.storage.records import StoreInUseError
from reader.storage.store import Store, StoreError
from reader.ui.common.worker import BackgroundRunner, Lane

#: How often the window asks the store whether a backup is due (the store's own interval
#: decides; this only polls).
BACKUP_POLL_MS = 60_000


class HandedOver(Exception):  # noqa: N818 (an outcome, not a failure)
    """Another Reader window holds the database and took this launch's request."""


def database_path(cli_value: str | None) -> Path:
    """``--db``, else ``READER_DB``, else the platform's app-data folder."""
    return resolve_db_path(cli_value, os.environ)


def path_was_named(cli_value: str | None) -> bool:
    """True when the user named the database (``--db`` or ``READER_DB``), not the default."""
    return bool(cli_value or os.environ.get(ENV_VAR))


def open_for_user(
    path: Path,
    parent: QWidget | None,
    ask: bool = True,
    *,
    named: bool = False,
    hand_over: Callable[[], bool] | None = None,
    backup_on_open: bool = True,
) -> Store | None:
    """Open ``path``; every outcome but a plain success is explained in a dialog.

    Returns None when notes are off for this session (the data left exactly as it was).
    Raises :class:`HandedOver` when another Reader holds the database and took the request.
    Without ``ask`` (the smoke test) nothing is asked and nothing is moved. Without
    ``backup_on_open`` the caller takes the open's backup itself (the window: on a worker
    after its first paint, :meth:`BackupTimer.back_up_now`); an upgrade is backed up first
    whatever it says.
    """
    try:
        result = open_store(path, backup_on_open=backup_on_open)
    except StoreInUseError as exc:
        if hand_over is not None and hand_over():
            raise HandedOver(str(exc)) from None
        return _read_only_instead(path, parent, ask, str(exc))
    except StoreError as exc:
        _tell(parent, ask, "Notes cannot be opened",
              f"{exc}\n\nHighlights and notes are off for this session; nothing was changed.")
        return None
    if result.status == "read_only":
        _tell(parent, ask, "Notes are read-only", result.message, warning=False)
    if result.status == "damaged":
        return _damaged(result, parent, ask, named)
    store = result.store
    if result.incident is not None and ask and store is not None:
        return _incident(result.incident, path, store, parent)
    return store


def _tell(parent: QWidget | None, ask: bool, title: str, text: str, warning: bool = True) -> None:
    if not ask:
        print(f"reader: {text}", file=sys.stderr)
    elif warning:
        QMessageBox.critical(parent, title, text)
    else:
        QMessageBox.information(parent, title, text)


def _read_only_instead(path: Path, parent: QWidget | None, ask: bool, why: str) -> Store | None:
    try:
        store = open_for_reading(path)
    except StoreError as exc:
        _tell(parent, ask, "Notes cannot be opened",
              f"{why}\n{exc}\n\nHighlights and notes are off for this session.")
        return None
    _tell(parent, ask, "Notes are read-only",
          f"{why}\n\nThis window shows your notes read-only; new highlights and notes "
          "cannot be saved here.", warning=False)
    return store


def _damaged(result: OpenResult, parent: QWidget | None, ask: bool, named: bool) -> Store | None:
    if result.not_database and named:
        result.release()
        _tell(parent, ask, "Not a notes database",
              f"{result.path} is not a Reader notes database ({result.problem}). "
              "It was left untouched; highlights and notes are off for this session.")
        return None
    if not ask:
        result.release()
        _tell(parent, ask, "Notes cannot be opened", result.message)
        return None
    backup = result.newest_backup
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("The notes database cannot be used")
    box.setText(result.message)
    if result.detail:
        box.setDetailedText(result.detail)
    box.setInformativeText(
        "Nothing has been changed. Restoring a backup or starting afresh keeps the damaged "
        "file beside the new one, renamed; continuing without notes leaves everything as it "
        "is, and Reader asks again at the next start."
    )
    restore = box.addButton("Restore Backup", QMessageBox.ButtonRole.AcceptRole) if backup else None
    fresh = box.addButton("Start Empty, Keep the Damaged File",
                          QMessageBox.ButtonRole.DestructiveRole)
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.ActionRole)
    keep = box.addButton("Continue Without Notes", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    try:
        if restore is not None and clicked is restore and backup is not None:
            return restore_and_open(result, backup).store
        if clicked is fresh:
            return start_afresh(result).store
        result.release()
        if clicked is read_only:
            return open_for_reading(result.path)
    except StoreError as exc:
        result.release()
        QMessageBox.critical(parent, "Notes cannot be opened",
                             f"{exc}\n\nHighlights and notes are off for this session.")
    return None


def _incident(incident: Incident, path: Path, store: Store, parent: QWidget | None) -> Store:
    """An earlier damaged database is still kept aside: ask, every start, until settled."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("An earlier notes database is kept")
    when = f" on {incident.at[:16].replace('T', ' ')} UTC" if incident.at else ""
    box.setText(
        f"Your earlier notes database could not be used{when} ({incident.problem}). "
        f"It is kept, unchanged, at {incident.moved_to}."
    )
    box.setInformativeText(
        "Open it read-only to see or export what it holds, or dismiss this message for good. "
        "Reader reminds you at every start until you choose."
    )
    open_it = box.addButton("Open It Read-Only", QMessageBox.ButtonRole.AcceptRole)
    dismiss = box.addButton("Dismiss for Good", QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton("Remind Me Next Time", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(later)
    box.setEscapeButton(later)
    box.exec()
    clicked = box.clickedButton()
    if clicked is dismiss:
        dismiss_incident(path)
    elif clicked is open_it:
        try:
            old = open_for_reading(incident.moved_to)
        except StoreError as exc:
            QMessageBox.warning(parent, "The earlier database cannot be read", str(exc))
            return store
        dismiss_incident(path)
        store.close()
        return old
    return store


class BackupTimer(QObject):
    """Asks ``Store.maybe_backup`` on a timer, on a worker thread (the copy and its
    ``quick_check`` never stall the window; the store reads through its own connection, so
    saving goes on meanwhile). A failed backup is reported once."""

    def __init__(self, store: Store, report: QWidget | None = None) -> None:
        super().__init__(report)
        self.store = store
        self.report = report
        self.failed = False
        self.runner = BackgroundRunner(self)
        self.timer = QTimer(self)
        self.timer.setInterval(BACKUP_POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        if self.store.closed:
            self.timer.stop()
            return
        self.runner.run("backup", self.store.maybe_backup, self._done, self._failed,
                        lane=Lane.SHORT)

    def back_up_now(self) -> None:
        """Take a backup now, on the worker (the window's backup at open, after its first
        paint: the copy, its fsync and ``quick_check`` cost 40-60 ms even for a small file)."""
        if self.store.closed or self.store.read_only:
            return
        self.runner.run("backup", self.store.backup_now, self._done, self._failed,
                        lane=Lane.SHORT)

    def _done(self, _info: object) -> None:
        self.failed = False

    def _failed(self, detail: str) -> None:
        if self.store.closed or self.failed or self.report is None:
            return
        self.failed = True
        QMessageBox.warning(
            self.report, "Backup failed",
            f"A backup of your notes could not be taken or verified: {detail}. "
            "Older backups are kept; the next attempt is in a minute.",
        )
