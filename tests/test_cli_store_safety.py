"""Issue K: the commands read a database without ever moving, creating or rewriting anything."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.cli import main
from reader.storage.files.opening import open_store

ROOT = Path(__file__).resolve().parents[1]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))


@pytest.mark.parametrize("kind", ["text", "png", "folder", "fifo", "foreign"])
def test_notes_and_vocab_refuse_what_is_not_a_notes_database(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"user-file.{kind}"
    if kind == "text":
        target.write_text("購物清單\n", encoding="utf-8")
    elif kind == "png":
        target.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    elif kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        import sqlite3

        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    before = _names(tmp_path)
    content = target.read_bytes() if kind in ("text", "png", "foreign") else None
    for command in (["notes", "list"], ["vocab", "list"], ["notes", "export", "-o", "-"]):
        assert main([*command, "--db", str(target)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("reader: ") and err.count("\n") == 1, err
        assert "nothing was changed" in err or "not a" in err
    assert _names(tmp_path) == before
    if content is not None:
        assert target.read_bytes() == content


def test_listing_while_a_window_writes_never_moves_the_database(tmp_path: Path) -> None:
    """Was: a check of a torn copy called the live database damaged and moved it aside."""
    db = tmp_path / "reader.sqlite3"
    store = open_store(db, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 300, "t")
    stop = threading.Event()
    written = [0]

    def write() -> None:
        while not stop.is_set():
            store.operations.add_highlight(doc, 0, 3, note="x" * 2000)
            written[0] += 1

    writer = threading.Thread(target=write)
    writer.start()
    codes = []
    try:
        for _ in range(25):
            codes.append(main(["notes", "list", "--db", str(db)]))
    finally:
        stop.set()
        writer.join()
    assert codes == [0] * 25
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(store.all_highlights()) == written[0]
    store.close()


def test_smoke_test_on_a_text_file_fails_and_leaves_it(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("我的筆記\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "c"))
    run = subprocess.run(
        [sys.executable, "-m", "reader", "--smoke-test", "--first-paint-only", "--db", str(target)],
        cwd=ROOT, env=env, capture_output=True, timeout=120,
    )
    assert run.returncode != 0
    assert b"not a Reader notes database" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "c") == [
        "notes.txt", "notes.txt.lock"
    ] or sorted(p.name for p in tmp_path.iterdir() if p.name != "c") == ["notes.txt"]
    assert target.read_text(encoding="utf-8") == "我的筆記\n"


@pytest.mark.parametrize("target", ["db", "wal", "lock", "link"])
def test_an_export_never_replaces_the_database_or_its_companions(
    tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: ``notes export --db z -o z`` turned the database into Markdown."""
    db = tmp_path / "z.sqlite3"
    store = open_store(db, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 10, "t")
    store.operations.add_highlight(doc, 0, 2, note="kept")
    out = {"db": db, "wal": tmp_path / "z.sqlite3-wal", "lock": tmp_path / "z.sqlite3.lock",
           "link": tmp_path / "out.md"}[target]
    if target == "link":
        out.symlink_to(db)
    before = db.read_bytes()
    for command in (["notes", "export"], ["vocab", "export", "--format", "tsv"]):
        assert main([*command, "--db", str(db), "-o", str(out)]) == 2
        assert "never replaces" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert [h.note for h in store.all_highlights()] == ["kept"]
    store.close()


def test_a_damaged_database_read_by_a_command_is_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "d.sqlite3"
    store = open_store(db, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 300, "t")
    for i in range(100):
        store.operations.add_highlight(doc, i, i + 2, note="x" * 500)
    store.close()
    data = bytearray(db.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096] = 0x77  # every b-tree page's type: damaged everywhere
    db.write_bytes(bytes(data))
    assert main(["notes", "list", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(("argv", "hint"), [(["note"], "reader notes"),
                                            (["clen", "doc.txt"], "reader clean")])
def test_a_mistyped_command_is_said_not_opened_as_a_file(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert hint in capsys.readouterr().err


def _no_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.ui.app import launch

    def refuse(*args: object) -> int:
        raise AssertionError("the window was opened")

    monkeypatch.setattr(launch, "run_gui", refuse)


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["notse", "list"], "did you mean 'reader notes'?"),
        (["notse"], "did you mean 'reader notes'?"),
        (["Vocab", "export"], "did you mean 'reader vocab'?"),
        (["--db", "x.sqlite3", "wrods"], "did you mean 'reader words'?"),
    ],
)
def test_a_mistyped_command_suggests_the_nearest_and_never_opens_the_window(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    _no_window(monkeypatch)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and hint in err and err.count("\n") == 1


@pytest.mark.parametrize("word", ["missing.txt", "文章.md", "xyzzy"])
def test_a_file_that_is_neither_a_file_nor_a_command_is_said(
    word: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    _no_window(monkeypatch)
    assert main([word]) == 2
    err = capsys.readouterr().err
    assert f"'{word}' is neither a file nor a command" in err
    assert "did you mean" not in err and "notes" in err  # the commands are listed


def test_an_existing_file_named_like_a_command_typo_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.app import launch

    monkeypatch.chdir(tmp_path)
    (tmp_path / "notse").write_text("發展", encoding="utf-8")
    opened: list[object] = []
    monkeypatch.setattr(launch, "run_gui", lambda file_arg, args: opened.append(file_arg) or 0)
    assert main(["notse"]) == 0
    assert opened == ["notse"]


def test_define_with_a_db_that_is_a_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["define", "發展", "--db", str(tmp_path)]) == 2
    assert "not a notes database" in capsys.readouterr().err


def test_notes_list_never_sends_control_sequences_to_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "n.sqlite3"
    store = open_store(db, backup_on_open=False).store
    assert store is not None
    doc = store.operations.add_document("發展全球競爭。" * 10, "title\x1b]0;pwned\x07")
    store.operations.add_highlight(doc, 0, 2, note="a\x1b[2Jb\rc\u202eevil")
    store.close()
    assert main(["notes", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out and "\u202e" not in out
    assert "evil" in out


def test_disk_full_while_creating_is_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3 as sq

    from reader.storage.files import opening
    from reader.storage.records import StoreError

    def full(path: Path) -> None:
        raise sq.OperationalError("database or disk is full")

    monkeypatch.setattr(opening, "_create", full)
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path / "new.sqlite3")
    message = str(caught.value)
    assert "the disk is full" in message and ".." not in message and "rollback" not in message
    assert not list(tmp_path.glob("*.creating*"))
