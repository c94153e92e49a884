"""Opening the annotation store for the window, telling the user what happened.

A damaged database never leaves the app silently on an empty one: the file has already been
moved aside untouched by ``open_store``; the user is told where, and offered the newest good
backup. A database written by a newer reader opens read-only, with a message. Backups are
taken on a timer while there are changes.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.core.backup import BackupError
from reader.core.db_location import resolve_db_path
from reader.core.store import OpenResult, Store, StoreError, open_store, restore_and_open

#: How often the window asks the store whether a backup is due (the store's own interval
#: decides; this only polls).
BACKUP_POLL_MS = 60_000


def database_path(cli_value: str | None) -> Path:
    """``--db``, else ``READER_DB``, else the platform's app-data folder."""
    return resolve_db_path(cli_value, os.environ)


def open_for_user(path: Path, parent: QWidget | None, ask: bool = True) -> Store | None:
    """Open ``path``; every outcome but a plain success is explained in a dialog.

    Returns None only when the database cannot be opened at all and the user chose not to
    start a new one (or ``ask`` is False in a non-interactive run).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        result = open_store(path)
    except (OSError, StoreError) as exc:
        if ask:
            QMessageBox.critical(
                parent, "Notes cannot be opened",
                f"The annotation database {path} cannot be opened:\n{exc}\n\n"
                "Highlights and notes are disabled for this session; nothing was changed.",
            )
        return None
    return _handle(result, path, parent, ask)


def _handle(result: OpenResult, path: Path, parent: QWidget | None, ask: bool) -> Store | None:
    if result.status == "read_only" and ask:
        QMessageBox.information(parent, "Notes are read-only", result.message)
    if result.status != "recovered":
        return result.store
    backup = result.newest_backup
    if not ask:
        return (restore_and_open(backup, path) if backup else open_store(path)).store
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("The notes database was damaged")
    box.setText(result.message)
    box.setInformativeText(
        "The damaged file was kept, unchanged, so nothing is lost for good. "
        + ("Restore the newest good backup?" if backup else "Start a new, empty database?")
    )
    restore = box.addButton("Restore Backup", QMessageBox.ButtonRole.AcceptRole) if backup else None
    fresh = box.addButton("Start Empty", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Continue Without Notes", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    try:
        if restore is not None and clicked is restore and backup is not None:
            return restore_and_open(backup, path).store
        if clicked is fresh:
            return open_store(path).store
    except (OSError, StoreError) as exc:
        QMessageBox.critical(parent, "Notes cannot be opened", str(exc))
    return None


class BackupTimer(QObject):
    """Polls ``Store.maybe_backup`` while the app runs; a failed backup is reported once."""

    def __init__(self, store: Store, report: QWidget | None = None) -> None:
        super().__init__(report)
        self.store = store
        self.report = report
        self.failed = False
        self.timer = QTimer(self)
        self.timer.setInterval(BACKUP_POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        try:
            self.store.maybe_backup()
            self.failed = False
        except (BackupError, OSError) as exc:
            if not self.failed and self.report is not None:
                self.failed = True
                QMessageBox.warning(
                    self.report, "Backup failed",
                    f"A backup of your notes could not be verified and was discarded: {exc}. "
                    "Older backups are kept; the next attempt is in a minute.",
                )
