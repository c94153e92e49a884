"""Read Aloud: choosing a backend, running the speech command, stopping it, the fallback."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox, QTextEdit
from pytestqt.qtbot import QtBot

from reader.ui.reading import read_aloud as ra
from reader.ui.reading.read_aloud import ReadAloud, find_speech_command, sentence_at, text_to_read

TEXT = "第一句话。第二句话有𠀀字！“第三句。”\n\n最后一句"


def _fake_espeak(folder: Path, log: Path, *, sleep: int = 0, cmn: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    voices = " 5  cmn             --/M      Chinese_(Mandarin) sit/cmn  (zh-cmn 5)\n" if cmn else ""
    script = folder / "espeak-ng"
    script.write_text(
        "#!/bin/sh\n"
        "PATH=/usr/bin:/bin\n"
        'case "$1" in --voices*)\n'
        "  printf 'Pty Language Age/Gender VoiceName File Other Languages\\n'\n"
        f"  printf '{voices}'\n"
        "  exit 0;;\nesac\n"
        f"printf '%s\\n' \"$$\" \"$@\" > '{log}.tmp'\n"
        f"mv '{log}.tmp' '{log}'\n" + (f"exec sleep {sleep}\n" if sleep else ""),
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


@pytest.fixture
def speaker(qtbot: QtBot):  # type: ignore[no-untyped-def]
    reader = ReadAloud(use_qt_engine=False)
    yield reader
    reader.stop()


def test_sentence_at() -> None:
    assert TEXT[slice(*sentence_at(TEXT, 1))] == "第一句话。"
    assert TEXT[slice(*sentence_at(TEXT, 5))] == "第二句话有𠀀字！"
    # Just after the end mark still reads the sentence it ends.
    assert TEXT[slice(*sentence_at(TEXT, 4))] == "第一句话。"
    assert TEXT[slice(*sentence_at(TEXT, TEXT.index("第三") + 1))] == "“第三句。”"
    assert TEXT[slice(*sentence_at(TEXT, len(TEXT)))] == "最后一句"
    assert sentence_at("  \n ", 2) == (2, 2)
    assert sentence_at("", 0) == (0, 0)


def test_unavailable_without_any_voice(
    speaker: ReadAloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    ok, message = speaker.available()
    assert not ok
    assert "No Chinese voice is installed" in message
    assert "sudo apt install espeak-ng" in message and "speech-dispatcher" in message
    assert speaker.speak("你好") is False
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    view = QTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(TEXT)
    assert speaker.read_from_view(view, view) == ""
    assert shown == [message]


def test_espeak_without_mandarin_is_not_used(tmp_path: Path) -> None:
    _fake_espeak(tmp_path / "bin", tmp_path / "log", cmn=False)
    command, reason = find_speech_command(
        lambda name: str(tmp_path / "bin" / name) if name == "espeak-ng" else None
    )
    assert command is None and "no Mandarin voice" in reason


def test_speak_runs_espeak_with_the_mandarin_voice(
    speaker: ReadAloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    log = tmp_path / "args.txt"
    _fake_espeak(tmp_path / "bin", log)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert speaker.available() == (True, "Reading aloud with espeak-ng.")
    with qtbot.waitSignal(speaker.speakingChanged, timeout=5000) as finished:
        assert speaker.speak("-你好，\n世界。")
    qtbot.waitUntil(log.exists, timeout=5000)
    assert log.read_text(encoding="utf-8").splitlines()[1:] == ["-v", "cmn", "--", "-你好， 世界。"]
    assert finished.args == [True]
    qtbot.waitUntil(lambda: not speaker.is_speaking(), timeout=5000)


def test_read_from_view_reads_selection_or_sentence(
    speaker: ReadAloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    log = tmp_path / "args.txt"
    _fake_espeak(tmp_path / "bin", log)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    view = QTextEdit()
    qtbot.addWidget(view)
    view.setPlainText(TEXT)
    cursor = view.textCursor()
    cursor.setPosition(TEXT.index("第三") + 1 + 1)  # UTF-16: 𠀀 is two units
    view.setTextCursor(cursor)
    assert text_to_read(view) == "“第三句。”"
    assert speaker.read_from_view(view) == "“第三句。”"
    qtbot.waitUntil(log.exists, timeout=5000)
    assert log.read_text(encoding="utf-8").splitlines()[-1] == "“第三句。”"
    qtbot.waitUntil(lambda: not speaker.is_speaking(), timeout=5000)
    log.unlink()
    cursor.setPosition(0)
    cursor.setPosition(2, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert speaker.read_from_view(view) == "第一"
    qtbot.waitUntil(log.exists, timeout=5000)
    assert log.read_text(encoding="utf-8").splitlines()[-1] == "第一"


def test_stop_kills_a_long_speech(
    speaker: ReadAloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    log = tmp_path / "args.txt"
    _fake_espeak(tmp_path / "bin", log, sleep=60)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert speaker.speak("很长的一段话。")
    qtbot.waitUntil(log.exists, timeout=5000)
    pid = int(log.read_text(encoding="utf-8").splitlines()[0])
    assert speaker.is_speaking()
    with qtbot.waitSignal(speaker.speakingChanged, timeout=5000) as stopped:
        speaker.stop()
    assert stopped.args == [False]
    assert not speaker.is_speaking()
    assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid)
    # Speaking again replaces nothing left running.
    log.unlink()
    assert speaker.speak("再说一遍。")
    qtbot.waitUntil(log.exists, timeout=5000)
    speaker.stop()


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def test_spd_say_is_preferred(tmp_path: Path) -> None:
    command, _ = find_speech_command(lambda name: f"/usr/bin/{name}")
    assert command is not None and command.name == "speech-dispatcher"
    assert command.arguments("你好") == ["-w", "-l", "zh", "--", "你好"]
    assert command.stop_args == ("-C",)


def test_max_chars_caps_long_text(
    speaker: ReadAloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    log = tmp_path / "args.txt"
    _fake_espeak(tmp_path / "bin", log)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert speaker.speak("字" * (ra.MAX_CHARS + 50))
    qtbot.waitUntil(log.exists, timeout=5000)
    assert len(log.read_text(encoding="utf-8").splitlines()[-1]) == ra.MAX_CHARS
    assert os.environ["PATH"] == str(tmp_path / "bin")
