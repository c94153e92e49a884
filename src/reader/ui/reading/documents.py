"""Documents for the window: files read through the import pipeline, documents kept in the
store (the library), and the link between a shown document and its row in the store."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData

from reader.storage.records import StoreError
from reader.storage.store import Store
from reader.text.damage import find_damage
from reader.text.decoding import ImportRefused
from reader.text.document import Chapter, Document, ImportReport, text_sha256
from reader.text.importer import (
    BUNDLED_ARTICLE_NAME,
    bundled_article,
    import_document,
    looks_like_epub,
    read_file,
)
from reader.ui.common.worker import BackgroundRunner, Lane

if TYPE_CHECKING:  # anchoring is imported by the re-import itself, not at start-up
    from reader.anchoring.anchors import Placement

BUNDLED_PREFIX = "bundled:"


#: A book longer than this many characters opens on its first part; the rest is read behind it.
FIRST_PART_CHARACTERS = 60_000


def read_document_file(path: str) -> Document:
    """Import a file; raises ImportRefused with a user-facing message for any failure."""
    data = read_file(path)
    return import_document(data, path)


def read_document_start(path: str) -> tuple[Document, Callable[[], Document] | None]:
    """Import a file, a long book only as far as its first part: the document to show now
    and, when that is only the first part (``Document.complete`` False), the work that
    reads the whole (for the runner; it raises ImportRefused like this does)."""
    data = read_file(path)
    if not looks_like_epub(data, path):
        return import_document(data, path), None
    from reader.text.book import book_document
    from reader.text.epub import open_book

    book = open_book(data, path)
    first = book_document(book, characters=FIRST_PART_CHARACTERS)
    if first.complete:
        return first, None
    return first, lambda: book_document(book)


def read_rest(
    runner: BackgroundRunner,
    rest: Callable[[], Document],
    done: Callable[[Document | None, str], None],
) -> None:
    """Read the whole book (``rest`` from :func:`read_document_start`) on ``runner``;
    ``done(document, "")`` on the GUI thread, or ``done(None, why)`` with a sentence."""

    def work() -> Document | str:
        try:
            return rest()
        except ImportRefused as exc:
            return str(exc)

    def finished(result: Document | str) -> None:
        if isinstance(result, str):
            done(None, result)
        else:
            done(result, "")

    runner.run("book", work, finished, lambda detail: done(None, detail), lane=Lane.LONG)


def source_key(document: Document, path: str | None) -> str:
    """What the store records as a document's source: its file path, ``bundled:<name>`` for
    the bundled article, else the import's own name (``clipboard``)."""
    if path:
        return path
    if document.source == BUNDLED_ARTICLE_NAME:
        return f"{BUNDLED_PREFIX}{document.source}"
    return document.source


def register_document(
    store: Store | None,
    document: Document,
    path: str | None,
    tell: Callable[[str], None],
    runner: BackgroundRunner | None = None,
    on_registered: Callable[[int | None], None] | None = None,
    script: str = "original",
    later: Callable[[Callable[[], object]], None] | None = None,
) -> int | None:
    """The store's id of ``document``: found by content hash, re-imported (highlights
    re-anchored) when the same file changed since it was stored, else added (shown in
    ``script``, the learner's default, until they choose another for it).

    With a ``runner`` a re-import runs on it, off the GUI thread (:func:`reimport_in_background`):
    this returns None at once — until its highlights are placed on the new text the
    document has no id to show them by — and ``on_registered`` gets the id on the GUI thread
    once the re-import is written, or None when it failed. The time a known document was
    opened is written on it too, when ``later(write)`` calls ``write`` (the window: once the
    text is on screen and its features are made) or at once without ``later``.
    """
    if store is None or not document.complete:  # a book's first part: the whole is stored
        return None
    if store.read_only:
        return store.document_id_by_sha256(document.sha256)
    try:
        existing = store.document_id_by_sha256(document.sha256)
        if existing is not None:
            if runner is None:
                store.operations.mark_opened(existing)
                return existing

            def write() -> None:  # on the runner
                runner.run(
                    "opened", lambda: store.operations.mark_opened(existing), lambda _none: None,
                    lambda detail: tell(f"The document could not be stored: {detail}"),
                    lane=Lane.SHORT,
                )

            if later is None:
                write()
            else:
                later(write)
            return existing
        ops = store.operations
        source = source_key(document, path)
        previous = [d for d in store.documents() if path and d.source == source]
        if previous:
            if runner is not None:
                done = on_registered or (lambda _id: None)
                reimport_in_background(runner, store, previous[0].id, document, source, tell, done)
                return None
            placements = ops.reimport_document(previous[0].id, document.text, document.readings)
            tell(reimported_message(source, placements))
            return previous[0].id
        return ops.add_document(
            document.text, document.title, source, document.readings, preferred_script=script
        )
    except StoreError as exc:
        tell(f"The document could not be stored: {exc}")
        return None


