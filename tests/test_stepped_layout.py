"""The reading view lays a long document out to its end in Qt's lazy steps, kept short (they
doubled up to 200,000 characters): the layout ends, the scroll range is the whole document's,
positions are right meanwhile, and Qt's timer is left alone after."""

from __future__ import annotations

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QEvent
from PySide6.QtGui import QTextDocument

from reader.ui.common.view.reading_view import ReadingView
from reader.ui.common.view.stepped_layout import first_unlaid, laid_out
from tests.view_maker import shown_view

PARAGRAPH = "2025年5月28日,DeepSeek發布了新的模型R1-0528，漲幅3.5%。" * 6
#: ~300,000 characters: far more than a few of Qt's steps lay out (1,000, 2,000, 4,000 …)
LONG = "\n".join([PARAGRAPH] * 1000)
OTHER = LONG.replace("模型", "模式")



def _qt_layout_timers(document: QTextDocument) -> list[int]:
    """The intervals of the document layout's own timers that lay it out (not 0 ms)."""
    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None
    layout = document.documentLayout()
    return [info.interval for info in dispatcher.registeredTimers(layout) if info.interval]


def _whole_height(view: ReadingView) -> int:
    """The laid-out document's height as the scroll bars take it (asked once it is laid out)."""
    return view.document().documentLayout().documentSize().toSize().height()


def test_a_swapped_document_is_laid_out_in_steps_to_its_end(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    bar = view.verticalScrollBar()
    view.set_text(LONG)
    qtbot.waitUntil(lambda: laid_out(view.document()), timeout=60_000)
    for text in (OTHER, LONG):  # a new document, then the first one swapped back
        before = view.stepped_layout.restarts
        view.set_text(text)
        document = view.document()
        assert not laid_out(document)  # only the first screens so far
        qtbot.waitUntil(lambda: laid_out(document), timeout=60_000)  # noqa: B023
        assert view.stepped_layout.restarts - before > 2  # Qt's steps made short again
        assert first_unlaid(document) == document.characterCount()
        qtbot.waitUntil(lambda: bar.maximum() + bar.pageStep() == _whole_height(view))
        assert bar.maximum() > 100 * view.viewport().height()
        assert _qt_layout_timers(document) == []  # Qt stopped its own: nothing to swallow


def test_positions_are_right_while_the_rest_is_laid_out(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    view.set_text(LONG)
    qtbot.waitUntil(lambda: laid_out(view.document()), timeout=60_000)
    view.set_text(OTHER)
    document = view.document()
    restarts = view.stepped_layout.restarts
    qtbot.waitUntil(lambda: view.stepped_layout.restarts >= restarts + 2)
    assert not laid_out(document)  # still in steps
    rect = view.char_rect(40)
    during = view.position_at(rect.center())
    view.scroll_to_position(150_000)  # the window keeps the same words in view on a switch
    top = view.first_visible_position()
    assert top == _line_start(document, 150_000)  # its line at the top
    assert not laid_out(document)
    qtbot.waitUntil(lambda: laid_out(document), timeout=60_000)
    assert during == 40
    # the rest laid out: still its line at the top (Qt may break the block's lines anew once
    # the whole document is laid out, as it does without the steps: where the line starts
    # may move, not which words are at the top)
    assert view.first_visible_position() == _line_start(document, 150_000)
    assert view.position_at(view.char_rect(150_000).center()) == 150_000


def _line_start(document: QTextDocument, position: int) -> int:
    """Where the line holding ``position`` starts, as laid out now."""
    block = document.findBlock(position)
    line = block.layout().lineForTextPosition(position - block.position())
    return block.position() + line.textStart()


def test_a_kept_document_waits_and_is_laid_out_when_shown_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    view.set_text(LONG)
    first = view.document()
    view.set_text(OTHER)  # before the first was laid out: kept as it is
    second = view.document()
    qtbot.waitUntil(lambda: laid_out(second), timeout=60_000)
    assert not laid_out(first)  # not laid out while hidden (laid out again when shown)
    view.set_text(LONG)
    assert view.document() is first
    qtbot.waitUntil(lambda: laid_out(first), timeout=60_000)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() + bar.pageStep() == _whole_height(view))


def test_a_new_width_is_laid_out_in_short_steps_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    view.set_text(LONG)
    qtbot.waitUntil(lambda: laid_out(view.document()), timeout=60_000)
    restarts = view.stepped_layout.restarts
    view.resize(500, 500)
    qtbot.waitUntil(lambda: laid_out(view.document()), timeout=60_000)
    assert view.stepped_layout.restarts > restarts + 2
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() + bar.pageStep() == _whole_height(view))


def test_closing_the_view_while_it_is_laid_out_is_clean(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ReadingView()
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    view.set_text(LONG)
    restarts = view.stepped_layout.restarts
    qtbot.waitUntil(lambda: view.stepped_layout.restarts > restarts)
    assert not laid_out(view.document())
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qtbot.wait(50)  # Qt's timer and ours gone with the view: nothing runs, nothing warns


def test_the_layout_in_steps_is_the_layout_in_one_go(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    view.set_text(LONG, (0, 4))  # a heading, and the typesetter's formats on the first screen
    view.typeset_visible()
    document = view.document()
    qtbot.waitUntil(lambda: laid_out(document), timeout=60_000)
    layout = document.documentLayout()

    def rects() -> list[tuple[float, float, float, float]]:
        out, block = [], document.firstBlock()
        while block.isValid():
            out.append(layout.blockBoundingRect(block).getRect())
            block = block.next()
        return out

    stepped = rects()
    document.markContentsDirty(0, document.characterCount())
    layout.documentSize()  # Qt lays it all out at once
    assert rects() == stepped
