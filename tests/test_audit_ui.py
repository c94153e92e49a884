"""The inline-reading audit in the window is the same in every script (issue J, point 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.language.scripts.converters import convert_config
from reader.language.scripts.script import Script
from reader.storage.store import Store
from reader.ui.window.main_window import MainWindow
from tests.test_reading_aids_ui import article_window
from tests.test_reading_audit import ARTICLE_DISAGREEMENTS as ENGINE_DISAGREEMENTS

#: The window audits the readings it shows, in the tone convention (issue J): CC-CEDICT's
#: tones for its words, so 微調 wēitiáo (source: diào, wrong) is listed; 任務 rènwu against the
#: source's rènwù is the same reading (the entry's neutral tone, the citation tone).
ARTICLE_DISAGREEMENTS = sorted(
    [
        *ENGINE_DISAGREEMENTS,
        (2704, "調", "diao4", "tiao2"),  # 部署與微調能力
    ]
)


@pytest.fixture
def taiwan_window(qtbot, settings, store: Store):  # type: ignore[no-untyped-def]
    """The bundled article opened straight in Taiwan script: the source readings must be
    computed on their own (they are not the displayed text's)."""
    settings.default_script = Script.TAIWAN
    win = article_window(qtbot, settings, store)
    qtbot.waitUntil(lambda: bool(win.aids.audit.disagreements), timeout=60000)
    yield win
    win.close()


def _pinned(window: MainWindow) -> list[tuple[int, str, str, str]]:
    return [(d.offset, d.character, d.source, d.ours) for d in window.aids.audit.disagreements]


def test_the_audit_is_the_same_in_all_five_scripts(taiwan_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = taiwan_window
    audit = window.aids.audit
    document = window.document
    assert document is not None and window.shown is not None
    assert window.shown.script is Script.TAIWAN
    assert "使用者" in window.display_text()  # Taiwan's substituted words are shown
    assert _pinned(window) == ARTICLE_DISAGREEMENTS  # 16, no 戶 hù/shǐ
    titles = [title for title, _rows in window.summary.sections]
    assert "Inline readings that disagree with the context (16)" in titles
    for script in (Script.ORIGINAL, Script.SIMPLIFIED, Script.TRADITIONAL, Script.HONGKONG,
                   Script.TAIWAN):
        window.set_script(script)
        qtbot.waitUntil(lambda s=script: audit.placed == (document.sha256, s.value), timeout=30000)  # type: ignore[misc]
        assert _pinned(window) == ARTICLE_DISAGREEMENTS, script
        shown = window.shown
        assert shown is not None and shown.script is script
        # each flagged character is marked where the displayed text shows it
        assert len(audit.by_display) == len(ARTICLE_DISAGREEMENTS)
        for pos, d in audit.by_display.items():
            assert shown.text[pos] in {d.character, convert_config(d.character, "t2s")}
        assert len(window.view.layer("audit")) == len(ARTICLE_DISAGREEMENTS)
        reply = window.display_text().find("應" if script is not Script.SIMPLIFIED else "应")
        assert reply >= 0
        notes = audit.notes_for(reply, reply + 1)
        assert notes and "yìng" in notes[0] and "yīng" in notes[0]
    titles = [title for title, _rows in window.summary.sections]
    assert "Inline readings that disagree with the context (16)" in titles


def test_the_audit_follows_the_shown_document(taiwan_window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = taiwan_window
    audit = window.aids.audit
    other = tmp_path / "other.txt"
    other.write_text("第二篇文章，沒有讀音。軟體開發。", encoding="utf-8")
    assert window.open_path(str(other))
    assert audit.disagreements == [] and audit.by_display == {}
    assert window.view.layer("audit") == []
    window.open_bundled()  # shown again: its source readings are still known
    qtbot.waitUntil(lambda: _pinned(window) == ARTICLE_DISAGREEMENTS, timeout=30000)
    assert len(window.view.layer("audit")) == len(ARTICLE_DISAGREEMENTS)
    titles = [title for title, _rows in window.summary.sections]
    assert "Inline readings that disagree with the context (16)" in titles
