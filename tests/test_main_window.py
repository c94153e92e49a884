"""The main window: the bundled article, file errors, zoom, settings, the smoke test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from reader.text.inline_readings import INLINE_READING_RE
from reader.ui.window.main_window import MainWindow
from tests.conftest import shown_window


@pytest.fixture
def window(qtbot, settings):  # type: ignore[no-untyped-def]
    return shown_window(qtbot, settings, 1000, 700)


def test_window_shows_the_article_without_inline_readings(window: MainWindow) -> None:
    window.open_bundled()
    shown = window.view.toPlainText()
    assert "DeepSeek" in shown and "深度求索" in shown
    assert "會(huì)" not in shown
    assert INLINE_READING_RE.search(shown) is None
    assert "</p>" not in shown and "/p>" not in shown
    assert "(DeepSeek)" in shown or "(Twitter)" in shown
    assert window.windowTitle().startswith("DeepSeek會在全球AI競爭中沉淪嗎")
    assert "337 inline readings" in window.summary.button.text()


def test_bad_file_shows_a_dialog_and_keeps_the_document(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_bundled()
    before = window.view.toPlainText()
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: messages.append(text))
    assert window.open_path(str(png)) is False
    assert messages and "picture.txt" in messages[0]
    assert window.view.toPlainText() == before
    assert window.open_path(str(tmp_path / "missing.txt")) is False
    assert "missing.txt" in messages[-1]


def test_open_path_imports_gb18030_and_remembers_it(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes("梁文锋早就注意到AI模型，会(huì)议在北京举行。".encode("gb18030"))
    assert window.open_path(str(path))
    assert window.view.toPlainText() == "梁文锋早就注意到AI模型，会议在北京举行。"
    assert window.settings.last_document == str(path.resolve())
    assert str(path.resolve()) in window.settings.recent_documents


def test_zoom_changes_font_size_and_resets(window: MainWindow) -> None:
    window.open_bundled()
    base = window.view.font().pointSizeF()
    window.zoom(+1)
    assert window.view.font().pointSizeF() > base
    window.zoom(-2)
    assert window.view.font().pointSizeF() < base
    window.zoom(0, reset=True)
    assert window.view.font().pointSizeF() == pytest.approx(base)


def test_geometry_and_last_document_survive_a_restart(qtbot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text("第一段。\n\n第二段。", encoding="utf-8")
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.resize(640, 480)  # inside the offscreen screen (800x600)
    first.show()
    qtbot.waitExposed(first)
    first.open_path(str(path))
    saved_size = first.size()
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.restore_geometry()
    assert second.size() == saved_size
    assert settings.last_document == str(path.resolve())


def test_smoke_test_prints_timings_and_exits_zero(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--smoke-test", "--db", str(tmp_path / "smoke.sqlite3")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    timings = json.loads(proc.stdout.strip().splitlines()[-1])
    assert timings["first_paint_s"] > 0
    assert timings["characters"] > 2900


def test_status_summary_never_cuts_a_word(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue L: whole parts that fit, "+N more", every part in the tool tip."""
    from reader.ui.window.import_summary import fitting

    window.open_bundled()
    button = window.summary.button
    parts = button.full_text().split(" · ")
    assert len(parts) >= 2
    window.statusBar().addPermanentWidget(QLabel("12,345 known words · 67 % known"))
    for width in (1400, 700, 420):
        window.resize(width, 600)
        qtbot.wait(50)
        shown = button.text()
        assert "…" not in shown
        kept = [p for p in shown.split(" · ") if not p.startswith("+")]
        assert kept == parts[: len(kept)] or shown == "Import report", (width, shown)
        assert button.fontMetrics().horizontalAdvance(shown) <= button.width(), width
        assert all(p in button.toolTip() for p in parts)
    assert fitting(["first part here", "second", "third"], lambda t: len(t) <= 25) == (
        "first part here · +2 more"
    )
    assert fitting(["aa", "bb"], lambda t: len(t) <= 7) == "aa · bb"
    assert fitting(["a long part"], lambda t: len(t) <= 3) == "Import report"
