"""The notes store: creation, schema, operations, listeners, threads, search, locations."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.paths.data import app_data_dir, default_db_path, resolve_db_path
from reader.storage.changes import Change, Changed
from reader.storage.files.opening import open_store
from reader.storage.records import ReadOnlyStoreError, StoreError
from reader.storage.schema import SCHEMA_VERSION
from reader.storage.store import Store

TEXT = "DeepSeek會在全球AI競爭中沉淪嗎？R1升級回應質疑。\n新版在性能和發展上都有提升，发展很快。"



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
    # the metadata without the text's length (counting it reads the whole text)
    counted, uncounted = store.document(doc), store.document(doc, length=False)
    assert (counted.length, uncounted.length) == (len(TEXT), 0)
    assert dataclasses.replace(counted, length=0) == uncounted
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


def test_the_view_position_is_saved_with_the_reading_position(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "t")
    other = ops.add_document("另一篇", "u")
    assert store.view_position(doc) == 0  # never saved
    events: list[Change] = []
    ops.add_listener(events.append)
    backups_due = store._changes_since_backup
    ops.set_reading_position(doc, 30, view_position=9)
    assert (store.document(doc).reading_position, store.view_position(doc)) == (30, 9)
    ops.set_reading_position(doc, 31)  # the position alone leaves the view where it was
    assert (store.document(doc).reading_position, store.view_position(doc)) == (31, 9)
    ops.set_reading_position(doc, 32, -5)
    assert store.view_position(doc) == 0
    ops.set_reading_position(doc, 33, len(TEXT) + 100)
    assert store.view_position(doc) == len(TEXT)
    assert store.view_position(other) == 0
    assert events == [Change(Changed.POSITION, (doc,))] * 4  # reloads nothing
    assert store._changes_since_backup == backups_due  # and makes no backup due
    with pytest.raises(StoreError, match="not negative"):
        ops.set_reading_position(doc, -1, 3)
    with pytest.raises(StoreError, match="no document 999"):
        ops.set_reading_position(999, 1, 1)
    with pytest.raises(StoreError, match="no document 999"):
        store.view_position(999)
    assert (store.document(doc).reading_position, store.view_position(doc)) == (33, len(TEXT))
    assert len(events) == 4


def test_a_reimport_keeps_the_view_position_inside_the_new_text(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(TEXT, "t")
    ops.set_reading_position(doc, 40, 40)
    ops.reimport_document(doc, TEXT[:20])
    assert (store.document(doc).reading_position, store.view_position(doc)) == (20, 20)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
    position=st.integers(min_value=0, max_value=2**63 - 1),
    view=st.integers(),
)
def test_any_view_position_is_clamped_into_the_text_and_read_back(
    store: Store, text: str, position: int, view: int
) -> None:
    doc = store.operations.add_document(text, "t")
    store.operations.set_reading_position(doc, position, view)
    assert store.view_position(doc) == max(0, min(view, len(text)))
    assert store.document(doc).reading_position == position


def test_an_older_database_opened_read_only_has_its_view_at_the_top(tmp_path: Path) -> None:
    """A hard-linked (or read-only folder's) database is opened read-only and not upgraded."""
    fixture = Path(__file__).resolve().parent / "fixtures" / "schemas" / "v2.sqlite"
    path = tmp_path / "reader.sqlite3"
    path.write_bytes(fixture.read_bytes())
    os.link(path, tmp_path / "second-name.sqlite3")
    result = open_store(path)
    assert result.status == "read_only" and result.store is not None
    (doc,) = result.store.documents()
    assert result.store.view_position(doc.id) == 0
    with pytest.raises(StoreError, match="no document 7"):
        result.store.view_position(7)
    result.store.close()


def test_the_shipped_version_3_fixture_keeps_its_view_position(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parent / "fixtures" / "schemas" / "v3.sqlite"
    path = tmp_path / "reader.sqlite3"
    path.write_bytes(fixture.read_bytes())
    result = open_store(path, backup_on_open=False)
    assert result.status == "ok" and result.store is not None
    (doc,) = result.store.documents()
    assert (doc.reading_position, result.store.view_position(doc.id)) == (12, 8)
    result.store.close()


def test_reads_do_not_wait_for_a_write_on_another_thread(store: Store) -> None:
    """WAL: the store's readers have a connection of their own, so the window reading a
    document's highlights never waits for a worker's long write; it sees the last commit."""
    import threading

    doc = store.operations.add_document("一二三四五六七八九十", "t")
    first = store.operations.add_highlight(doc, 0, 2, "yellow")
    inside, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with store.transaction() as conn:
            conn.execute("UPDATE highlights SET note = 'pending' WHERE id = ?", (first,))
            inside.set()
            release.wait(30)

    writer = threading.Thread(target=long_write)
    writer.start()
    assert inside.wait(30)
    seen: list[object] = []
    reader = threading.Thread(target=lambda: seen.append(store.highlights(doc)))
    reader.start()
    reader.join(20)  # a read that waited for the writer would still be waiting here
    still_waiting = reader.is_alive()
    release.set()
    writer.join(30)
    reader.join(30)
    assert not still_waiting
    [highlight] = seen[0]  # type: ignore[misc]
    assert highlight.note is None  # the uncommitted note is not seen
    assert store.highlight(first).note == "pending"  # … and is once committed


def test_a_read_inside_a_write_sees_the_write(store: Store) -> None:
    doc = store.operations.add_document("一二三四五六七八九十", "t")
    with store.transaction() as conn:
        conn.execute("UPDATE documents SET title = 'new' WHERE id = ?", (doc,))
        assert store.document(doc).title == "new"  # the writer's own connection
    assert store.document(doc).title == "new"
