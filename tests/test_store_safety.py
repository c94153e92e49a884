"""Issue K: a healthy database is never called damaged, nothing is moved without the user,
one writer per database, and every SQLite failure is a sentence."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import threading
from pathlib import Path

import pytest

from reader.storage.files.backup import take_backup
from reader.storage.files.health import check_database
from reader.storage.files.incident import dismiss_incident, pending_incident
from reader.storage.files.opening import open_store, restore_and_open, start_afresh
from reader.storage.files.read_only import open_for_reading
from reader.storage.records import NotADatabaseError, StoreError, StoreInUseError

TEXT = "發展全球競爭。開源模型。" * 50


def _filled(path: Path, highlights: int = 50) -> None:
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document(TEXT, "t")
    for i in range(highlights):
        store.operations.add_highlight(doc, i, i + 3, note=f"note {i}")
    store.close()


def _names(folder: Path) -> list[str]:
    """The folder's files, but SQLite's own empty -wal/-shm (a mode=ro reader may add them)."""
    return sorted(
        p.name for p in folder.iterdir()
        if not (p.name.endswith(("-wal", "-shm")) and p.stat().st_size in (0, 32768))
    )


def test_checks_during_writes_never_call_a_healthy_database_damaged(tmp_path: Path) -> None:
    """Was 68 false verdicts in 551 checks: the check copied the live files."""
    path = tmp_path / "reader.sqlite3"
    result = open_store(path, backup_on_open=False)
    store = result.store
    assert store is not None
    doc = store.operations.add_document(TEXT, "t")
    stop = threading.Event()

    def write() -> None:
        i = 0
        while not stop.is_set():
            store.operations.add_highlight(doc, i % 500, i % 500 + 2, note="x" * 3000)
            if i % 40 == 0:
                with store.lock:
                    store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            i += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        verdicts = [check_database(path).problem for _ in range(150)]
    finally:
        stop.set()
        writer.join()
    assert verdicts == [None] * 150
    store.close()


def test_header_ahead_of_the_file_during_a_checkpoint_is_not_damage(tmp_path: Path) -> None:
    """A crash mid-checkpoint leaves a header whose page count exceeds the file (was: moved)."""
    path = tmp_path / "reader.sqlite3"
    _filled(path, 10)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE filler (x)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("z" * 2000,) for _ in range(200)])
    crash = tmp_path / "crash"
    crash.mkdir()
    shutil.copyfile(path, crash / "reader.sqlite3")
    shutil.copyfile(tmp_path / "reader.sqlite3-wal", crash / "reader.sqlite3-wal")
    conn.close()
    copy = crash / "reader.sqlite3"
    data = bytearray(copy.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    data[28:32] = struct.pack(">I", len(data) // page_size + 40)  # the header ran ahead
    copy.write_bytes(bytes(data))
    assert check_database(copy).problem is None
    result = open_store(copy, backup_on_open=False)
    assert result.status == "ok" and result.store is not None
    assert len(result.store.all_highlights()) == 10
    result.store.close()


def test_a_second_writer_is_refused_and_nothing_moves(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    first = open_store(path, backup_on_open=False).store
    assert first is not None
    names = _names(tmp_path)
    with pytest.raises(StoreInUseError, match="in use by another Reader"):
        open_store(path)
    assert _names(tmp_path) == names
    first.operations.add_document(TEXT, "t")  # the first window goes on, in the same file
    reader = open_for_reading(path)  # a command may read meanwhile
    assert len(reader.documents()) == 1
    reader.close()
    first.close()
    again = open_store(path, backup_on_open=False).store  # the lock went with the close
    assert again is not None and len(again.documents()) == 1
    again.close()


def test_damage_is_reported_untouched_and_kept_until_the_user_chooses(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    _filled(path)
    store = open_store(path).store  # takes a backup
    assert store is not None
    store.close()
    data = bytearray(path.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    data[page_size * 2] ^= 0xFF  # a b-tree page's type byte
    path.write_bytes(bytes(data))
    names = _names(tmp_path)

    first = open_store(path)
    assert first.status == "damaged" and first.store is None and not first.not_database
    assert first.newest_backup is not None and "left exactly as it is" in first.message
    with pytest.raises(StoreInUseError):  # the lock is held while the user decides
        open_store(path)
    first.release()  # "Continue Without Notes": nothing changes, the next start asks again
    assert _names(tmp_path) == names and path.read_bytes() == bytes(data)
    second = open_store(path)
    assert second.status == "damaged"

    fresh = start_afresh(second)
    assert fresh.status == "created" and fresh.store is not None
    assert fresh.moved_to is not None and fresh.moved_to.read_bytes() == bytes(data)
    fresh.store.close()
    for _ in range(2):  # shown at every start until settled
        later = open_store(path, backup_on_open=False)
        assert later.incident is not None and later.incident.moved_to == fresh.moved_to
        assert later.store is not None
        later.store.close()
    dismiss_incident(path)
    settled = open_store(path, backup_on_open=False)
    assert settled.incident is None and settled.store is not None
    settled.store.close()
    assert fresh.moved_to.read_bytes() == bytes(data)  # dismissing never deletes the file


def test_restore_keeps_the_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    _filled(path, 5)
    store = open_store(path).store
    assert store is not None
    store.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    result = open_store(path)
    assert result.status == "damaged" and result.newest_backup is not None
    restored = restore_and_open(result, result.newest_backup)
    assert restored.store is not None and len(restored.store.all_highlights()) == 5
    assert restored.moved_to is not None and restored.moved_to.read_bytes().endswith(b"\xff" * 10)
    restored.store.close()


@pytest.mark.parametrize("kind", ["text", "png", "folder", "fifo", "empty"])
def test_a_path_that_is_not_a_database_is_refused_untouched(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"not-a-db.{kind}"
    if kind == "text":
        path.write_text("我的筆記\n", encoding="utf-8")
    elif kind == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    elif kind == "folder":
        path.mkdir()
        (path / "inside.txt").write_text("kept")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_bytes(b"")
    names = _names(tmp_path)
    with pytest.raises(NotADatabaseError, match="nothing was changed"):
        open_for_reading(path)
    if kind in ("folder", "fifo"):
        with pytest.raises(NotADatabaseError):
            open_store(path)
    else:
        result = open_store(path)
        assert result.status == "damaged" and result.not_database
        result.release()
    assert [n for n in _names(tmp_path) if not n.endswith(".lock")] == [
        n for n in names if not n.endswith(".lock")
    ]
    if kind == "folder":
        assert (path / "inside.txt").read_text() == "kept"


def test_disk_full_is_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document(TEXT, "t")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(StoreError, match="disk is full"):
        for i in range(200):
            store.operations.add_highlight(doc, 0, 2, note="長" * 4000 + str(i))
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    store.operations.add_highlight(doc, 0, 2, note="after")  # the store still works
    store.close()


def test_locked_by_another_program_is_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document(TEXT, "t")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    store.conn.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(StoreError, match="locked"):
            store.operations.add_highlight(doc, 0, 2)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.operations.add_highlight(doc, 0, 2) > 0
    store.close()


def test_writes_after_close_are_refused_in_words(tmp_path: Path) -> None:
    store = open_store(tmp_path / "reader.sqlite3", backup_on_open=False).store
    assert store is not None
    store.close()
    store.close()  # twice is harmless
    with pytest.raises(StoreError, match="closed"):
        store.operations.add_document(TEXT, "t")


def test_killed_backups_leave_nothing_behind_at_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    _filled(path, 3)
    store = open_store(path).store
    assert store is not None
    store.close()
    backups = tmp_path / "backups"
    leftovers = [
        backups / "reader.sqlite3-backup-20261201T000000000000Z.sqlite3.partial",
        backups / "reader.sqlite3-backup-20261201T000000000000Z.sqlite3.partial-journal",
        tmp_path / "reader.sqlite3.restoring",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"x" * 1000)
    kept = sorted(p.name for p in backups.iterdir() if not p.name.endswith(("partial", "journal")))
    store = open_store(path).store
    assert store is not None
    store.close()
    assert not any(p.exists() for p in leftovers)
    assert set(kept) <= {p.name for p in backups.iterdir()}


def test_a_backup_in_a_full_folder_fails_cleanly(tmp_path: Path) -> None:
    store = open_store(tmp_path / "reader.sqlite3", backup_on_open=False).store
    assert store is not None
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the backup folder should be")
    with pytest.raises(Exception, match="back up|File exists|Not a directory"):
        take_backup(store.conn, blocker, store.path)
    assert blocker.read_text().startswith("a file")
    store.close()


# ----------------------------------------------- found by a hostile tester (issue K review)
def test_a_file_that_happens_to_have_the_lock_name_is_never_written(tmp_path: Path) -> None:
    """Was: ``--db Cargo`` emptied Cargo.lock; a symlinked lock wrote through to its target."""
    cargo = tmp_path / "Cargo.lock"
    cargo.write_text("version = 3\n")
    with pytest.raises(StoreError, match="not Reader's lock file"):
        open_store(tmp_path / "Cargo")
    assert cargo.read_text() == "version = 3\n"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "s.sqlite3.lock").symlink_to(victim)
    with pytest.raises(StoreError, match="not Reader's lock file"):
        open_store(tmp_path / "s.sqlite3")
    assert victim.read_text() == "precious"


def test_a_symlink_and_its_target_share_one_lock(tmp_path: Path) -> None:
    real = tmp_path / "w.sqlite3"
    link = tmp_path / "link.sqlite3"
    link.symlink_to(real)
    first = open_store(real, backup_on_open=False).store
    assert first is not None
    with pytest.raises(StoreInUseError):
        open_store(link)
    first.close()


def test_a_database_with_two_hard_links_is_opened_read_only(tmp_path: Path) -> None:
    """Was: one writer per name; two writers corrupted the database (SQLite's own warning)."""
    path = tmp_path / "h.sqlite3"
    _filled(path, 3)
    os.link(path, tmp_path / "h2.sqlite3")
    result = open_store(path)
    assert result.status == "read_only" and "hard links" in result.message
    assert result.store is not None and len(result.store.all_highlights()) == 3
    result.store.close()


@pytest.mark.parametrize("version", [1, 2, 99])
def test_another_programs_database_is_never_written_whatever_its_user_version(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError):
        open_for_reading(path)
    result = open_store(path)
    if result.status == "damaged":
        assert result.not_database
        result.release()
    else:  # a newer user_version is refused before it is ever opened for writing
        pytest.fail(f"opened {result.status}")
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_two_databases_in_one_folder_keep_their_own_backups(tmp_path: Path) -> None:
    """Was: backups matched by stem, so notes.db pruned notes.sqlite3's and was offered them."""
    a, b = tmp_path / "notes.sqlite3", tmp_path / "notes.db"
    for _ in range(7):
        store = open_store(a).store
        assert store is not None
        store.close()
    fresh = open_store(b)
    assert fresh.status == "created" and fresh.store is not None
    assert fresh.store.backups() == []
    fresh.store.close()
    again = open_store(a)
    assert again.store is not None and len(again.store.backups()) >= 5
    again.store.close()


def test_an_incident_is_found_from_any_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "dmg"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    relative = Path("dmg") / "d.sqlite3"
    relative.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    fresh = start_afresh(open_store(relative))
    assert fresh.store is not None
    fresh.store.close()
    monkeypatch.chdir("/")
    incident = pending_incident(folder / "d.sqlite3")
    assert incident is not None and incident.moved_to.is_absolute()
    (folder / "d.sqlite3.incident.json").write_text("{garbage")
    assert pending_incident(folder / "d.sqlite3") is None  # never offers the JSON as a database


def test_sqlite_utils_writes_stay_inside_the_store_transaction(tmp_path: Path) -> None:
    """sqlite-utils' upsert (known words) commits nothing of its own: a failing action
    leaves no mark, a successful one is one transaction."""
    from reader.storage.word_operations import known_words_table

    store = open_store(tmp_path / "reader.sqlite3", backup_on_open=False).store
    assert store is not None
    with pytest.raises(RuntimeError), store.transaction() as conn:
        known_words_table(conn).upsert(
            {"simplified": "发展", "traditional": "發展", "status": "known",
             "updated_at": "2026-12-02T00:00:00.000Z"}, pk="simplified")
        assert conn.in_transaction
        raise RuntimeError("the action fails after the upsert")
    assert store.word_status("发展") == "new"
    store.operations.set_word_status("发展", "發展", "learning")
    store.operations.set_word_status("发展", "發展", "known")
    assert store.word_status("發展") == "known"
    assert store.conn.execute("SELECT count(*) FROM known_words").fetchone()[0] == 1
    store.close()


def test_a_crashed_writers_leftovers_are_recovered_by_sqlite_not_called_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was (1 in ~30 killed upgrades under load): a read-only connection could not finish a
    crashed writer's work (SQLITE_READONLY_*), and the database was refused as unreadable."""
    from reader.storage.files import health

    path = tmp_path / "reader.sqlite3"
    _filled(path, 4)

    def cannot(_path: Path) -> sqlite3.Connection:
        exc = sqlite3.OperationalError("attempt to write a readonly database")
        exc.sqlite_errorname = "SQLITE_READONLY_RECOVERY"  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(health, "connect_read_only", cannot)
    assert health.check_database(path).unreadable  # a command would only say so
    assert health.check_database(path, recover=True).problem is None  # the lock holder recovers
    result = open_store(path, backup_on_open=False)
    assert result.status == "ok" and result.store is not None
    assert len(result.store.all_highlights()) == 4
    result.store.close()
