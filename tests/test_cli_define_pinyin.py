"""``reader define`` and ``reader pinyin``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.services.user_glossary import encode_explanations
from reader.storage.files.opening import open_store


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _one_dictionary_build(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the CC-CEDICT index once for this module (the default cache folder is used)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))


def test_define_both_readings_of_chang(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["define", "長"]) == 0
    out = capsys.readouterr().out
    assert "cháng" in out and "zhǎng" in out and "長 [长]" in out
    assert main(["define", "--json", "长"]) == 0
    data = json.loads(capsys.readouterr().out)
    readings = {e["pinyin"] for e in data["dictionary"]}
    assert {"chang2", "zhang3"} <= readings
    assert all(e["traditional"] == "長" and e["simplified"] == "长" for e in data["dictionary"])
    assert all(e["senses"] for e in data["dictionary"])


def test_define_glossary_first_then_cedict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["define", "人工智能"]) == 0
    out = capsys.readouterr().out
    assert out.index("glossary") < out.index("CC-CEDICT")
    assert "artificial intelligence" in out
    assert main(["define", "--json", "deepseek"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["headword"] for g in data["glossary"]] == ["深度求索"]


def test_define_user_entry_read_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "u.sqlite3"
    store = open_store(db, backup_on_open=False).store
    assert store is not None
    store.operations.add_glossary_entry(
        "螢火三號",
        category="hardware",
        gloss="Fire-Flyer 3",
        explanations=encode_explanations("Made up.", "虛構。"),
    )
    store.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["define", "萤火三号", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "your glossary" in out and "Fire-Flyer 3" in out and "虛構。" in out
    after = tmp_path.iterdir()  # SQLite's mode=ro may add its empty -wal/-shm, nothing else
    assert sorted(p.name for p in after if not p.name.endswith(("-wal", "-shm"))) == before
    assert (db.with_name("u.sqlite3-wal").stat().st_size == 0) if db.with_name(
        "u.sqlite3-wal").exists() else True
    # a missing database is not created
    missing = tmp_path / "none.sqlite3"
    assert main(["--db", str(missing), "define", "長"]) == 0
    assert not missing.exists()


def test_define_nothing_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["define", "xyzzyq"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "neither" in captured.err


def _pinyin(args: list[str], data: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    return main(["pinyin", *args, str(path)])


def test_pinyin_json_one_array_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "長度是多少？\n\nAI很長。\r\n他長大了"
    assert _pinyin(["--json"], text.encode(), monkeypatch, tmp_path) == 0
    lines = capsys.readouterr().out.splitlines()
    arrays = [json.loads(line) for line in lines]
    assert len(arrays) == 4
    assert arrays[0] == ["cháng", "dù", "shì", "duō", "shǎo", None]
    assert arrays[1] == []
    assert arrays[2][:2] == [None, None] and arrays[2][-1] is None
    assert arrays[2][2] == "hěn" and len(arrays[2]) == len("AI很長。")
    assert arrays[3][:3] == ["tā", "zhǎng", "dà"]
    assert _pinyin(["--json", "--style", "numbers"], "長度".encode(), monkeypatch, tmp_path) == 0
    assert json.loads(capsys.readouterr().out) == ["chang2", "du4"]
    assert _pinyin(["--json", "--style", "zhuyin"], "長度".encode(), monkeypatch, tmp_path) == 0
    assert json.loads(capsys.readouterr().out) == ["ㄔㄤˊ", "ㄉㄨˋ"]


def test_pinyin_plain_and_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _pinyin([], "DeepSeek會在全球AI競爭中。".encode(), monkeypatch, tmp_path) == 0
    assert capsys.readouterr().out == "DeepSeek huì zài quán qiú AI jìng zhēng zhōng。\n"
    import io
    import sys

    class In:
        buffer = io.BytesIO("长度".encode("gb18030"))

    monkeypatch.setattr(sys, "stdin", In)
    assert main(["pinyin"]) == 0
    assert capsys.readouterr().out == "cháng dù\n"


def test_pinyin_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pinyin", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert _pinyin([], b"\x00\x01\x02binary\x00", monkeypatch, tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "Traceback" not in err