def reimported_message(source: str, placements: Mapping[int, Placement]) -> str:
    """The status line after a re-import: how many highlights were placed, how many not."""
    orphans = sum(1 for p in placements.values() if p.method == "orphan")
    return (
        f"{Path(source).name} changed since it was last opened: {len(placements)} "
        f"highlights re-anchored, {orphans} could not be placed (see the Notes panel)"
    )


def reimport_in_background(
    runner: BackgroundRunner,
    store: Store,
    document_id: int,
    document: Document,
    source: str,
    tell: Callable[[str], None],
    on_done: Callable[[int | None], None],
) -> None:
    """Re-import ``document`` as the new text of stored ``document_id`` on ``runner``.

    ``tell`` gets a line while it runs, then the result (or why it failed, as a sentence);
    ``on_done`` gets ``document_id`` on the GUI thread when the new text and placements are
    written, None when nothing was written. A newer re-import of the same document
    supersedes this one's callbacks.
    """
    name = Path(source).name
    tell(f"{name} changed since it was last opened: placing its highlights on the new text…")

    def work() -> dict[int, Placement] | str:
        try:
            return store.operations.reimport_document(
                document_id, document.text, document.readings
            )
        except (StoreError, sqlite3.Error) as exc:
            return str(exc) or type(exc).__name__

    def failed(reason: str) -> None:
        tell(f"The highlights of {name} could not be placed on its new text: {reason}")
        on_done(None)

    def finished(result: dict[int, Placement] | str) -> None:
        if isinstance(result, str):
            failed(result)
            return
        tell(reimported_message(source, result))
        on_done(document_id)

    runner.run(f"reimport:{document_id}", work, finished, failed, lane=Lane.SHORT)


def _stored_book(path: str, text: str) -> tuple[Chapter, ...] | None:
    """A long book opened from the library: its chapters, placed in the stored ``text`` by
    their titles, when the file still starts as the stored text does (reading the whole book
    again only to compare would take seconds); None otherwise."""
    from reader.text.book import book_document, chapters_by_titles
    from reader.text.epub import open_book

    try:
        book = open_book(read_file(path), path)
        first = book_document(book, characters=FIRST_PART_CHARACTERS)
    except ImportRefused:
        return None
    if not text.startswith(first.text):
        return None
    return chapters_by_titles(text, book.toc) or first.chapters


def document_from_store(store: Store, document_id: int) -> tuple[Document, str | None]:
    """A stored document as the window shows it, and its file path when it came from one.

    The bundled article and files that still hold the same text are re-imported for their
    full import report; otherwise the stored text is shown with a short report (its damaged
    spots listed again).
    """
    info = store.document(document_id)
    text = store.document_text(document_id)
    if info.source.startswith(BUNDLED_PREFIX):
        bundled = bundled_article()
        if bundled.sha256 == info.sha256:
            return bundled, None
    elif (
        info.source.lower().endswith(".epub")
        and len(text) > FIRST_PART_CHARACTERS
        and Path(info.source).is_file()
    ):
        found = _stored_book(info.source, text)
        if found is not None:
            readings = store.inline_readings(document_id)
            report = ImportReport(
                source_name=Path(info.source).name, encoding="stored",
                inline_readings=len(readings), damage=tuple(find_damage(text)),
                notes=("Opened from the library: the book's text as it was stored, its "
                       "chapters from the table of contents.",),
            )
            document = Document(
                text, info.title, info.source, info.sha256, readings, report, chapters=found
            )
            return document, info.source
    elif info.source and Path(info.source).is_file():
        try:
            fresh = read_document_file(info.source)
        except ImportRefused:
            fresh = None
        if fresh is not None and fresh.sha256 == info.sha256:
            return fresh, info.source
    readings = store.inline_readings(document_id)
    report = ImportReport(
        source_name=info.source or info.title,
        encoding="stored",
        inline_readings=len(readings),
        damage=tuple(find_damage(text)),  # what the import listed: a property of the text
        notes=("Opened from the library: the text as it was stored.",),
    )
    document = Document(text, info.title, info.source, text_sha256(text), readings, report)
    return document, None


def clipboard_document(mime: QMimeData | None) -> Document | None:
    """The clipboard's content as a document: its HTML when it holds some (a web page comes
    as its article, ``<ruby>`` as readings), else its text; None when it holds no text.
    Raises :class:`ImportRefused` for text the importer refuses."""
    text = mime.text() if mime is not None and mime.hasText() else ""
    page = mime.html() if mime is not None and mime.hasHtml() else ""
    if not text.strip() and not page.strip():
        return None
    if page.strip():
        with contextlib.suppress(ImportRefused):  # no visible text: the plain text
            return import_document(page, "clipboard.html", html=True)
    if not text.strip():
        return None
    return import_document(text, "clipboard.txt", title=None)
