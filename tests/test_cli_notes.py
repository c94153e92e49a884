"""``reader notes list`` and ``reader notes export``."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from reader.cli import main
from reader.storage.files.opening import open_store


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
    assert err.startswith("reader: ") and "no notes database" in err
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


def test_cli_and_gui_write_the_same_bytes(
    db: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    from reader.ui.notes.notes_panel import export_notes

    for fmt in ("md", "csv", "json"):
        cli, gui = tmp_path / f"cli.{fmt}", tmp_path / f"gui.{fmt}"
        assert main(["notes", "export", "--format", fmt, "--db", str(db), "-o", str(cli)]) == 0
        store = open_store(db, backup_on_open=False).store
        assert store is not None
        try:
            export_notes(store, gui, fmt)
        finally:
            store.close()
        assert cli.read_bytes() == gui.read_bytes()
        assert cli.read_bytes().startswith(b"\xef\xbb\xbf") == (fmt == "csv")
        capsysbinary.readouterr()
        assert main(["notes", "export", "--format", fmt, "--db", str(db)]) == 0
        assert capsysbinary.readouterr().out == cli.read_bytes()


def test_output_through_a_symlink(db: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert main(["notes", "export", "--db", str(db), "-o", str(link)]) == 0
    assert link.is_symlink() and "全球 = global" in real.read_text(encoding="utf-8")


def _refused(db: Path, target: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["notes", "export", "--db", str(db), "-o", target]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: cannot write {target}: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_special_files_are_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "named pipe" in _refused(db, str(fifo), capsys)
    assert "is a folder" in _refused(db, str(tmp_path), capsys)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_device_node_as_root_stays_a_device(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o /dev/full`` as root, on a copy of /dev/full's node (never the real /dev)."""
    from tests.test_atomic_write import device_node

    full = device_node(tmp_path)
    assert "device" in _refused(db, str(full), capsys)
    assert stat.S_ISCHR(os.lstat(full).st_mode) and os.lstat(full).st_rdev == os.makedev(1, 7)


def test_disk_full_is_a_sentence_and_not_success(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.services import atomic_write

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_write.os, "fsync", full)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "notes.csv"
    target.write_text("old")
    err = _refused(db, str(target), capsys)
    assert "the disk is full (No space left on device)" in err
    assert target.read_text() == "old" and os.listdir(out) == ["notes.csv"]
