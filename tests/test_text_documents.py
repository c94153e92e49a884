"""The reading view's documents: a new one for every text, the last ones kept laid out and
swapped back (a script switch), their formats, layers and layout following the swap."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument

from reader.language.scripts.script import Script
from reader.storage.store import Store
from reader.ui.common.view.text_documents import KEEP_UNITS, KeptDocuments, Looks, Shown, Typeset
from tests.test_reading_aids_ui import article_window
from tests.view_maker import shown_view

#: Paragraphs with runs the typesetter keeps on one line, and ASCII commas it widens.
PARAGRAPH = "2025年5月28日,DeepSeek發布了新的模型R1-0528，漲幅3.5%。" * 12



def _unlaid_blocks(document: QTextDocument) -> int:
    """Blocks the layout has no rectangle for, once it is asked for each (all laid out: 0)."""
    layout = document.documentLayout()
    block, missing = document.firstBlock(), 0
    while block.isValid():
        missing += layout.blockBoundingRect(block).height() == 0
        block = block.next()
    return missing


def _deleted_later() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def test_a_text_shown_again_comes_back_in_its_own_document_with_its_formats(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    one = "\n".join([PARAGRAPH] * 30)
    other = one.replace("發布", "發表")
    view.set_text(one, (0, 4))
    view.typeset_visible()  # as a paint does: the visible blocks get their layout formats
    first = view.document()
    assert first.firstBlock().layout().formats()  # the heading and the widened commas
    formatted = dict(view.typesetter.typeset.formatted)
    assert formatted

    view.set_text(other)
    second = view.document()
    assert second is not first and second.toPlainText() == other
    assert first.toPlainText() == one  # kept as it was, not edited
    view.set_text(one, (0, 4))
    assert view.document() is first  # swapped back, not made again
    assert view.typesetter.typeset.formatted == formatted
    assert first.firstBlock().layout().formats()
    view.set_text(other)
    assert view.document() is second
    view.set_text(one, None)  # another heading: another typesetting, so another document
    assert view.document() is not first


def test_a_swapped_document_is_laid_out_to_its_end(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Paragraphs formatted before the view lays them out, then the typesetter's formats on
    the first screen: Qt's lazy layout went on to the end (it stopped after the first screen
    once, so the scroll bar ended there)."""
    view = shown_view(qtbot)
    one = "\n".join([PARAGRAPH] * 40)
    other = one.replace("模型", "模式")
    for text in (one, other, one, other):
        view.set_text(text)
        view.typeset_visible()  # as a paint does: formats, so parts of the layout are redone
        assert _unlaid_blocks(view.document()) == 0
        qtbot.waitUntil(
            lambda: view.verticalScrollBar().maximum() > 10 * view.viewport().height()
        )


