"""The reading view's documents: a new ``QTextDocument`` for every text shown, and the last
ones kept as they were laid out, so showing one again (a script switched back) is a swap.

Two costs of Qt's text documents make this worth it on a long text:

* **Replacing a document's text gets dearer with every cursor it ever held at once.** Qt keeps
  a document's cursors in a hash that never shrinks, and walks all of its buckets on every
  paragraph inserted: after the extra selections of ~2,000 marks near the view (each a
  cursor) ``setPlainText`` of 640k characters took 50–120 ms instead of 15–25 ms (measured:
  3,000 cursors made and dropped once, every later ``setPlainText`` of 420k characters 34 →
  80 ms). A new document has no such past, and its text is set before the view lays it out.
* A document kept is swapped in with ``QTextEdit.setDocument``: no text to insert, its
  paragraphs' formats and the typesetter's formats (:class:`Typeset`) still on its blocks.
  Qt lays it out again lazily from the top, as far as the paint needs, the rest in steps
  kept short (:mod:`~reader.ui.common.view.stepped_layout`).

The view's first text goes into the view's own first document instead (:func:`adopt_first`,
:func:`fill_empty`) and is laid out as ``setPlainText``'s text is: as far as the first paint
needs, at the shown view's width, the rest in steps after it. (A new document given with
``setDocument`` is laid out further at once, and before the show at the hidden view's width,
then again at the show.)

A kept document holds its layout (about 100–150 bytes a character), so what is kept besides
the shown one is bounded by :data:`KEEP_UNITS` (UTF-16 units) and :data:`KEEP_DOCUMENTS`:
every script of an ordinary text, the previous one of a 640k text, none of a 3M one. A
document too long to keep is deleted before the next text's document is made
(:func:`delete_now`, the view on an empty document meanwhile), not after it: the two were in
the RSS together (~25 MiB of the peak at a 3M-character script switch).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, QSizeF
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

#: Kept documents (besides the shown one) hold at most this many UTF-16 units together.
KEEP_UNITS = 1_000_000
#: … and are at most this many (the five scripts of one text).
KEEP_DOCUMENTS = 4
#: A document dropped with this many UTF-16 units or more has its memory handed back to the
#: system once deleted: the C library keeps what a freed document held (~50 MiB at 3,000,000
#: characters) for the process's later allocations, in its RSS until they come.
RELEASE_UNITS = 1_000_000
DOCUMENT_MARGIN = 24
#: A first text given after the view's show goes into its first document only up to this many
#: characters. Qt's view lays each paragraph out in full as it goes into the document it
#: shows (about 1 ms a paragraph of 500 characters), and again when the cursor is set: at
#: 1.9M characters the open took 7.4 s of the GUI thread and 24 MiB more than a new document,
#: which is laid out only as far as the view shows (0.2 s).
FILL_SHOWN_CHARACTERS = 10_000
PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
LINE_DISTANCE = QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value


@dataclass(frozen=True)
class Looks:
    """The typography a document is set in: its font, and its paragraphs' formats."""

    font: QFont
    em: int  #: the height of the view's font, pixels
    line_height: int  #: percent of the font's height
    top_gap: int  #: pixels kept above every line (ruby readings are drawn there)


@dataclass
class Typeset:
    """What the typesetter knows of one text (kept with its document while it is kept)."""

    heading: tuple[int, int] | None = None  # view (UTF-16) positions
    formatted: dict[int, int] = field(default_factory=dict)  # block → generation of formats
    has_formats: set[int] = field(default_factory=set)  # blocks whose layout holds formats
    fixes: dict[int, float] = field(default_factory=dict)  # view position → pixels added
    settled: dict[int, tuple[int, float, float]] = field(default_factory=dict)  # (gen, w, em)
    spacing: dict[int, list[float]] = field(default_factory=dict)  # block → px per UTF-16 unit
    refreshes: int = 0  # the typesetter's refreshes when its fixes were made

    def since(self, refreshes: int) -> None:
        """The typesetter was refreshed ``refreshes`` times (a width or the font changed):
        line-break fixes made before the last refresh are dropped."""
        if refreshes != self.refreshes:
            self.fixes.clear()
            self.settled.clear()
            self.refreshes = refreshes


@dataclass
class Shown:
    """A text in its document, as the view showed it."""

    text: str
    heading: tuple[int, int] | None
    document: QTextDocument
    typeset: Typeset
    looks: Looks


def new_document(parent: QObject, text: str, looks: Looks) -> QTextDocument:
    """``text`` in a document of its own, set in ``looks`` before any view lays it out."""
    document = QTextDocument(parent)
    prepare(document, looks)
    fill(document, text, looks)
    return document


def adopt_first(view: QTextEdit, looks: Looks) -> QTextDocument:
    """The view's own first document, made the view's child and set in ``looks``.

    Qt's text views make it without laying anything out: its page size stays null until the
    view is resized for its first show, so a text put in it before then is laid out at the
    shown width only. The view's child: Qt deletes a document it made itself when another
    is set, and this one may be kept.
    """
    document = view.document()
    document.setParent(view)
    prepare(document, looks)
    return document


