"""Issue N.4: HSK 3.0 levels — of a word (popup), of every word (View › Colour by Level), of
a text (``reader level``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from reader.cli import main
from reader.language.words.hsk import (
    BAND,
    LEVELS,
    is_listed,
    level_name,
    profile,
    word_level,
)
from reader.storage.store import Store
from reader.ui.common.style.theme import palette_for
from reader.ui.reading.words.level_colours import LAYER, PALETTES, grade
from reader.ui.window.main_window import MainWindow
from tests.test_reading_aids_ui import _pos, article_window

ARTICLE = Path(__file__).resolve().parents[1] / "resources" / "000_ebd123fbead4c496.txt"


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("中国", 1),
        ("中國", 1),  # Traditional: looked up in Simplified
        ("發展", 3),
        ("模型", 6),
        ("冷卻", BAND),
        ("蒸餾", None),  # off the list
        ("DeepSeek", None),
        ("", None),
    ],
)
def test_word_level(word: str, level: int | None) -> None:
    assert word_level(word) == level


def test_unlisted_compounds_are_graded_by_their_parts() -> None:
    assert not is_listed("發布會") and word_level("發布會") == max(
        word_level("發布") or 0, word_level("會") or 0
    )
    assert not is_listed("中國人") and word_level("中國人") == 1
    assert word_level("蒸餾器") is None  # a part off the list: beyond


def test_level_names() -> None:
    assert [level_name(level) for level in LEVELS] == [
        "HSK 1", "HSK 2", "HSK 3", "HSK 4", "HSK 5", "HSK 6", "HSK 7–9", "beyond HSK"
    ]


def test_profile_counts_running_words_and_unknown_and_hardest() -> None:
    words = ["我", "的", "模型", "，", "模型", "蒸餾", "蒸餾", "冷卻", "DeepSeek", "的"]
    graded = profile(words, known={"我": "known", "的": "known", "模型": "learning"})
    assert graded.total == 8  # punctuation and Latin are not words to grade
    assert graded.counts[1] == 3 and graded.counts[6] == 2 and graded.counts[None] == 2
    assert graded.unknown == 5  # 模型 ×2 (learning is not known), 蒸餾 ×2, 冷卻
    assert [w for w, _lv, _n in graded.hardest] == ["蒸餾", "模型", "的"]  # frequent ones
    assert graded.level is None  # 90 % needs the words beyond HSK
    easy = profile(["我"] * 9 + ["冷卻"])
    assert easy.level == 1 and easy.unknown == 0
    assert profile([]).level == 0 and profile([]).total == 0


def test_profile_sorts_easier_texts_first() -> None:
    easy, hard = profile(["我", "你", "中國"]), profile(["冷卻", "蒸餾", "模型"])
    assert easy.sort_key < hard.sort_key


# --- reader level -------------------------------------------------------------------------------


@pytest.fixture
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "level-cache"))


@pytest.mark.usefixtures("_cache")
def test_reader_level_prints_the_articles_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "none.sqlite3"
    assert main(["level", "--json", "--db", str(db), str(ARTICLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"].startswith("DeepSeek會在全球AI競爭中沉淪嗎")
    assert 1000 < data["words"] < 1400  # the article: 2,955 characters
    assert abs(sum(data["shares"].values()) - 1) < 0.01
    assert data["level"] in {level_name(lv) for lv in LEVELS}
    hardest = [h["word"] for h in data["hardest"]]
    assert len(hardest) == 20 and "模型" in hardest
    assert "梁文鋒" not in hardest and "深度求索" not in hardest  # names are not graded
    assert data["unknown_words"] is None  # no database: nothing to say
    assert not db.exists()
    assert main(["level", "--db", str(db), str(ARTICLE)]) == 0
    out = capsys.readouterr().out
    assert "Level: HSK" in out and "Hardest frequent words:" in out and "模型  HSK 6" in out


@pytest.mark.usefixtures("_cache")
def test_reader_level_counts_words_not_marked_known(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store
) -> None:
    store.operations.set_word_status("模型", "模型", "known")
    path = store.path
    assert main(["level", "--json", "--db", str(path), str(ARTICLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0 < data["unknown_words"] < data["words"]


def test_reader_level_refuses_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["level", "/nonexistent/file.txt"]) == 2
    assert "file.txt" in capsys.readouterr().err


# --- colours --------------------------------------------------------------------------------------


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_level_palettes_have_contrast_on_their_page(theme: str) -> None:
    from PySide6.QtGui import QPalette

    page = palette_for(theme == "dark").color(QPalette.ColorRole.Base)
    colours = PALETTES[theme]
    assert set(colours) == set(LEVELS)
    assert len(set(colours.values())) == len(LEVELS)
    for level, colour in colours.items():
        assert _contrast(QColor(colour), page) >= 4.5, (theme, level, colour)


def test_grade_spans() -> None:
    text = "我的模型，DeepSeek"
    assert grade(text, [(0, 1), (1, 2), (2, 4), (4, 5), (5, 13)]) == [
        (0, 1, 1), (1, 2, 1), (2, 4, 6)
    ]


@pytest.fixture
def window(qtbot, settings, store: Store) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = article_window(qtbot, settings, store)
    qtbot.waitUntil(lambda: win.aids.sources.dictionary is not None, timeout=60000)
    qtbot.waitUntil(lambda: win.aids.segments.segmentation is not None, timeout=60000)
    yield win
    win.close()


def test_colour_by_level_paints_words_in_their_level_colour(
    window: MainWindow, qtbot  # type: ignore[no-untyped-def]
) -> None:
    assert window.view.layer(LAYER) == []
    window.aids.level_action.trigger()
    assert window.settings.flag("colour_by_level")
    qtbot.waitUntil(lambda: window.view.layer(LAYER) != [], timeout=10000)
    shown = window.shown
    assert shown is not None
    at = shown.display_to_view(_pos(window, "模型"))
    colours = {
        s.format.foreground().color().name()
        for s in window.view.layer(LAYER)
        if s.cursor.selectionStart() <= at < s.cursor.selectionEnd()
    }
    assert colours == {PALETTES["light"][6]}
    window.aids.level_action.trigger()
    assert window.view.layer(LAYER) == []


def test_popup_says_the_words_level(window: MainWindow) -> None:
    hover = window.aids.hover
    assert hover.show_at(_pos(window, "模型"))
    assert "HSK 6" in hover.popup.label.text()


def test_touching_words_each_get_their_colour(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt paints every other one of touching foreground-only selections in the text colour;
    the level formats carry a transparent background so each word keeps its own."""
    window.aids.level_action.trigger()
    qtbot.waitUntil(lambda: window.view.layer(LAYER) != [], timeout=10000)
    graded = window.aids.levels.graded
    shown = window.shown
    assert shown is not None
    pairs = [
        (a, b) for a, b in zip(graded, graded[1:], strict=False)
        if a[1] == b[0] and a[2] != b[2] and b[1] - a[0] >= 3
    ]
    assert pairs
    (a, b) = pairs[0]
    window.view.scroll_to_position(shown.display_to_view(a[0]))
    qtbot.wait(50)
    image = window.view.viewport().grab().toImage()
    ratio = window.view.viewport().devicePixelRatioF()

    def ink(pos: int) -> str:
        rect = window.view.char_rect(shown.display_to_view(pos))
        darkest = None
        for x in range(rect.left() + 1, rect.right()):
            for y in range(rect.top() + 1, rect.bottom()):
                c = image.pixelColor(int(x * ratio), int(y * ratio))
                if darkest is None or c.lightness() < darkest.lightness():
                    darkest = c
        assert darkest is not None
        return darkest.name()

    assert ink(a[0]) == PALETTES["light"][a[2]]
    assert ink(b[0]) == PALETTES["light"][b[2]]
