"""``reader words``: JSON tokens per line, the plain form, stdin, errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.services.user_glossary import encode_explanations
from reader.storage.files.opening import open_store

SEED = Path(__file__).resolve().parents[1] / "resources" / "000_ebd123fbead4c496.txt"


@pytest.fixture(autouse=True)
def _built_model(word_model_xdg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default cache folder already holds the model (built once a session)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(word_model_xdg))


def _run(args: list[str], data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    return main(["words", *args, str(path)])


def _arrays(out: str) -> list[list[dict[str, Any]]]:
    return [json.loads(line) for line in out.splitlines()]


def _check_cover(line: str, tokens: list[dict[str, Any]]) -> None:
    position = 0
    for token in tokens:
        assert set(token) == {"text", "start", "end", "pinyin", "glossary"}
        assert token["start"] == position < token["end"]
        assert line[token["start"] : token["end"]] == token["text"]
        position = token["end"]
    assert position == len(line)


def test_json_tokens_cover_each_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["為逐漸冷卻的市場情緒重新加溫。", "", "中國和美國 DeepSeek R1, 𠀀字!", "應對策略"]
    assert _run(["--json"], "\r\n".join(lines).encode(), tmp_path) == 0
    arrays = _arrays(capsys.readouterr().out)
    assert len(arrays) == len(lines) and arrays[1] == []
    for line, tokens in zip(lines, arrays, strict=True):
        _check_cover(line, tokens)
    first = {t["text"]: t for t in arrays[0]}
    assert first["冷卻"]["pinyin"] == "lěng què" and first["冷卻"]["glossary"] is None
    assert first["。"]["pinyin"] is None
    third = [t["text"] for t in arrays[2]]
    assert third[:5] == ["中國", "和", "美國", " ", "DeepSeek R1"]
    assert arrays[2][4]["glossary"] == "deepseek-r1" and arrays[2][4]["pinyin"] is None
    # an astral character: offsets count code points
    astral = next(t for t in arrays[2] if t["text"].startswith("𠀀"))
    assert astral["end"] - astral["start"] == len(astral["text"])
    assert [t["text"] for t in arrays[3]] == ["應對", "策略"]


def test_pinyin_agrees_with_reader_pinyin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "他長大了,長度是多少?AI很長。銀行行長"
    assert _run(["--json", "--style", "numbers"], text.encode(), tmp_path) == 0
    tokens = _arrays(capsys.readouterr().out)[0]
    assert main(["pinyin", "--json", "--style", "numbers", str(tmp_path / "in.txt")]) == 0
    per_char = json.loads(capsys.readouterr().out)
    for token in tokens:
        expected = [r for r in per_char[token["start"] : token["end"]] if r]
        assert token["pinyin"] == (" ".join(expected) if expected else None)


def test_the_article_through_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(SEED)]) == 0
    clean = capsys.readouterr().out
    assert _run(["--json"], clean.encode(), tmp_path) == 0
    arrays = _arrays(capsys.readouterr().out)
    lines = clean.splitlines()
    assert len(arrays) == len(lines)
    for line, tokens in zip(lines, arrays, strict=True):
        _check_cover(line, tokens)
    texts = [t["text"] for tokens in arrays for t in tokens]
    for word in ("冷卻", "應對", "策略", "前瞻性", "機會", "國家"):
        assert word in texts
    ids = {t["glossary"] for tokens in arrays for t in tokens} - {None}
    assert {"deepseek", "liang-wenfeng", "h800", "llm"} <= ids


def test_plain_form_and_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run([], "為逐漸冷卻的市場情緒\nDeepSeek 很強。\n".encode(), tmp_path) == 0
    assert capsys.readouterr().out == "為/逐漸/冷卻/的/市場/情緒\nDeepSeek 很/強/。\n"

    class In:
        buffer = io.BytesIO("有机会\x1b[31m".encode("gb18030"))

    monkeypatch.setattr(sys, "stdin", In)
    assert main(["words"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("有/机会/") and "\x1b" not in out


def test_empty_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["--json"], b"", tmp_path) == 0
    assert capsys.readouterr().out == ""


def test_user_glossary_terms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
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
    assert _run(["--json", "--db", str(db)], "萤火三号训练平台".encode(), tmp_path) == 0
    tokens = _arrays(capsys.readouterr().out)[0]
    assert tokens[0]["text"] == "萤火三号" and tokens[0]["glossary"].startswith("user:")


def test_errors_are_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["words", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and err.count("\n") == 1 and "no such file" in err
    assert main(["words", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "Traceback" not in err
    assert _run([], b"\x00\x01\x02binary\x00", tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "Traceback" not in err
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello", encoding="utf-8")
    assert _run(["--db", str(not_a_db)], "中文".encode(), tmp_path) == 2
    assert capsys.readouterr().err.startswith("reader: ")


def test_a_typo_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["wrods"]) == 2
    assert "did you mean 'reader words'" in capsys.readouterr().err


def test_missing_frequency_list_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.language.segmentation import model, sources

    def missing() -> Path:
        raise sources.SourceError("jieba's word frequency list (jieba/dict.txt) was not found")

    monkeypatch.setattr(model, "jieba_dict_file", missing)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    assert _run([], "中文".encode(), tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: cannot prepare the word list: jieba") and err.count("\n") == 1
