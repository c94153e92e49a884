"""The notes store: creation, schema, operations, listeners, threads, search, locations."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reader.paths.data import app_data_dir, default_db_path, resolve_db_path
from reader.storage.changes import Change, Changed
from reader.storage.files.opening import open_store
from reader.storage.records import ReadOnlyStoreError, StoreError
from reader.storage.schema import SCHEMA_VERSION
from reader.storage.store import Store

TEXT = "DeepSeek會在全球AI競爭中沉淪嗎？R1升級回應質疑。\n新版在性能和發展上都有提升，发展很快。"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    result = open_store(tmp_path / "reader.sqlite3")
    assert result.status == "created" and result.store is not None
    yield result.store
    result.store.close()


def test_new_database_has_schema_wal_full_sync_and_foreign_keys(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "highlights", "glossary_entries", "vocabulary"} <= tables


def test_highlight_lifecycle_and_listeners(store: Store) -> None:
    ops = store.operations
    events: list[Change] = []
    ops.add_listener(events.append)
    backups_due = store._changes_since_backup
    doc = ops.add_document(TEXT, "t", "src.txt", {8: "hui4"})
    assert ops.add_document(TEXT, "again") == doc  # same text: same document
    start = TEXT.index("全球")
    hid = ops.add_highlight(doc, start, start + 2, "green", "a note")
    h = store.highlight(hid)
    assert (h.quote, h.prefix, h.suffix[:3], h.colour, h.note) == (
        "全球",
        TEXT[:start],
        "AI競",
        "green",
        "a note",
    )
    ops.update_highlight(hid, colour="blue", end=start + 4)
    assert store.highlight(hid).quote == "全球AI"
    ops.set_note(hid, "")
    assert store.highlight(hid).note is None
    ops.set_reading_position(doc, 12)
    assert store.document(doc).reading_position == 12
    assert store.inline_readings(doc) == {8: "hui4"}
    ops.delete_highlight(hid)
    assert store.highlights(doc) == []
    assert events == [
        Change(Changed.DOCUMENTS, (doc,)),
        Change(Changed.HIGHLIGHTS, (hid,)),
        Change(Changed.HIGHLIGHTS, (hid,)),
        Change(Changed.NOTES, (hid,)),
        Change(Changed.POSITION, (doc,)),  # reloads nothing, and makes no backup due
        Change(Changed.HIGHLIGHTS, (hid,)),
    ]
    assert store._changes_since_backup == backups_due + 6  # 7 transactions, the position not counted


def test_invalid_writes_raise_and_leave_nothing(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "t")
    with pytest.raises(StoreError):
        ops.add_highlight(doc, 5, 5)
    with pytest.raises(StoreError):
        ops.add_highlight(doc, 0, len(TEXT) + 1)
    with pytest.raises(StoreError):
        ops.add_highlight(doc, 0, 2, colour="orange")
    with pytest.raises(StoreError):
        ops.add_highlight(doc + 1, 0, 2)
    with pytest.raises(StoreError):
        ops.set_note(999, "x")
    assert store.all_highlights() == []
    assert not store.conn.in_transaction


def test_removing_a_document_removes_its_highlights_and_unlinks_vocabulary(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "t")
    ops.add_highlight(doc, 0, 4)
    word = ops.add_vocabulary("竞争", traditional="競爭", document_id=doc, status="learning")
    ops.remove_document(doc)
    assert store.all_highlights() == [] and store.documents() == []
    assert store.vocabulary()[0].id == word and store.vocabulary()[0].document_id is None


def test_glossary_and_vocabulary_crud(store: Store) -> None:
    ops = store.operations
    entry = ops.add_glossary_entry("DeepSeek", aliases=["深度求索"], category="company")
    ops.update_glossary_entry(entry, gloss="AI company", aliases=["深度求索", "DS"])
    (got,) = store.glossary_entries()
    assert (got.headword, got.aliases, got.gloss) == ("DeepSeek", ("深度求索", "DS"), "AI company")
    with pytest.raises(StoreError):
        ops.update_glossary_entry(entry, colour="x")
    ops.delete_glossary_entry(entry)
    assert store.glossary_entries() == []
    item = ops.add_vocabulary("发展", reading="fa1 zhan3")
    ops.update_vocabulary(item, status="known")
    assert store.vocabulary("known")[0].simplified == "发展"
    with pytest.raises(StoreError):
        ops.update_vocabulary(item, status="forgotten")
    ops.delete_vocabulary(item)
    assert store.vocabulary() == []


def test_failed_action_rolls_back_whole_transaction(store: Store) -> None:
    doc = store.operations.add_document(TEXT, "t")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute(
            'INSERT INTO highlights (document_id, start, "end", quote, colour, created_at, '
            "updated_at) VALUES (?, 0, 1, 'D', 'yellow', '', '')",
            (doc,),
        )
        raise RuntimeError("interrupted")
    assert store.all_highlights() == []
    assert not store.conn.in_transaction


def test_writes_from_many_threads(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "t")
    ids: list[int] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        for i in range(25):
            hid = ops.add_highlight(doc, i % 10, i % 10 + 3, note=f"{n}-{i}")
            with lock:
                ids.append(hid)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ids) == sorted(h.id for h in store.all_highlights())
    assert len(set(ids)) == 100


def test_search_is_script_insensitive_and_finds_short_queries(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "t")
    trad = TEXT.index("發展")
    simp = TEXT.index("发展")
    a = ops.add_highlight(doc, trad, trad + 2)
    b = ops.add_highlight(doc, simp, simp + 4)
    c = ops.add_highlight(doc, 0, 8, note="Model of 競爭 and growth")
    for query in ("发展", "發展", "發", "展"):
        assert {hit.highlight.id for hit in store.search(query)} == {a, b}, query
    assert [hit.highlight.id for hit in store.search("竞争")] == [c]
    assert [hit.highlight.id for hit in store.search("GROWTH")] == [c]
    assert [hit.highlight.id for hit in store.search("发展很快")] == [b]
    assert store.search("%") == [] and store.search("  ") == []
    ops.set_note(c, None)
    assert store.search("growth") == []
    assert store.search("發展")[0].document_title == "t"


def test_newer_schema_is_opened_read_only_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    first = open_store(path).store
    assert first is not None
    first.operations.add_document(TEXT, "t")
    first.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    first.close()
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = open_store(path)
    assert result.status == "read_only" and "newer" in result.message
    assert result.store is not None and result.store.read_only
    assert len(result.store.documents()) == 1
    with pytest.raises(ReadOnlyStoreError):
        result.store.operations.add_highlight(1, 0, 2)
    with pytest.raises(sqlite3.OperationalError):
        result.store.conn.execute("DELETE FROM documents")
    assert result.store.maybe_backup() is None
    result.store.close()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    wal = tmp_path / "reader.sqlite3-wal"  # SQLite's mode=ro may leave an empty one
    assert not wal.exists() or wal.stat().st_size == 0
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_resolve_db_path_precedence(tmp_path: Path) -> None:
    env = {"READER_DB": str(tmp_path / "env.sqlite3"), "HOME": str(tmp_path)}
    assert resolve_db_path("cli.sqlite3", env) == Path("cli.sqlite3")
    assert resolve_db_path(None, env) == tmp_path / "env.sqlite3"
    assert resolve_db_path(None, {"HOME": str(tmp_path)}, Path("d")) == Path("d")
    xdg = {"HOME": str(tmp_path), "XDG_DATA_HOME": "/data"}
    assert default_db_path(xdg) == Path("/data/reader/reader/reader.sqlite3")
    relative = {"HOME": str(tmp_path), "XDG_DATA_HOME": "relative"}
    assert app_data_dir(relative, "linux") == tmp_path / ".local/share/reader/reader"
    assert app_data_dir({"APPDATA": "C:/AD"}, "win32") == Path("C:/AD/reader/reader")


def test_default_location_matches_qt_app_data(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import QStandardPaths

    app = qapp  # a QApplication: a bare QCoreApplication here aborted later widget tests
    old = (app.organizationName(), app.applicationName())
    app.setOrganizationName("reader")
    app.setApplicationName("reader")
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        app.setOrganizationName(old[0])
        app.setApplicationName(old[1])
    assert default_db_path().parent == Path(qt)


def test_log_without_database_is_moved_aside_not_replayed(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    (tmp_path / "reader.sqlite3-wal").write_bytes(b"stale log bytes")
    (tmp_path / "reader.sqlite3.creating").write_bytes(b"half-made")
    result = open_store(path)
    assert result.status == "created" and result.moved_to is not None
    assert Path(str(result.moved_to) + "-wal").read_bytes() == b"stale log bytes"
    assert not (tmp_path / "reader.sqlite3.creating").exists()
    assert result.store is not None and result.store.documents() == []
    result.store.close()


def test_foreign_sqlite_database_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE documents (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = open_store(path)
    assert result.status == "damaged" and "not a reader" in result.message
    assert result.not_database and result.store is None and result.moved_to is None
    result.release()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3", "other.sqlite3.lock"]