def test_a_document_kept_follows_a_change_of_font_and_line_height(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    one = "\n".join([PARAGRAPH] * 5)
    view.set_text(one)
    kept = view.document()
    view.set_text(one + "。")
    view.set_zoom_step(3)
    view.set_line_height(150)
    view.set_text(one)
    assert view.document() is kept
    assert kept.defaultFont() == view.document().defaultFont() == view.font()
    assert kept.firstBlock().blockFormat().lineHeight() == 150.0
    assert kept.lastBlock().blockFormat().lineHeight() == 150.0


def test_layers_follow_the_swapped_document(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown_view(qtbot)
    one = "\n".join([PARAGRAPH] * 5)
    other = "\n".join([PARAGRAPH.replace("DeepSeek", "深度求索")] * 5)
    marks = QTextCharFormat()
    marks.setBackground(QColor("yellow"))
    spans = [(3, 5), (50, 52)]
    view.set_text(one)
    view.set_spans("marks", spans, marks)
    view.set_text(other)
    assert view.layer("marks") == []  # cleared with the text
    assert all(s.cursor.document() is view.document() for s in view.extraSelections())
    view.set_spans("marks", spans, marks)
    view.set_text(one)
    view.set_spans("marks", spans, marks)  # the same spans again: the same selections
    applied = view.extraSelections()
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in applied] == spans
    assert all(s.cursor.document() is view.document() for s in applied)
    assert [s.cursor.selectedText() for s in applied] == [one[3:5], one[50:52]]


def _shown(text: str) -> Shown:
    """A text shown in a document of its own, as the view keeps it."""
    document = QTextDocument()
    document.setPlainText(text)
    return Shown(text, None, document, Typeset(), Looks(document.defaultFont(), 20, 180, 0))


def test_kept_documents_are_bounded_and_the_oldest_go() -> None:
    kept = KeptDocuments(units=100, documents=2)
    a, b, c = _shown("a" * 40), _shown("b" * 40), _shown("c" * 40)
    for each in (a, b, c):
        kept.keep(each)
    assert kept.texts() == [c.text, b.text]  # at most two
    _deleted_later()
    assert not shiboken6.isValid(a.document) and shiboken6.isValid(b.document)
    assert kept.take(b.text, None) is b and kept.texts() == [c.text]
    assert kept.take(b.text, None) is None
    huge = _shown("h" * 150)
    kept.keep(huge)  # longer than all that may be kept: not kept at all
    assert kept.texts() == []
    _deleted_later()
    assert not shiboken6.isValid(huge.document) and not shiboken6.isValid(c.document)
    assert KEEP_UNITS > 641_452  # the 640k text of the benchmark keeps its other script


def test_switching_back_and_forth_keeps_highlights_place_marks_and_ruby(  # type: ignore[no-untyped-def]
    qtbot, settings, store: Store
) -> None:
    window = article_window(qtbot, settings, store)
    qtbot.waitUntil(lambda: window.aids.readings.readings is not None, timeout=60000)
    assert window.shown is not None and window.document_id is not None
    canonical = window.shown.canonical
    start = canonical.index("梁文鋒")
    store.operations.add_highlight(window.document_id, start, start + 3, "yellow")
    qtbot.waitUntil(lambda: len(window.view.layer("highlights")) == 1)
    window.aids.ruby_action.setChecked(True)
    word = canonical.index("開源")
    window.view.scroll_to_position(window.shown.to_view(word))
    window.view.typeset_visible()  # the ruby cells in view, as a paint sets them
    top = window.shown.to_canonical(window.view.first_visible_position())
    documents = {}
    for script in (Script.SIMPLIFIED, Script.ORIGINAL, Script.SIMPLIFIED, Script.ORIGINAL):
        window.set_script(script)
        shown = window.shown
        assert shown is not None and shown.script is script
        documents.setdefault(script, window.view.document())
        assert window.view.document() is documents[script]  # the same document each time
        assert window.view.toPlainText() == shown.text
        [painted] = window.view.layer("highlights")
        assert painted.cursor.document() is window.view.document()
        assert painted.cursor.selectedText() == ("梁文锋" if script is Script.SIMPLIFIED else "梁文鋒")
        again = shown.to_canonical(window.view.first_visible_position())
        assert abs(again - top) < 60  # the same line at the top (its first character)
        top = again
        window.view.typeset_visible()
        assert window.view.typesetter.block_spacing(
            window.view.cursorForPosition(window.view.viewport().rect().center()).block().position()
        )  # ruby cells are set in this document too
    assert window.aids.audit.placed is not None
    window.close()


def test_a_long_document_dropped_hands_its_memory_back(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reader.language import freed_memory
    from reader.ui.common.view import text_documents

    released: list[int] = []
    monkeypatch.setattr(freed_memory, "release_in_background", lambda: released.append(1))
    monkeypatch.setattr(text_documents, "RELEASE_UNITS", 100)
    kept = KeptDocuments(units=100, documents=2)
    kept.keep(_shown("s" * 40))
    kept.keep(_shown("t" * 40))
    kept.keep(_shown("u" * 40))  # the first goes: short, nothing to hand back
    _deleted_later()
    assert released == []
    huge = _shown("h" * 150)
    kept.keep(huge)  # long: handed back once it is deleted, not before
    assert released == []
    _deleted_later()
    assert not shiboken6.isValid(huge.document) and released == [1]


def test_a_document_too_long_to_keep_goes_before_the_next_is_made(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.common.view import reading_view, text_documents

    monkeypatch.setattr(text_documents, "KEEP_UNITS", 500)
    view = shown_view(qtbot)
    one = "\n".join([PARAGRAPH] * 30)  # longer than what may be kept
    other = one.replace("發布", "發表")
    marks = QTextCharFormat()
    marks.setBackground(QColor("yellow"))
    view.set_text(one)
    view.set_spans("marks", [(3, 5)], marks)
    first = view.document()
    alive_when_made: list[bool] = []
    made = reading_view.new_document

    def new_document(parent, text, looks):  # type: ignore[no-untyped-def]
        if text:
            alive_when_made.append(shiboken6.isValid(first))
        return made(parent, text, looks)

    monkeypatch.setattr(reading_view, "new_document", new_document)
    view.set_text(other)
    assert alive_when_made == [False]  # deleted before the next one was made, not after
    assert view.toPlainText() == other
    view.set_spans("marks", [(3, 5)], marks)
    assert [s.cursor.selectedText() for s in view.extraSelections()] == [other[3:5]]
    _deleted_later()  # the empty document shown meanwhile goes too, and nothing else
    assert shiboken6.isValid(view.document()) and view.toPlainText() == other
    view.set_text(one)  # not kept: a new document
    assert view.toPlainText() == one and alive_when_made == [False, False]
