"""Every shipped schema version opens; upgrades are stepwise and atomic."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.storage import schema
from reader.storage.files.opening import open_store
from reader.storage.schema import SCHEMA_VERSION, migrate, schema_version

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schemas"


def shipped_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("v*.sqlite"))


def test_there_is_a_fixture_for_every_shipped_version() -> None:
    versions = {int(p.stem[1:]) for p in shipped_fixtures()}
    assert versions == set(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", shipped_fixtures(), ids=lambda p: p.stem)
def test_fixture_opens_upgraded_with_its_data(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    shutil.copyfile(fixture, path)
    result = open_store(path)
    assert result.status == "ok", result.message
    store = result.store
    assert store is not None
    assert schema_version(store.conn) == SCHEMA_VERSION
    (doc,) = store.documents()
    assert doc.title.startswith("DeepSeek") and doc.reading_position == 12
    assert store.inline_readings(doc.id) == {8: "hui4"}
    assert [h.quote for h in store.highlights(doc.id)] == ["全球", "R1升級"]
    assert [h.note for h in store.orphans()] == ["orphaned note"]
    assert [hit.highlight.id for hit in store.search("发展")] == [1]
    assert store.glossary_entries()[0].aliases == ("深度求索",)
    assert store.vocabulary()[0].status == "learning"
    new = store.operations.add_highlight(doc.id, 0, 8, "purple", "after upgrade")
    assert store.highlight(new).quote == "DeepSeek"
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_upgrade_runs_each_step_in_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    assert migrate(conn, 1) == [1]
    monkeypatch.setitem(schema.MIGRATIONS, 2, "ALTER TABLE documents ADD COLUMN author TEXT;")
    monkeypatch.setitem(
        schema.MIGRATIONS, 3, "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);"
    )
    assert migrate(conn, 3) == [2, 3]
    assert schema_version(conn) == 3
    columns = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    assert "author" in columns
    conn.close()


def test_failing_step_leaves_the_previous_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    conn = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    migrate(conn, 1)
    monkeypatch.setitem(
        schema.MIGRATIONS,
        2,
        "CREATE TABLE extra (id INTEGER);\nALTER TABLE no_such_table ADD COLUMN x TEXT;",
    )
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, 2)
    assert schema_version(conn) == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "extra" not in names
    assert not conn.in_transaction
    conn.close()


def test_newer_database_refuses_migration(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    conn.execute("PRAGMA user_version = 99")
    with pytest.raises(schema.SchemaError):
        migrate(conn)
    conn.close()
