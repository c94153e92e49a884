"""The import pipeline: bytes or text in, a clean :class:`Document` and its report out.

Decode → lone surrogates to U+FFFD → normalise newlines → HTML to text (``.html`` input;
a whole web page, its article only: :mod:`reader.text.web_page`) → Markdown marks out
(``.md``) → stray tags out → inline readings out → damage listed. An EPUB goes to
:mod:`reader.text.book`, which reads its chapters as HTML and ends in :func:`finish_import`
like any HTML. Positions in the report are code points of the clean text.

Hostile input gets a sentence, not a hang: ``read_file`` opens only regular files (a FIFO,
device, socket or folder is refused without being read) and reads at most ``MAX_BYTES + 1``
bytes; every stage runs in time linear in the input (tests/reliability/test_import_growth.py);
anything that cannot be imported raises :class:`ImportRefused` naming the input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from reader.text.damage import find_damage
from reader.text.decoding import (
    ImportRefused,
    decode,
    normalise_newlines,
    replace_lone_surrogates,
)
from reader.text.document import (
    Document,
    ImportReport,
    Removal,
    clean_title,
    text_sha256,
    title_from_text,
)
from reader.text.file_bytes import MAX_BYTES, read_file, read_limited, too_large
from reader.text.inline_readings import InlineReadings, cut_spans, extract_inline_readings
from reader.text.markup import (
    STRAY_TAG_RE,
    TAG_REMNANT_RE,
    html_to_text,
    is_stray_tag,
    looks_like_html,
)
from reader.text.ruby_markup import RubyText, extract_ruby

__all__ = [
    "ImportRefused", "import_document", "bundled_article", "read_file", "read_limited",
    "BUNDLED_ARTICLE_NAME", "MAX_BYTES", "Intake", "finish_import",
]

#: The article the reader ships with and opens on first start.
BUNDLED_ARTICLE_NAME = "000_ebd123fbead4c496.txt"
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
#: A zip whose first member is ``mimetype`` holding this (EPUB OCF, section 4.3).
_EPUB_SIGNATURE = b"PK\x03\x04"
_EPUB_MIMETYPE = b"mimetypeapplication/epub+zip"


def looks_like_epub(data: bytes, name: str) -> bool:
    """An ``.epub`` name, or a zip that starts as an EPUB does (its ``mimetype`` member)."""
    if PurePath(name).suffix.lower() == ".epub":
        return True
    return data.startswith(_EPUB_SIGNATURE) and data[30:58] == _EPUB_MIMETYPE


def _stray_tag_spans(text: str) -> list[tuple[int, int, str]]:
    spans = [
        (m.start(), m.end(), "tag") for m in STRAY_TAG_RE.finditer(text) if is_stray_tag(m.group())
    ]
    spans += [(m.start(), m.end(), "tag-remnant") for m in TAG_REMNANT_RE.finditer(text)]
    spans.sort()
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def import_document(
    data: bytes | str,
    name: str = "input",
    *,
    html: bool | None = None,
    title: str | None = None,
) -> Document:
    """Import ``data`` (a file's bytes, or text) named ``name`` (a path or a label).

    ``html`` forces or forbids HTML handling; by default ``.html`` names and text that is
    plainly an HTML document are converted. Raises :class:`ImportRefused` with a message that
    names ``name`` when the input cannot be read as text.
    """
    display_name = replace_lone_surrogates(PurePath(name).name or name)[0]
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise too_large(display_name, len(data), MAX_BYTES)
        if looks_like_epub(data, name):
            from reader.text.book import epub_document  # lxml and ebooklib only for a book

            return epub_document(data, name, title=title)
        decoded = decode(data, display_name)
        text, encoding, had_bom = decoded.text, decoded.encoding, decoded.had_bom
    else:
        text, encoding, had_bom = data, "text", False
        if text.startswith("\ufeff"):
            text, had_bom = text[1:], True
    # Text handed over as str (the clipboard) can hold halves of surrogate pairs: they become
    # U+FFFD, listed as damage like any replacement character, and counted in a note.
    text, lone_surrogates = replace_lone_surrogates(text)
    text, newlines = normalise_newlines(text)
    if not text.strip():
        raise ImportRefused(f"{display_name} holds no text (only white space).")

    was_html = html if html is not None else (
        name.lower().endswith(_HTML_SUFFIXES) or looks_like_html(text)
    )
    tags_removed = 0
    html_title: str | None = None
    notes: list[str] = []
    if lone_surrogates:
        plural = "s" if lone_surrogates != 1 else ""
        notes.append(f"{lone_surrogates} lone surrogate{plural} replaced with U+FFFD")
    if was_html:  # web_page and markdown_text: imported for the texts that need them
        from reader.text.web_page import extract_article, looks_like_web_page

        article = extract_article(text) if looks_like_web_page(text) else None
        if article is not None:  # a saved web page: its article, not the site around it
            text, tags_removed, _none = html_to_text(article.html)
            html_title = article.title
            notes.extend(article.notes)
        else:
            text, tags_removed, html_title = html_to_text(text)

    markdown_marks = 0
    if not was_html and name.lower().endswith(_MARKDOWN_SUFFIXES):
        from reader.text.markdown_text import markdown_to_text

        text, markdown_marks = markdown_to_text(text)
    if markdown_marks:
        notes.append(f"{markdown_marks} Markdown formatting marks removed")
    intake = Intake(name, encoding, had_bom, newlines, was_html, tags_removed, tuple(notes))
    document, _marks = finish_import(text, intake, title=clean_title(title or "") or html_title)
    return document


@dataclass(frozen=True)
class Intake:
    """How a text came in, for its import report: its name, encoding, what was done so far."""

    name: str
    encoding: str
    had_bom: bool = False
    newlines_normalised: int = 0
    was_html: bool = False
    html_tags_removed: int = 0
    notes: tuple[str, ...] = ()


def finish_import(
    text: str, intake: Intake, *, title: str | None = None, marks: Sequence[int] = ()
) -> tuple[Document, list[int]]:
    """The rest of the pipeline for a decoded text (HTML already read by ``html_to_text``
    when ``intake.was_html``): ruby pairs, stray tags and inline readings out, damage listed.

    ``marks`` are positions in ``text`` (an EPUB's chapter starts); they are returned moved
    to the clean text, in the same order.
    """
    display_name = replace_lone_surrogates(PurePath(intake.name).name or intake.name)[0]
    ruby: RubyText | None = None
    moves: list[Callable[[int], int]] = []
    if intake.was_html:
        ruby = extract_ruby(text)
        text = ruby.cut.text
        moves.append(ruby.cut.new_position)
        if not text.strip():
            raise ImportRefused(f"{display_name} is an HTML page with no visible text.")

    tag_spans = _stray_tag_spans(text)
    tag_cut = cut_spans(text, [(s, e) for s, e, _ in tag_spans])
    tag_positions = [(tag_cut.new_position(s), text[s:e], kind) for s, e, kind in tag_spans]
    reading_cut, readings = extract_inline_readings(tag_cut.text)
    moves += [tag_cut.new_position, reading_cut.new_position]
    clean = reading_cut.text
    if ruby is not None and ruby.readings:  # <ruby> readings, moved through the later cuts
        ruby_moved = ((reading_cut.new_position(tag_cut.new_position(p)), r) for p, r in ruby.readings.items())
        readings = InlineReadings([*readings.items(), *ruby_moved])
    stray = tuple(Removal(reading_cut.new_position(p), removed, kind) for p, removed, kind in tag_positions)

    notes = list(intake.notes)
    if ruby is not None and ruby.readings:
        notes.append(f"{len(ruby.readings)} readings taken from <ruby> markup")
    if ruby is not None and ruby.unmatched:
        plural = "s" if ruby.unmatched != 1 else ""
        notes.append(
            f"{ruby.unmatched} <ruby> annotation{plural} that did not give one reading per "
            "character left out"
        )
    report = ImportReport(
        source_name=display_name,
        encoding=intake.encoding,
        had_bom=intake.had_bom,
        was_html=intake.was_html,
        html_tags_removed=intake.html_tags_removed,
        newlines_normalised=intake.newlines_normalised,
        stray_tags=stray,
        inline_readings=len(readings),
        damage=tuple(find_damage(clean)),
        notes=tuple(notes),
    )
    document = Document(
        text=clean,
        title=clean_title(title or "") or title_from_text(clean),
        source=intake.name,
        sha256=text_sha256(clean),
        readings=readings,
        report=report,
    )
    moved = list(marks)
    for move in moves:
        moved = [move(p) for p in moved]
    return document, moved


def bundled_article() -> Document:
    """The article shipped in ``resources/``, imported through the same pipeline as any file.

    Read through its package's loader (``pkgutil.get_data``: a folder, a zip, a frozen app's
    files): ``importlib.resources`` costs ~10 ms to import before the window's first paint.
    """
    import pkgutil

    try:
        data = pkgutil.get_data("reader.resources", BUNDLED_ARTICLE_NAME)
    except OSError:
        data = None
    if data is None:  # a loader that reads no data (or not there): the resource API
        import importlib.resources

        resources = importlib.resources.files("reader.resources")
        data = resources.joinpath(BUNDLED_ARTICLE_NAME).read_bytes()
    return import_document(data, BUNDLED_ARTICLE_NAME)


