"""The reading view's first text goes into the view's first document: given before the view
is shown (the smoke test's order) it is laid out once the view shows, at its real width; given
after (the launcher's), as far as the view shows at once; then in full, in steps. Later texts
get documents of their own and the first is kept like any."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from reader.ui.common.view.reading_view import ReadingView
from reader.ui.common.view.text_documents import FILL_SHOWN_CHARACTERS
from tests.view_maker import shown_view

PARAGRAPH = "2025年5月28日,DeepSeek發布了新的模型R1-0528，漲幅3.5%。" * 12


def _laid_out_lines(document: QTextDocument) -> list[int]:
    """Lines of each block as laid out now (nothing is asked of the layout)."""
    counts = []
    block = document.firstBlock()
    while block.isValid():
        counts.append(block.layout().lineCount())
        block = block.next()
    return counts


def test_the_first_text_waits_for_the_show_then_is_laid_out_in_full(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    first = view.document()
    text = "\n".join([PARAGRAPH] * 200)
    view.set_text(text, (0, 4))
    assert view.document() is first  # no new document for the first text
    assert view.toPlainText() == text
    assert not any(_laid_out_lines(first))  # nothing laid out while hidden
    view.show()
    qtbot.waitExposed(view)
    # at the start, as a new document's text is (the text went in at the view's cursor)
    assert view.textCursor().position() == 0 and view.verticalScrollBar().value() == 0
    # Qt lays the rest out in steps after the first screen; all of it, at the shown width
    qtbot.waitUntil(lambda: all(_laid_out_lines(first)), timeout=20000)
    width = first.pageSize().width()
    assert width == view.viewport().width()
    height = first.documentLayout().documentSize().height()
    assert height > 200 * 2 * view.fontMetrics().height()  # every paragraph has its lines
    assert view.verticalScrollBar().maximum() >= height - view.viewport().height() - 1


def test_the_first_document_is_kept_and_swapped_back_like_any(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ReadingView()
    qtbot.addWidget(view)
    one = "\n".join([PARAGRAPH] * 5)
    view.set_text(one)
    first = view.document()
    view.show()
    qtbot.waitExposed(view)
    view.set_text(one.replace("發布", "發表"))
    assert view.document() is not first
    assert first.toPlainText() == one  # kept: the view's child, not deleted by Qt
    view.set_text(one)
    assert view.document() is first


def test_a_first_text_after_the_show_is_laid_out_at_once_as_far_as_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    first = view.document()
    text = "\n".join([PARAGRAPH] * 20)
    assert len(text) <= FILL_SHOWN_CHARACTERS
    view.set_text(text)
    assert view.document() is first and view.toPlainText() == text
    assert view.textCursor().position() == 0 and view.verticalScrollBar().value() == 0
    lines = _laid_out_lines(first)
    assert lines[0] > 0  # what the view shows is laid out now, at its width …
    assert first.pageSize().width() == view.viewport().width()
    assert not all(lines)  # … not the whole text at once
    qtbot.waitUntil(lambda: all(_laid_out_lines(first)), timeout=20000)  # then in steps
    view.set_text(PARAGRAPH)  # a later text: a document of its own
    assert view.document() is not first


def test_a_long_first_text_after_the_show_gets_a_document_of_its_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    # Qt's shown view lays out every paragraph going into its document: a long first text
    # after the show goes into a new document, laid out only as far as the view shows.
    view = shown_view(qtbot)
    first = view.document()
    text = "\n".join([PARAGRAPH] * 40)
    assert len(text) > FILL_SHOWN_CHARACTERS
    view.set_text(text)
    assert view.document() is not first and view.toPlainText() == text
    assert first.isEmpty()
    assert view.textCursor().position() == 0 and view.verticalScrollBar().value() == 0
    lines = _laid_out_lines(view.document())
    assert lines[0] > 0 and not all(lines)
    qtbot.waitUntil(lambda: all(_laid_out_lines(view.document())), timeout=20000)


def test_the_window_icon_has_every_size_and_reads_them_when_drawn(qapp) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.app.launch import _app_icon

    icon = _app_icon()
    assert icon is not None
    assert sorted(s.width() for s in icon.availableSizes()) == [16, 32, 48, 64, 128, 256]
    for size in (16, 48, 256):
        image = icon.pixmap(size, size).toImage()
        assert image.width() == size and not image.isNull()
        assert image.pixelColor(size // 2, size // 2).alpha() > 0  # drawn, not an empty pixmap
