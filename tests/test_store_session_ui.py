"""Issue K in the window: the dialogs about a damaged database keep the data by default."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.storage.files.incident import pending_incident
from reader.storage.files.opening import open_store, start_afresh
from reader.ui.app.store_session import open_for_user


def _answer(action: Callable[[QMessageBox], None], seen: list[str]) -> None:
    """Act on the next modal message box once it is shown (polled, no fixed sleep)."""

    tries = [0]

    def poll() -> None:
        tries[0] += 1
        if tries[0] > 3000:  # no dialog came: the test's assertions say so
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box.text())
            try:
                action(box)
            except Exception as exc:  # never leave a modal dialog open: that would hang
                seen.append(f"FAILED: {exc!r}")
                box.done(0)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def _press(key: Qt.Key) -> Callable[[QMessageBox], None]:
    return lambda box: QTest.keyClick(box, key)


def _damaged_database(path: Path) -> bytes:
    store = open_store(path).store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 100, "t")
    store.operations.add_highlight(doc, 0, 2, note="precious")
    store.backup_now()
    store.close()
    data = bytearray(path.read_bytes())
    page = struct.unpack(">H", data[16:18])[0]
    data[page * 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_escape_and_enter_keep_the_damaged_database(qtbot, tmp_path: Path, key: Qt.Key) -> None:
    path = tmp_path / "reader.sqlite3"
    damaged = _damaged_database(path)
    seen: list[str] = []
    _answer(_press(key), seen)
    assert open_for_user(path, None, ask=True) is None
    assert seen and "left exactly as it is" in seen[0]
    assert path.read_bytes() == damaged
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    again = open_store(path)  # asked again at the next start
    assert again.status == "damaged"
    again.release()


def test_restore_backup_brings_the_notes_back(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    damaged = _damaged_database(path)
    seen: list[str] = []

    def restore(box: QMessageBox) -> None:
        (button,) = [b for b in box.buttons() if b.text() == "Restore Backup"]
        button.click()

    _answer(restore, seen)
    store = open_for_user(path, None, ask=True)
    assert store is not None and [h.note for h in store.all_highlights()] == ["precious"]
    store.close()
    (kept,) = [p for p in tmp_path.iterdir() if p.name.startswith("reader.sqlite3.damaged-")
               and not p.name.endswith(("-wal", "-shm"))]
    assert kept.read_bytes() == damaged


def test_an_incident_is_shown_every_start_until_dismissed(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    _damaged_database(path)
    fresh = start_afresh(open_store(path))
    assert fresh.store is not None
    fresh.store.close()
    for _ in range(2):
        seen: list[str] = []
        _answer(_press(Qt.Key.Key_Escape), seen)  # "Remind Me Next Time"
        store = open_for_user(path, None, ask=True)
        assert store is not None and seen and "kept, unchanged" in seen[0]
        store.close()
        assert pending_incident(path) is not None
    seen = []

    def open_read_only(box: QMessageBox) -> None:
        (button,) = [b for b in box.buttons() if b.text() == "Open It Read-Only"]
        button.click()

    _answer(open_read_only, seen)
    store = open_for_user(path, None, ask=True)
    assert store is not None and store.read_only
    store.close()
    assert pending_incident(path) is None


def test_a_named_file_that_is_not_a_database_is_refused(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "holiday.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    seen: list[str] = []
    _answer(_press(Qt.Key.Key_Return), seen)
    assert open_for_user(path, None, ask=True, named=True) is None
    assert seen and "not a Reader notes database" in seen[0]
    assert path.read_bytes().startswith(b"\x89PNG") and len(list(tmp_path.iterdir())) <= 2


def test_backups_are_taken_on_a_worker_while_saving_goes_on(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    from datetime import timedelta

    from reader.storage import store as store_module
    from reader.ui.app.store_session import BackupTimer

    result = open_store(tmp_path / "reader.sqlite3", backup_interval=timedelta(0))
    store = result.store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 50, "t")
    threads: list[str] = []
    release = threading.Event()
    original = store_module.take_backup

    def slow_backup(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        assert release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(store_module, "take_backup", slow_backup)
    before = len(store.backups())
    timer = BackupTimer(store)
    timer.poll()
    qtbot.waitUntil(lambda: bool(threads), timeout=10_000)
    store.operations.add_highlight(doc, 0, 2, note="saved while the backup runs")  # not blocked
    release.set()
    qtbot.waitUntil(lambda: len(store.backups()) == before + 1, timeout=10_000)
    assert threads and threads[0] != threading.main_thread().name
    timer.runner.wait(10_000)
    timer.timer.stop()
    store.close()
