"""An opened EPUB (:mod:`reader.text.epub`) as one :class:`Document` with its chapters.

The spine's content documents are read as text in order and joined, a blank line between
them; a chapter whose text does not start with its title in the table of contents gets the
title as its first line, so every chapter starts with its heading on a line of its own. The
joined text then goes through the rest of the import pipeline
(:func:`reader.text.importer.finish_import`: ruby readings, stray tags, inline readings,
damage), which also moves the chapter starts to the clean text.

:func:`book_document` can stop after the first ``characters``: that part is a prefix of the
whole book's text (the same chapters, the same offsets), shown while the rest is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from reader.text.decoding import ImportRefused
from reader.text.document import Chapter, Document, clean_title
from reader.text.epub import EpubBook, SpineText, TocEntry, open_book, read_item, shown_name
from reader.text.importer import Intake, finish_import
from reader.text.ruby_markup import CLOSE, MARKERS, SEPARATOR, strip_markers

__all__ = ["book_document", "epub_document", "PART_SEPARATOR"]

#: Between the spine's parts: a blank line.
PART_SEPARATOR = "\n\n"
_SPACE_RE = re.compile(r"\s+")
_ANNOTATION_RE = re.compile(f"{SEPARATOR}[^{MARKERS}]*{CLOSE}")


def _bare(text: str) -> str:
    """``text`` without ruby annotations, markers or white space, for comparing headings."""
    return _SPACE_RE.sub("", strip_markers(_ANNOTATION_RE.sub("", text)))


def _starts_with(text: str, heading: str) -> bool:
    """Whether ``text`` starts with ``heading``, white space, ruby and its markers aside
    (only the beginning of the text is read)."""
    return _bare(text[: 8 * len(heading) + 64]).startswith(_bare(heading))


def _first_line(text: str) -> str:
    return clean_title(strip_markers(_ANNOTATION_RE.sub("", text.split("\n", 1)[0])), 60)


def _chapter_texts(
    toc: Sequence[TocEntry], spine: Sequence[SpineText]
) -> tuple[list[str], list[tuple[str, int, int, int]]]:
    """The texts to join and the chapters as (title, index of the text, offset in it, depth).

    A spine item the table of contents does not name belongs to the chapter before it; with
    no table of contents every spine item is a chapter, named by its first line.
    """
    by_file: dict[str, list[TocEntry]] = {}
    for entry in toc:
        by_file.setdefault(entry.href, []).append(entry)
    texts: list[str] = []
    chapters: list[tuple[str, int, int, int]] = []
    for spine_text in spine:
        text = spine_text.text
        entries = by_file.get(spine_text.href, [])
        if not text.strip() and not entries:
            continue
        placed: list[tuple[TocEntry, int]] = []
        searched = 0
        for entry in entries:
            if not entry.fragment:
                offset = 0
            elif entry.fragment in spine_text.anchors:
                offset = spine_text.anchors[entry.fragment]
            elif entry.title and (found := text.find(entry.title, searched)) != -1:
                offset = found  # an anchor not found: the section's title
            elif not placed:
                offset = 0
            else:
                continue
            placed.append((entry, offset))
            searched = max(searched, offset)
        placed.sort(key=lambda pair: pair[1])
        if placed and placed[0][1] == 0 and placed[0][0].title:
            heading = placed[0][0].title
            if not _starts_with(text, heading):  # every chapter starts with its heading
                text = f"{heading}\n{text}" if text else heading
                shift = len(heading) + 1
                placed = [placed[0]] + [(e, o + shift) for e, o in placed[1:]]
        index = len(texts)
        texts.append(text)
        if not entries and not toc:
            chapters.append((_first_line(text), index, 0, 0))
        for entry, offset in placed:
            chapters.append((entry.title or _first_line(text[offset:]), index, offset, entry.depth))
    return texts, chapters


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def book_document(
    book: EpubBook, *, title: str | None = None, characters: int | None = None
) -> Document:
    """The book as one :class:`Document`; with ``characters``, only its first spine items
    until that many characters are read (``Document.complete`` False when some are left)."""
    spine: list[SpineText] = []
    read = 0
    skipped = book.skipped
    fragments: dict[str, list[str]] = {}
    for entry in book.toc:
        if entry.fragment:
            fragments.setdefault(entry.href, []).append(entry.fragment)
    for item in book.spine:
        if characters is not None and read >= characters:
            break
        spine_text = read_item(book, item, fragments.get(item.href))
        if spine_text is None:
            skipped += 1
            continue
        spine.append(spine_text)
        read += len(spine_text.text)
    complete = len(spine) + skipped - book.skipped == len(book.spine)
    texts, found = _chapter_texts(book.toc, spine)
    if not any(text.strip() for text in texts):
        raise ImportRefused(f"{shown_name(book.name)} is an EPUB with no text to read.")
    starts: list[int] = []
    at = 0
    for text in texts:
        starts.append(at)
        at += len(text) + len(PART_SEPARATOR)
    with_alt = sum(s.images_with_alt for s in spine)
    without_alt = sum(s.images_without_alt for s in spine)
    notes = [f"EPUB: {_count(len(texts), 'part')} of the spine, {_count(len(found), 'chapter')}"]
    if not complete:
        notes.append(
            f"the first {len(spine)} of {len(book.spine)} parts shown while the rest is read"
        )
    if with_alt:
        notes.append(f"{_count(with_alt, 'image')} replaced by the alt text")
    if without_alt:
        notes.append(f"{_count(without_alt, 'image')} without alt text left out")
    if skipped:
        notes.append(f"{_count(skipped, 'spine item')} missing or not text, skipped")
    intake = Intake(
        book.name, "EPUB", was_html=True,
        html_tags_removed=sum(s.tags for s in spine), notes=tuple(notes),
    )
    marks = [starts[index] + offset for _title, index, offset, _depth in found]
    document, moved = finish_import(
        PART_SEPARATOR.join(texts), intake,
        title=clean_title(title or "") or book.title, marks=marks,
    )
    chapters: list[Chapter] = []
    for (chapter_title, _index, _offset, depth), start in zip(found, moved, strict=True):
        if chapters and start <= chapters[-1].start:
            continue  # two entries at one place: the first names it
        chapters.append(Chapter(chapter_title, start, depth))
    return replace(document, chapters=tuple(chapters), complete=complete)


def epub_document(data: bytes, name: str, *, title: str | None = None) -> Document:
    """Import an EPUB's bytes as one :class:`Document` with its chapters."""
    return book_document(open_book(data, name), title=title)


