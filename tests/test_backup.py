"""Rotating verified backups, ``maybe_backup`` timing, restoring after damage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.storage.files.backup import list_backups, newest_good_backup, take_backup, verify_backup
from reader.storage.files.opening import open_store, restore_and_open

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _store(tmp_path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    result = open_store(tmp_path / "reader.sqlite3", **kwargs)  # type: ignore[arg-type]
    assert result.store is not None
    return result.store


def test_rotation_keeps_the_newest_n(tmp_path: Path) -> None:
    store = _store(tmp_path, keep_backups=3)
    doc = store.operations.add_document("一二三四五六七八九十", "t")
    for minute in range(6):
        store.operations.add_highlight(doc, 0, minute + 1)
        store.backup_now(T0 + timedelta(minutes=minute))
    backups = store.backups()
    assert [b.taken_at for b in backups] == [T0 + timedelta(minutes=m) for m in (5, 4, 3)]
    assert all(verify_backup(b.path) for b in backups)
    assert not list(store.backup_dir.glob("*.partial"))
    store.close()


def test_maybe_backup_only_after_changes_and_interval(tmp_path: Path) -> None:
    store = _store(tmp_path, backup_on_open=False, backup_interval=timedelta(minutes=10))
    assert store.maybe_backup(T0) is None  # nothing changed yet
    doc = store.operations.add_document("一二三四五", "t")
    first = store.maybe_backup(T0)
    assert first is not None
    store.operations.add_highlight(doc, 0, 2)
    assert store.maybe_backup(T0 + timedelta(minutes=9)) is None
    second = store.maybe_backup(T0 + timedelta(minutes=10))
    assert second is not None
    assert store.maybe_backup(T0 + timedelta(minutes=30)) is None  # no change since
    assert len(store.backups()) == 2
    store.close()


def test_backup_holds_committed_data(tmp_path: Path) -> None:
    import sqlite3

    store = _store(tmp_path)
    doc = store.operations.add_document("一二三四五", "t")
    store.operations.add_highlight(doc, 1, 3, note="kept")
    info = store.backup_now()
    conn = sqlite3.connect(f"{info.path.as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT note FROM highlights").fetchall() == [("kept",)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    store.close()


def test_damaged_backup_is_not_offered(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.operations.add_document("一二三四五", "t")
    good = store.backup_now(T0)
    bad = take_backup(store.conn, store.backup_dir, store.path, 5, T0 + timedelta(hours=1))
    bad.path.write_bytes(b"garbage" * 100)
    assert [b.path for b in list_backups(store.backup_dir, store.path)][:2] == [bad.path, good.path]
    newest = newest_good_backup(store.backup_dir, store.path)
    assert newest is not None and newest.path == good.path
    store.close()


def test_restore_after_damage_brings_back_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    store = _store(tmp_path)
    doc = store.operations.add_document("一二三四五六七八", "t")
    store.operations.add_highlight(doc, 2, 5, note="survives")
    store.backup_now()
    store.close()
    data = bytearray(path.read_bytes())
    data[:16] = b"not a database!!"
    path.write_bytes(bytes(data))

    damaged = open_store(path)
    assert damaged.status == "damaged" and damaged.store is None
    assert damaged.moved_to is None and path.read_bytes() == bytes(data)  # nothing moved yet
    assert damaged.newest_backup is not None and "backup" in damaged.message
    restored = restore_and_open(damaged, damaged.newest_backup)
    assert restored.status == "ok" and restored.store is not None
    assert [h.note for h in restored.store.all_highlights()] == ["survives"]
    assert restored.message.startswith("restored the backup")
    assert restored.moved_to is not None and restored.moved_to.read_bytes() == bytes(data)
    restored.store.close()
