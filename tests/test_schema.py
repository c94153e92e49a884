"""The migrations written with sqlite-utils build what the shipped SQL built, keep every row,
and a failing step changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reader.storage import schema
from reader.storage.schema import SCHEMA_VERSION, migrate, schema_version

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schemas"

#: Version 2 as it shipped (raw SQL), kept to compare the sqlite-utils step with.
SHIPPED_V2 = """
ALTER TABLE vocabulary ADD COLUMN sentence_other TEXT NOT NULL DEFAULT '';
ALTER TABLE vocabulary ADD COLUMN glossary TEXT NOT NULL DEFAULT '';
ALTER TABLE vocabulary ADD COLUMN source_title TEXT NOT NULL DEFAULT '';
ALTER TABLE vocabulary ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE vocabulary SET updated_at = created_at;
UPDATE vocabulary SET source_title = coalesce(
    (SELECT title FROM documents WHERE documents.id = vocabulary.document_id), '');
CREATE INDEX vocabulary_by_traditional ON vocabulary(traditional);
CREATE TABLE known_words (
    simplified TEXT PRIMARY KEY,
    traditional TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('new', 'learning', 'known')),
    updated_at TEXT NOT NULL
);
CREATE INDEX known_words_by_traditional ON known_words(traditional);
INSERT OR IGNORE INTO known_words (simplified, traditional, status, updated_at)
    SELECT simplified, traditional, status, created_at FROM vocabulary ORDER BY id DESC;
"""


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _shipped_v2(conn: sqlite3.Connection) -> None:
    """Upgrade a version-1 database the way the shipped code did."""
    conn.execute("BEGIN IMMEDIATE")
    for statement in schema._statements(SHIPPED_V2):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("COMMIT")


def _shape(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every table's columns, every index's columns and flags, the triggers and the tables."""
    tables = [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    shape: dict[str, Any] = {"tables": tables}
    for table in tables:
        shape[f"columns {table}"] = conn.execute(f"PRAGMA table_info('{table}')").fetchall()
        indexes = sorted(conn.execute(f"PRAGMA index_list('{table}')").fetchall(), key=lambda r: r[1])
        shape[f"indexes {table}"] = [
            (name, unique, origin, partial,
             conn.execute(f"PRAGMA index_info('{name}')").fetchall())
            for _seq, name, unique, origin, partial in indexes
        ]
        shape[f"foreign keys {table}"] = conn.execute(
            f"PRAGMA foreign_key_list('{table}')"
        ).fetchall()
    shape["triggers"] = conn.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()
    return shape


def _rows(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the reader's tables, by table (``SELECT *``, by rowid/primary key)."""
    return {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'highlights_fts%'"
        ).fetchall()
    }


def test_a_new_database_has_the_shape_the_shipped_sql_gave(tmp_path: Path) -> None:
    old = _connect(tmp_path / "old.sqlite3")
    migrate(old, 1)
    _shipped_v2(old)
    new = _connect(tmp_path / "new.sqlite3")
    assert migrate(new, 2) == [1, 2]
    assert _shape(new) == _shape(old)
    shipped = sqlite3.connect(f"file:{FIXTURES / 'v2.sqlite'}?mode=ro", uri=True)
    assert _shape(new) == _shape(shipped)  # and what the shipped version 2 made
    shipped.close()
    # version 3 only adds the view position to documents
    migrate(new, 3)
    migrate(old, 3)
    assert _shape(new) == _shape(old)
    old.close()
    new.close()


def test_a_database_upgraded_from_version_1_matches_the_shipped_upgrade(tmp_path: Path) -> None:
    """Same rows after the new version-2 step as after the shipped SQL, on data with a word
    saved several times (the newest item's status seeds its mark) and an unlinked item."""
    paths = [tmp_path / "old.sqlite3", tmp_path / "new.sqlite3"]
    for path in paths:
        shutil.copyfile(FIXTURES / "v1.sqlite", path)
        conn = _connect(path)
        conn.executemany(
            "INSERT INTO vocabulary (simplified, traditional, status, document_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                ("竞争", "競爭", "known", 1, "2026-01-02T00:00:00.000Z"),
                ("发展", "發展", "new", None, "2026-01-03T00:00:00.000Z"),
                ("竞争", "競爭", "new", None, "2026-01-04T00:00:00.000Z"),
                ("质疑", "", "learning", 1, "2026-01-05T00:00:00.000Z"),
            ],
        )
        conn.close()
    old, new = (_connect(path) for path in paths)
    _shipped_v2(old)
    assert migrate(new, 2) == [2]
    assert _rows(new) == _rows(old)
    assert _shape(new) == _shape(old)
    assert new.execute("SELECT status FROM known_words WHERE simplified = '竞争'").fetchone() == (
        "new",
    )
    old.close()
    new.close()


