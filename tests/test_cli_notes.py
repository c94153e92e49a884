"""``reader notes list`` and ``reader notes export``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.store import open_store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite3"
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("DeepSeek會在全球AI競爭中沉淪嗎", "DeepSeek 文章")
    store.operations.add_highlight(doc, 10, 12, "green", "全球 = global")
    store.close()
    return path


def test_list_with_db_after_subcommand(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notes", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "DeepSeek 文章" in out and "「全球」" in out and "全球 = global" in out


def test_list_with_db_before_subcommand(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "notes", "list"]) == 0
    assert "「全球」" in capsys.readouterr().out


def test_reader_db_environment(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("READER_DB", str(db))
    assert main(["notes", "export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1


def test_export_to_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["notes", "export", "--format", "csv", "--db", str(db), "-o", str(out)]) == 0
    assert "全球 = global" in out.read_text(encoding="utf-8")


def test_default_location_under_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "xdg" / "reader" / "reader" / "reader.sqlite3"
    path.parent.mkdir(parents=True)
    store = open_store(path).store
    assert store is not None
    store.close()
    assert main(["notes", "export", "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# Highlights and notes")


def test_missing_database_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["notes", "list", "--db", str(tmp_path / "none.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "no annotation database" in err
    assert not (tmp_path / "none.sqlite3").exists()


def test_damaged_database_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    assert main(["notes", "list", "--db", str(path)]) == 2
    assert "damaged" in capsys.readouterr().err


def test_unwritable_output(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-dir" / "out.md"
    assert main(["notes", "export", "--db", str(db), "-o", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err
