"""``reader vocab list`` and ``reader vocab export``."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.storage.files.opening import open_store
from reader.storage.records import SavedWord


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "vocab.sqlite3"
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("DeepSeek會在全球AI競爭中沉淪嗎", "DeepSeek 文章")
    ops = store.operations
    ops.save_word(
        SavedWord("竞争", "競爭", "jing4 zheng1", "competition", document_id=doc, source_title="文")
    )
    ops.save_word(SavedWord("全球", "全球", "quan2 qiu2", "global"), status="known")
    store.close()
    return path


def test_list_all_and_by_status(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vocab", "list", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "全球" in lines[0] and "known" in lines[0] and "quán qiú" in lines[0]
    assert "竞争 [競爭]" in lines[1] and "learning" in lines[1] and "(文)" in lines[1]
    assert main(["--db", str(db), "vocab", "list", "--status", "known"]) == 0
    out = capsys.readouterr().out
    assert "全球" in out and "竞争" not in out


@pytest.mark.parametrize("fmt", ["apkg", "pleco", "tsv"])
def test_export_each_format(
    fmt: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["vocab", "export", "--format", fmt, "--db", str(db), "-o", str(out)]) == 0
    assert "wrote 2 words" in capsys.readouterr().err
    if fmt == "apkg":
        with zipfile.ZipFile(out) as package:
            (tmp_path / "c.anki2").write_bytes(package.read("collection.anki2"))
        conn = sqlite3.connect(tmp_path / "c.anki2")
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
        conn.close()
    else:
        assert "竞争" in out.read_text(encoding="utf-8")


def test_export_text_to_stdout_and_status_filter(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["vocab", "export", "--format", "pleco", "--status", "learning", "--db", str(db)]
    assert main([*args, "-o", "-"]) == 0
    assert capsys.readouterr().out == "竞争[競爭]\tjing4zheng1\tcompetition\n"


def test_errors_are_messages_not_tracebacks(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vocab", "list", "--db", str(tmp_path / "none.sqlite3")]) == 2
    assert "no notes database" in capsys.readouterr().err
    assert main(["vocab", "export", "--format", "apkg", "--db", str(db), "-o", "-"]) == 2
    assert "stdout" in capsys.readouterr().err
    target = tmp_path / "missing" / "out.tsv"
    assert main(["vocab", "export", "--format", "tsv", "--db", str(db), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        main(["vocab", "export", "--format", "csv", "--db", str(db), "-o", "x"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def _refused(db: Path, fmt: str, target: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["vocab", "export", "--format", fmt, "--db", str(db), "-o", target]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: cannot write {target}: "), err
    assert err.count("\n") == 1 and "Traceback" not in err and "wrote" not in err
    return err


@pytest.mark.parametrize("fmt", ["apkg", "pleco", "tsv"])
def test_special_files_are_refused(
    fmt: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "named pipe" in _refused(db, fmt, str(fifo), capsys)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "is a folder" in _refused(db, fmt, str(tmp_path), capsys)


@pytest.mark.parametrize("fmt", ["apkg", "tsv"])
def test_device_node_as_root_stays_a_device(
    fmt: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o /dev/full`` as root, on a copy of /dev/full's node (never the real /dev)."""
    from tests.test_atomic_write import device_node

    full = device_node(tmp_path)
    assert "device" in _refused(db, fmt, str(full), capsys)
    assert stat.S_ISCHR(os.lstat(full).st_mode) and os.lstat(full).st_rdev == os.makedev(1, 7)


def test_output_through_a_symlink(db: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.tsv"
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    assert main(["vocab", "export", "--format", "tsv", "--db", str(db), "-o", str(link)]) == 0
    assert link.is_symlink() and "竞争" in real.read_text(encoding="utf-8")


def test_disk_full_is_not_success(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.services import atomic_write

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_write.os, "fsync", full)
    out = tmp_path / "out"
    out.mkdir()
    err = _refused(db, "apkg", str(out / "words.apkg"), capsys)
    assert "the disk is full (No space left on device)" in err
    assert os.listdir(out) == []
