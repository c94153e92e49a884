"""``reader convert``: text and JSON offset maps from files and stdin."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from reader.cli import main


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_to_taiwan_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "云计算和软件\n".encode())
    assert main(["convert", "--to", "taiwan"]) == 0
    assert capsys.readouterr().out == "雲端計算和軟體\n"


def test_to_simplified_from_file_with_bom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "我們的軟體".encode())
    assert main(["convert", "--to", "simplified", str(path)]) == 0
    assert capsys.readouterr().out == "我们的软体"


def test_config_by_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "軟體".encode())
    assert main(["convert", "--config", "tw2sp.json"]) == 0
    assert capsys.readouterr().out == "软件"


def test_with_offsets_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "用云计算".encode())
    assert main(["convert", "--config", "s2twp", "--with-offsets"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["text"] == "用雲端計算"
    assert payload["segments"] == [[1, 4, 1, 5]]
    assert payload["configs"] == ["s2twp"]
    assert (payload["canonical_length"], payload["display_length"]) == (4, 5)


def test_with_offsets_detects_source(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "我們的軟體".encode())
    assert main(["convert", "--to", "traditional", "--with-offsets"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["source"] == "traditional" and payload["script"] == "traditional"
    assert payload["segments"] == []


def test_unknown_config_is_a_user_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "软件".encode())
    assert main(["convert", "--config", "s2xx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: unknown OpenCC configuration 's2xx'") and "s2twp" in err


def test_binary_input_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["convert", "--to", "simplified"]) == 2
    assert "<stdin>" in capsys.readouterr().err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "--to", "taiwan", "/nonexistent/x.txt"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_empty_input_gives_empty_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b"")
    assert main(["convert", "--to", "taiwan"]) == 0
    assert capsys.readouterr().out == ""


def test_target_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["convert"])
    assert "--to" in capsys.readouterr().err


def test_to_converts_by_meaning_config_does_not(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "崛起標志著中國AI,傳出的消息,與大廠沒有綁定,并成功。"
    _stdin(monkeypatch, text.encode())
    assert main(["convert", "--to", "simplified"]) == 0
    assert capsys.readouterr().out == "崛起标志着中国AI,传出的消息,与大厂没有绑定,并成功。"
    _stdin(monkeypatch, text.encode())
    assert main(["convert", "--to", "taiwan"]) == 0
    assert capsys.readouterr().out == "崛起標誌著中國AI,傳出的消息,與大廠沒有綁定,並成功。"
    _stdin(monkeypatch, text.encode())
    assert main(["convert", "--config", "s2twp"]) == 0
    assert capsys.readouterr().out == "崛起標志著中國AI,傳出的訊息,與大廠沒有繫結,併成功。"
