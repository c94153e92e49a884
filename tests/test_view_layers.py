"""The reading view's layers: every span kept, Qt given those near the view, no full layout."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextDocument

from reader.language.scripts.utf16 import Utf16Index
from reader.ui.common.view.reading_view import ReadingView
from reader.ui.common.view.text_documents import Looks, fill
from reader.ui.common.view.view_layers import AHEAD, within_paragraphs

PARAGRAPH = "这是一个很长的段落，用来测试阅读视图的图层。" * 20  # 440 characters


def _fmt(colour: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(colour))
    return fmt


def _view(qtbot, text: str) -> ReadingView:  # type: ignore[no-untyped-def]
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.set_text(text)
    return view


def _applied(view: ReadingView) -> list[tuple[int, int]]:
    return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()]


def test_a_short_text_has_every_span_applied(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join([PARAGRAPH] * 3)
    view = _view(qtbot, text)
    spans = [(5, 7), (500, 503), (1000, 1002)]
    view.set_spans("marks", spans, _fmt("yellow"))
    assert _applied(view) == spans
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.layer("marks")] == (
        spans
    )
    assert view.applied_window() == (0, view.document().characterCount())


def test_a_long_text_gives_qt_the_spans_near_the_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join([PARAGRAPH] * 300)  # 132,299 characters
    view = _view(qtbot, text)
    spans = [(k, k + 2) for k in range(10, len(text) - 10, 1000)]
    with view.batched_layers():
        view.set_spans("marks", spans, _fmt("yellow"))
    # Every span is kept …
    assert len(view.layer("marks")) == len(spans)
    # … Qt has those of the window around the first visible character, and nothing had to be
    # laid out to the end of the text for them.
    low, high = view.applied_window() or (None, None)
    assert (low, high) == (0, AHEAD)
    assert _applied(view) == [(a, b) for a, b in spans if a < high]
    assert view.document().lastBlock().layout().lineCount() == 0
    # Scrolling to the end moves the window there before the paint.
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    first = view.first_visible_position()
    low, high = view.applied_window() or (0, 0)
    assert low <= first - 1000 and high >= min(len(text), first + 4000)
    near_end = [(a, b) for a, b in spans if b > low and a < high]
    assert near_end and _applied(view) == near_end
    assert spans[-1] in near_end


def test_a_span_across_paragraphs_is_applied_paragraph_by_paragraph(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join([PARAGRAPH] * 300)
    view = _view(qtbot, text)
    end_of_first = len(PARAGRAPH)  # the newline
    view.set_spans("marks", [(end_of_first - 3, end_of_first + 4)], _fmt("yellow"))
    # one crossing selection would make Qt lay out the whole document
    assert view.document().lastBlock().layout().lineCount() == 0
    assert _applied(view) == [(end_of_first - 3, end_of_first), (end_of_first + 1, end_of_first + 4)]
    [kept] = view.layer("marks")  # what the feature gave is kept whole
    assert kept.cursor.selectedText() == PARAGRAPH[-3:] + "\u2029" + PARAGRAPH[:3]


def test_layers_paint_in_the_order_they_were_first_set(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, PARAGRAPH)
    view.set_spans("under", [(0, 4)], _fmt("yellow"))
    view.set_spans("over", [(2, 6)], _fmt("red"))
    view.set_spans("under", [(1, 3)], _fmt("blue"))  # replaced, still painted first
    colours = [s.format.background().color().name() for s in view.extraSelections()]
    assert colours == [QColor("blue").name(), QColor("red").name()]
    # touching spans of one format are one selection (Qt drops every other one's format)
    view.set_spans("under", [(0, 2), (2, 4), (4, 6)], _fmt("blue"))
    assert _applied(view)[0] == (0, 6)


def test_replacing_the_text_clears_the_layers(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, PARAGRAPH)
    view.set_spans("marks", [(0, 4)], _fmt("yellow"))
    view.set_text(PARAGRAPH[::-1])
    assert view.layer("marks") == [] and view.extraSelections() == []
    # scrolled down a long text: the scroll back to the top applies nothing of the old text
    text = "\n".join([PARAGRAPH] * 300)
    view.set_text(text)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    view.set_spans("marks", [(len(text) - 10, len(text) - 5)], _fmt("yellow"))
    assert len(view.extraSelections()) == 1
    view.set_text(PARAGRAPH)
    assert view.extraSelections() == [] and view.layer("marks") == []


def test_a_new_text_whose_paragraphs_end_inside_the_old_spans_is_not_laid_out_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    # An edited file re-imported, or a conversion that changed lengths: Qt keeps the old
    # selections until the new ones come, and finds the rectangle of each old one in the new
    # text; one that crosses a paragraph end there made it lay out the whole document (0.4 s
    # at 600k characters).
    text = "\n".join([PARAGRAPH] * 300)
    view = _view(qtbot, text)
    view.set_spans("marks", [(k, k + 30) for k in range(0, 8_000, 100)], _fmt("yellow"))
    assert len(view.extraSelections()) > 50
    shorter = "\n".join([PARAGRAPH[:97]] * 1_400)  # a paragraph end inside most old spans
    view.set_text(shorter)
    assert view.document().lastBlock().layout().lineCount() == 0
    assert view.extraSelections() == []
    # a new text with the same paragraphs (a script switch) keeps them until the new ones come
    view.set_spans("marks", [(k, k + 30) for k in range(0, 8_000, 100) if k % 98 < 60], _fmt("yellow"))
    assert _applied(view)
    view.set_text(shorter.replace("这", "這"))
    assert view.document().lastBlock().layout().lineCount() == 0


def test_whether_held_spans_would_cross_counts_utf16_units(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "𠀀" + "甲" * 10  # 𠀀 is two UTF-16 units: 甲 at 2…11
    view = _view(qtbot, text)
    view.set_spans("marks", [(4, 6)], _fmt("yellow"))  # units 4 and 5: code points 3 and 4
    assert _applied(view) == [(4, 6)]
    layers = view._layers
    assert not layers.held_would_cross("𠀀甲甲甲甲\n")  # the newline at unit 6 (code point 5)
    assert layers.held_would_cross("𠀀甲甲甲\n甲")  # at unit 5: inside
    assert layers.held_would_cross("甲甲甲甲\n甲")  # no pair before it: at unit 4, inside
    assert layers.held_would_cross("𠀀甲甲")  # ends past the text
    assert layers.held_would_cross("𠀀甲甲\u2029甲甲")  # Qt's paragraph separator too


def _qt_paragraph_cut(document, spans):  # type: ignore[no-untyped-def]
    """The spans cut at the document's block ends, as Qt's blocks say (what the view avoids
    asking Qt for each span)."""
    out = []
    for start, end in spans:
        block = document.findBlock(start)
        while block.isValid():
            stop = block.position() + block.length() - 1  # the paragraph separator
            if start < min(end, stop):
                out.append((start, min(end, stop)))
            if end <= stop + 1:
                break
            block = block.next()
            start = block.position()
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(alphabet="甲乙a𠀀\n\u2029\u2028 ", max_size=60),
    cuts=st.lists(st.tuples(st.integers(0, 130), st.integers(1, 40)), max_size=8),
)
def test_spans_are_cut_where_qt_ends_its_paragraphs(qtbot, text: str, cuts) -> None:  # type: ignore[no-untyped-def]
    document = QTextDocument()
    fill(document, text, Looks(QFont(), 16, 180, 0))
    length = document.characterCount() - 1  # UTF-16 units, without the last block's end
    spans = [(a, min(a + n, length)) for a, n in cuts if a < length]
    fmt = QTextCharFormat()
    ours = within_paragraphs(text, Utf16Index(text), [(a, b, fmt) for a, b in spans])
    assert [(a, b) for a, b, _ in ours] == _qt_paragraph_cut(document, spans)
