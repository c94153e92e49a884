"""Typesetting without editing the text: headings, breaks, punctuation cells, Latin faces."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

from reader.ui.common.style.fonts import has_cjk_font, reading_font
from reader.ui.common.view.reading_view import ReadingView
from reader.ui.common.view.typesetting import heading_span, no_break_runs
from reader.ui.common.view.view_positions import cursor_x
from tests.test_ruby_layout import typeset_all

ARTICLE_START = "DeepSeek會在全球AI競爭中沉淪嗎 R1升級回應質疑。5月28日,DeepSeek小助手在官方"


def test_heading_span() -> None:
    title = "DeepSeek會在全球AI競爭中沉淪嗎 R1升級回應質疑"
    assert heading_span(ARTICLE_START, title) == (0, len(title) + 1)  # with its full stop
    assert heading_span("標題\n正文。", "標題") == (0, 2)  # a title line of its own
    assert heading_span("從前有一個小女孩。她住在山裡。", "從前有一個小女孩") is None  # a sentence
    assert heading_span("我想，今天下雨 明天晴。好", "我想，今天下雨 明天晴") is None  # a comma
    assert heading_span("正文。", "Untitled") is None


def test_no_break_runs() -> None:
    text = "此前5月13日,H800與3.5%的2025年春季,R1-0528"
    runs = [text[a:b] for a, b in no_break_runs(text)]
    assert runs == ["5月13日", "H800", "3.5%", "2025年", "R1-0528"]


@pytest.fixture
def view(qtbot):  # type: ignore[no-untyped-def]
    widget = ReadingView()
    qtbot.addWidget(widget)
    widget.set_base_font(reading_font(None, 18))
    widget.resize(700, 500)
    widget.show()
    return widget


def _line_starts(view: ReadingView) -> set[int]:
    out = set()
    block = view.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        out |= {block.position() + layout.lineAt(i).textStart() for i in range(layout.lineCount())}
        block = block.next()
    return out


def test_no_line_break_inside_a_number_with_its_unit(view: ReadingView, qtbot) -> None:  # type: ignore[no-untyped-def]
    # every offset of the run against the line end, one paragraph each
    text = "\n".join("文" * n + "5月28日與H800的3.5%漲幅" + "文" * 40 for n in range(20, 60))
    view.set_text(text)
    runs = no_break_runs(text)
    for width in (700, 560):  # and again after a resize: no fix left in mid-line
        view.resize(width, 500)
        typeset_all(view)
        starts = _line_starts(view)
        inside = [s for s in starts for a, b in runs if a < s < b]
        assert not inside, [text[s - 3 : s + 3] for s in inside]
        fixes = view.typesetter.typeset.fixes
        assert fixes and all(p + 1 in starts for p in fixes), width
    assert view.text() == text  # nothing inserted


def test_full_width_cell_for_ascii_punctuation(view: ReadingView) -> None:
    view.set_text("日,日 和 3,000")
    typeset_all(view)
    line = view.document().firstBlock().layout().lineAt(0)
    em = view.fontMetrics().horizontalAdvance("中")
    comma = cursor_x(line, 2) - cursor_x(line, 1)
    assert comma == pytest.approx(em, abs=1.5)  # between Han: a full cell
    number = cursor_x(line, 8) - cursor_x(line, 7)
    assert number < em * 0.6  # inside a number: as it was
    view.typesetter.set_full_width_punctuation(False)
    typeset_all(view)
    line = view.document().firstBlock().layout().lineAt(0)
    assert cursor_x(line, 2) - cursor_x(line, 1) < em * 0.6


def test_latin_is_set_in_the_chosen_cjk_face(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert QApplication.instance() is not None
    if not has_cjk_font():
        pytest.skip("needs a CJK font (CI installs fonts-noto-cjk)")
    for family in (None, "Noto Sans CJK SC"):
        font = reading_font(family, 18)
        first = font.families()[0]
        if family is not None and first != family:
            continue  # that family is not installed here
        assert "CJK" in first or family is None
        layout = QTextLayout("DeepSeek R1", QFont(font))
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        faces = {run.rawFont().familyName() for run in layout.glyphRuns()}
        assert faces == {first}, faces  # Latin in the CJK font's own Latin, not DejaVu