@pytest.mark.parametrize("version", [1, 2])
def test_upgrading_to_the_latest_version_keeps_every_row(version: int, tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    shutil.copyfile(FIXTURES / f"v{version}.sqlite", path)
    conn = _connect(path)
    columns = {
        table: [r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")]
        for table in _rows(conn)
    }
    before = _rows(conn)
    assert migrate(conn) == list(range(version + 1, SCHEMA_VERSION + 1))
    for table, names in columns.items():
        listed = ", ".join(f'"{name}"' for name in names)
        assert conn.execute(f"SELECT {listed} FROM {table} ORDER BY 1").fetchall() == before[table]
    assert conn.execute("SELECT id, view_position FROM documents").fetchall() == [(1, 0)]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


BAD_ROWS = [
    "INSERT INTO documents (title, sha256, canonical_text, created_at, reading_position) "
    "VALUES ('t', 'x', 'text', 'now', -1)",
    "INSERT INTO highlights (document_id, start, \"end\", quote, colour, created_at, updated_at) "
    "VALUES (1, 0, 2, 'te', 'red', 'now', 'now')",
    "INSERT INTO highlights (document_id, start, \"end\", quote, colour, anchor_method, "
    "created_at, updated_at) VALUES (1, 0, 2, 'te', 'green', 'guessed', 'now', 'now')",
    "INSERT INTO highlights (document_id, start, \"end\", quote, colour, created_at, updated_at) "
    "VALUES (1, 3, 2, 'te', 'green', 'now', 'now')",
    "INSERT INTO vocabulary (simplified, status, created_at) VALUES ('字', 'forgotten', 'now')",
    "INSERT INTO known_words (simplified, status, updated_at) VALUES ('字', 'forgotten', 'now')",
    "INSERT INTO known_words (simplified, status, updated_at) VALUES ('字', 'new', NULL)",
    "INSERT INTO vocabulary (simplified, status, created_at, updated_at) "
    "VALUES ('字', 'new', 'now', NULL)",
    "INSERT INTO documents (title, sha256, canonical_text, created_at, view_position) "
    "VALUES ('t', 'y', 'text', 'now', NULL)",
    "INSERT INTO documents (title, sha256, canonical_text, created_at) "
    "VALUES ('t', 'sha', 'text', 'now')",  # the same hash twice
]


@pytest.mark.parametrize("sql", BAD_ROWS)
def test_the_constraints_still_reject_bad_values(sql: str, tmp_path: Path) -> None:
    conn = _connect(tmp_path / "reader.sqlite3")
    migrate(conn)
    conn.execute(
        "INSERT INTO documents (id, title, sha256, canonical_text, created_at) "
        "VALUES (1, 't', 'sha', 'text', 'now')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(sql)
    conn.close()


def test_the_search_index_follows_the_highlights(tmp_path: Path) -> None:
    conn = _connect(tmp_path / "reader.sqlite3")
    migrate(conn)
    conn.execute(
        "INSERT INTO documents (id, title, sha256, canonical_text, created_at) "
        "VALUES (1, 't', 'sha', '全球发展', 'now')"
    )
    conn.execute(
        "INSERT INTO highlights (id, document_id, start, \"end\", quote, colour, search_text, "
        "created_at, updated_at) VALUES (1, 1, 0, 4, '全球发展', 'green', '全球发展', 'now', 'now')"
    )

    def found(query: str) -> list[int]:
        sql = "SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH ?"
        return [r[0] for r in conn.execute(sql, (query,))]

    assert found("球发展") == [1]
    conn.execute("UPDATE highlights SET search_text = '别的笔记' WHERE id = 1")
    assert (found("球发展"), found("的笔记")) == ([], [1])
    conn.execute("DELETE FROM highlights")
    assert found("的笔记") == []
    conn.close()


def _snapshot(conn: sqlite3.Connection) -> tuple[Any, ...]:
    return (
        schema_version(conn),
        conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall(),
        _rows(conn),
    )


def _failing_steps() -> list[schema.Step]:
    def raises_after_sqlite_utils(db: Any) -> None:
        db.table("documents").add_column("view_position", int, not_null_default=0)
        db.table("documents").create_index(["view_position"], index_name="by_view")
        db.table("known_words").insert({"simplified": "字", "status": "known", "updated_at": "x"})
        raise RuntimeError("the step fails after its writes")

    def sqlite_utils_fails(db: Any) -> None:
        db.table("documents").add_column("view_position", int, not_null_default=0)
        db.table("known_words").insert({"simplified": "字", "status": "wrong", "updated_at": "x"})

    def commits_on_its_own(db: Any) -> None:
        db.conn.execute("COMMIT")

    return [raises_after_sqlite_utils, sqlite_utils_fails, commits_on_its_own]


@pytest.mark.parametrize("step", _failing_steps(), ids=lambda f: f.__name__)
def test_a_failing_python_step_leaves_the_database_as_it_was(
    step: schema.Step, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "reader.sqlite3"
    shutil.copyfile(FIXTURES / "v2.sqlite", path)
    conn = _connect(path)
    before = _snapshot(conn)
    monkeypatch.setitem(schema.MIGRATIONS, 3, step)
    with pytest.raises((RuntimeError, sqlite3.IntegrityError, schema.SchemaError)):
        migrate(conn, 3)
    assert not conn.in_transaction
    assert _snapshot(conn) == before
    conn.close()
    reopened = _connect(path)
    assert _snapshot(reopened) == before and schema_version(reopened) == 2
    reopened.close()


def test_the_version_2_step_failing_half_way_is_rolled_back(tmp_path: Path) -> None:
    """Its four add_column calls are undone when its CREATE TABLE fails."""
    path = tmp_path / "reader.sqlite3"
    shutil.copyfile(FIXTURES / "v1.sqlite", path)
    conn = _connect(path)
    conn.execute("CREATE TABLE known_words (simplified TEXT)")  # in the way of the step
    before = _snapshot(conn)
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        migrate(conn)
    assert _snapshot(conn) == before
    assert "sentence_other" not in {r[1] for r in conn.execute("PRAGMA table_info(vocabulary)")}
    conn.close()


def test_an_up_to_date_database_migrates_without_importing_sqlite_utils(tmp_path: Path) -> None:
    """The window's start on an existing database pays nothing for sqlite-utils."""
    import os
    import subprocess
    import sys

    path = tmp_path / "reader.sqlite3"
    conn = _connect(path)
    migrate(conn)
    conn.close()
    code = (
        "import sqlite3, sys\n"
        "from reader.storage.files.opening import open_store\n"
        f"result = open_store({str(path)!r}, backup_on_open=False)\n"
        "assert result.status == 'ok', result.message\n"
        "result.store.close()\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(schema.__file__).parents[2]))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"