def fill_empty(document: QTextDocument, text: str, looks: Looks) -> bool | None:
    """Put ``text`` in ``document`` if it is empty, with nothing laid out meanwhile (its page
    size null while the text goes in). True when its view must lay it out again (it had a
    page size: ``setDocument`` with the same document lays out what the view shows and the
    rest in steps), False when its view has not laid it out yet (its show will), None when
    the document is not empty, or laid out and the text longer than
    :data:`FILL_SHOWN_CHARACTERS` (left alone: a new document costs less then)."""
    if not document.isEmpty():
        return None
    laid_out = not document.pageSize().isNull()
    if laid_out and len(text) > FILL_SHOWN_CHARACTERS:
        return None
    if laid_out:
        document.setPageSize(QSizeF())
    if document.defaultFont() != looks.font:
        document.setDefaultFont(looks.font)
    fill(document, text, looks)
    return laid_out


def prepare(document: QTextDocument, looks: Looks) -> None:
    document.setUndoRedoEnabled(False)
    document.setDocumentMargin(DOCUMENT_MARGIN)
    document.setDefaultFont(looks.font)


def fill(document: QTextDocument, text: str, looks: Looks) -> None:
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # as setPlainText does
    cursor.setBlockFormat(paragraph_format(looks))  # every paragraph inserted takes it
    cursor.insertText(text)
    cursor.endEditBlock()


def restyle(shown: Shown, looks: Looks) -> Shown:
    """``shown``, in its view (:func:`set_page_top`), set in ``looks`` (its document changed
    only where they differ)."""
    if looks == shown.looks:
        return shown
    if looks.font != shown.document.defaultFont():
        shown.document.setDefaultFont(looks.font)
    format_paragraphs(shown.document, looks)
    set_page_top(shown.document, looks)
    return replace(shown, looks=looks)


def paragraph_format(looks: Looks) -> QTextBlockFormat:
    """A paragraph's line height and spacing."""
    fmt = QTextBlockFormat()
    em = looks.em
    if looks.top_gap:
        # Ruby: room for the readings between lines (LineDistanceHeight adds it below each
        # line), and the same room above each paragraph's first line.
        extra = max(2, int(em * (looks.line_height - 100) / 400))
        fmt.setLineHeight(float(looks.top_gap + extra), LINE_DISTANCE)
        fmt.setTopMargin(looks.top_gap)
    else:
        fmt.setLineHeight(float(looks.line_height), PROPORTIONAL)
    fmt.setBottomMargin(em * 0.6)
    return fmt


def format_paragraphs(document: QTextDocument, looks: Looks) -> None:
    """Every paragraph's line height and spacing."""
    fmt = paragraph_format(looks)
    cursor = QTextCursor(document)
    # one edit block: the document is laid out once, not after the select and again after
    # the merge (640k characters: 40 ms instead of 1.1 s)
    cursor.beginEditBlock()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.mergeBlockFormat(fmt)
    cursor.endEditBlock()


def set_page_top(document: QTextDocument, looks: Looks) -> None:
    """The page's top margin, once the document is in its view (asked for before the view
    lays it out, the root frame stops Qt's lazy layout after the first screen for good)."""
    # The first paragraph's top margin collapses into the page's: the page's own top
    # margin makes the room for the first line's readings (else at a larger zoom they
    # were drawn above the page, under the toolbar).
    root = document.rootFrame()
    frame = root.frameFormat()
    top = document.documentMargin() + looks.top_gap
    if frame.topMargin() != top:
        frame.setTopMargin(top)
        root.setFrameFormat(frame)


def _delete(document: QTextDocument) -> None:
    """Delete a document no longer kept; a long one's memory is handed back to the system
    once it is gone (:data:`RELEASE_UNITS`)."""
    if document.characterCount() >= RELEASE_UNITS:
        document.destroyed.connect(_released)
    document.deleteLater()


def delete_now(document: QTextDocument) -> None:
    """Delete a document at once (no view shows it), not when the event loop comes to it, and
    hand a long one's memory back (:func:`_delete`)."""
    import shiboken6

    long = document.characterCount() >= RELEASE_UNITS
    shiboken6.delete(document)
    if long:
        _released()


def _released() -> None:
    from reader.language import freed_memory

    freed_memory.release_in_background()


class KeptDocuments:
    """The documents of the texts shown last, newest first, within the bounds above."""

    def __init__(self, units: int | None = None, documents: int = KEEP_DOCUMENTS) -> None:
        self._units = KEEP_UNITS if units is None else units
        self._documents = documents
        self._kept: list[Shown] = []

    def keeps(self, document: QTextDocument) -> bool:
        """Whether ``document`` would be kept, given to :meth:`keep` (not too long alone)."""
        return document.characterCount() <= self._units

    def take(self, text: str, heading: tuple[int, int] | None) -> Shown | None:
        """The kept document of ``text`` with this heading, no longer kept (it is shown)."""
        for index, shown in enumerate(self._kept):
            if shown.heading == heading and (shown.text is text or shown.text == text):
                return self._kept.pop(index)
        return None

    def keep(self, shown: Shown) -> None:
        """Keep ``shown`` (no longer in the view); the oldest go beyond the bounds."""
        self._kept.insert(0, shown)
        total = 0
        for index, kept in enumerate(self._kept):
            total += kept.document.characterCount()
            if total > self._units or index >= self._documents:
                for gone in self._kept[index:]:
                    _delete(gone.document)
                del self._kept[index:]
                break

    def clear(self) -> None:
        for gone in self._kept:
            _delete(gone.document)
        self._kept.clear()

    def texts(self) -> list[str]:
        """The texts kept, newest first."""
        return [shown.text for shown in self._kept]