_NUMERAL = "0-9０-９零〇一二三四五六七八九十百千两廿卅"
#: A line that is a chapter heading of a Chinese book: 第三章 …, 第12回, 卷一, 序章, 楔子,
#: 尾声, 后记 … (at most 40 characters, nothing else on the line).
_HEADING_RE = re.compile(
    rf"^[ \t\u3000]*(?:第[{_NUMERAL}]+[章回节節卷部篇集幕話话](?:[ \t\u3000：:·．.、].{{0,36}})?"
    rf"|[卷部][{_NUMERAL}]+(?:[ \t\u3000：:·].{{0,36}})?"
    r"|(?:序章|序言|序|楔子|引子|前言|尾声|尾聲|后记|後記|终章|終章|番外)(?:[ \t\u3000：:·].{0,36})?)"
    r"[ \t\u3000]*$",
    re.MULTILINE,
)


#: How far after the last chapter found the next title is looked for, and after how many
#: titles not found in a row the search stops (each miss reads that far).
_TITLE_WINDOW = 1_000_000
_MISSES = 20


def chapters_by_titles(text: str, toc: Sequence[TocEntry]) -> tuple[Chapter, ...]:
    """The table of contents' chapters found in a book's ``text`` by their titles, in order,
    each at the start of a line (white space in a title matches any or none): for a book whose
    text is stored, without reading its chapters again. Entries not found are left out."""
    found: list[Chapter] = []
    at = missed = 0
    for entry in toc:
        words = entry.title.split()
        if not words:
            continue
        pattern = r"\s*".join(re.escape(word) for word in words)
        heading = re.compile(rf"^[ \t\u3000]*{pattern}", re.MULTILINE)
        match = heading.search(text, at, at + _TITLE_WINDOW)
        if match is None:
            missed += 1
            if missed >= _MISSES:  # not this book's headings: stop reading it
                break
            continue
        missed = 0
        start = match.start() + len(match.group()) - len(match.group().lstrip(" \t\u3000"))
        if not found or start > found[-1].start:
            found.append(Chapter(entry.title, start, entry.depth))
            at = match.end()
    return tuple(found)


def chapters_from_headings(text: str) -> tuple[Chapter, ...]:
    """Chapters of a text that has no chapter list (a plain-text novel, a book kept only as
    its stored text): its heading lines (see ``_HEADING_RE``); none when fewer than two."""
    found = tuple(
        Chapter(clean_title(m.group(), 60), m.start() + len(m.group()) - len(m.group().lstrip()))
        for m in _HEADING_RE.finditer(text)
    )
    return found if len(found) >= 2 else ()
