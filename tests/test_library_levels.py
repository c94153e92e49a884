"""Issue N.4: the library grades every document by the HSK levels of its words, shows the
level, and sorts by difficulty; each text is graded once per machine."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from reader.services import difficulty
from reader.services.difficulty import CACHE_NAME, LevelCache, grade_documents, summary_text
from reader.storage.store import Store
from reader.ui.library.library_dock import LibraryDock
from reader.ui.library.library_rows import COLUMN_LEVEL, COLUMN_TITLE

EASY = "我是中國人。你好嗎？我很好。" * 5
HARD = "蒸餾技術與量化投資的崛起，冷卻的市場情緒。" * 5


def test_grade_documents_grades_once_and_keeps_the_results(tmp_path: Path) -> None:
    texts = {1: EASY, 2: HARD}
    read: list[int] = []

    def text_of(document_id: int) -> str:
        read.append(document_id)
        return texts[document_id]

    first = grade_documents([(1, "a"), (2, "b")], text_of, tmp_path)
    assert read == [1, 2] and set(first) == {1, 2}
    assert first[1]["sort"] < first[2]["sort"]
    again = grade_documents([(1, "a"), (2, "b")], text_of, tmp_path)
    assert read == [1, 2] and again == first  # from the cache: no text read again
    assert set(json.loads((tmp_path / CACHE_NAME).read_text())) == {"a", "b"}


def test_an_unreadable_cache_is_graded_again(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_text("{not json", encoding="utf-8")
    assert LevelCache(tmp_path).entries == {}
    out = grade_documents([(1, "a")], {1: EASY}.__getitem__, tmp_path)
    assert out[1]["words"] > 0
    assert "a" in json.loads((tmp_path / CACHE_NAME).read_text())


def test_summary_text() -> None:
    cell, tip = summary_text({"level": 3, "words": 120, "shares": [0.5, 0.2, 0.2, 0, 0, 0, 0, 0.1]})
    assert cell == "HSK 3" and "120 running words" in tip and "HSK 1: 50%" in tip
    assert summary_text({"level": 0, "words": 0, "shares": []})[0] == "—"


def test_names_are_not_graded() -> None:
    from reader.language.words.glossary import Glossary

    words = difficulty.text_words("梁文鋒創立了深度求索。", Glossary.load_bundled())
    assert "梁" not in "".join(words) and "深度" not in "".join(words)
    assert "創立" in words


def test_library_shows_levels_and_sorts_by_difficulty(store: Store, qtbot: QtBot) -> None:
    hard = store.operations.add_document(HARD, "難")
    easy = store.operations.add_document(EASY, "易")
    dock = LibraryDock(store)
    qtbot.addWidget(dock)
    dock.resize(700, 360)
    dock.show()
    qtbot.waitUntil(lambda: len(dock.grading.levels) == 2, timeout=20000)
    cells = {dock._id_of(i): i.text(COLUMN_LEVEL) for i in dock._items()}
    assert cells[easy].startswith("HSK") and cells[hard] != "…"
    assert "running words" in dock._item_for(easy).toolTip(COLUMN_LEVEL)  # type: ignore[union-attr]
    dock.order_box.setCurrentText("Easiest first")
    assert dock.document_ids() == [easy, hard]
    dock.order_box.setCurrentText("Hardest first")
    assert dock.document_ids() == [hard, easy]
    dock.order_box.setCurrentText("Title")
    assert [i.text(COLUMN_TITLE) for i in dock._items()] == sorted(["難", "易"], key=str.casefold)
    dock.undo_bar.withdraw()
