"""EPUB 2 and 3 books as one document: the spine's chapters in order, one canonical text.

A book becomes one text — its chapters joined, a blank line between them, each starting with
its heading on a line of its own — so highlights, notes, positions, saved words and
re-anchoring work on it exactly as on a text file. Where each chapter starts is kept in
:attr:`Document.chapters` (titles from the table of contents: EPUB 3's nav document, else
EPUB 2's NCX; a spine item it does not name belongs to the chapter before it; an entry that
points into a file, ``#fragment``, starts where the element with that id starts).

Each chapter's XHTML goes through the HTML reader (:func:`reader.text.markup.html_to_text`),
so ``<ruby>`` gives real readings as in any HTML page; an image becomes its ``alt`` text.

Refused with a sentence naming the file: a file that is not a zip or whose zip is damaged,
a book without ``META-INF/container.xml`` or the package document it names, one that unpacks
to more than :data:`reader.text.importer.MAX_BYTES`, one with no text, and one protected by
DRM (``META-INF/rights.xml``, an Apple or LCP licence, or an ``encryption.xml`` that encrypts
anything but fonts: font obfuscation alone is no protection of the text).

The zip is read from the bytes already read (size-limited) by the importer; ebooklib parses
the package and the table of contents with lxml, which never fetches anything; the chapters
are unpacked one by one when read (:func:`read_item`), a damaged one left out and counted.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import unquote

from reader.text.decoding import (
    ImportRefused,
    decode,
    normalise_newlines,
    replace_lone_surrogates,
)
from reader.text.document import clean_title
from reader.text.importer import MAX_BYTES
from reader.text.markup import html_to_text

__all__ = ["EpubBook", "check_drm", "open_book", "read_item", "shown_name"]

#: Encryption algorithms that only obfuscate embedded fonts (IDPF, Adobe): no DRM.
_FONT_OBFUSCATION = frozenset(
    ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
)
_FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2", ".ttc", ".pfb", ".eot")
#: Licence files of DRM schemes, and the name of each scheme.
_DRM_FILES = {
    "META-INF/rights.xml": "Adobe ADEPT",
    "META-INF/license.lcpl": "Readium LCP",
    "META-INF/sinf.xml": "Apple FairPlay",
}
#: What unpacking a damaged member raises: a bad CRC, a broken deflate stream, a method
#: zipfile does not know, a member cut short.
_UNPACK_ERRORS = (
    zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError,
    RuntimeError,
)
_ENCRYPTION = "META-INF/encryption.xml"
_CONTAINER = "META-INF/container.xml"
_XMLENC = "{http://www.w3.org/2001/04/xmlenc#}"
_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_RE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class SpineItem:
    """One content document of the spine: its path relative to the package document (as the
    table of contents names it) and in the zip."""

    href: str
    member: str


@dataclass(frozen=True)
class SpineText:
    """A content document read: its visible text as ``html_to_text`` wrote it (ruby markers
    still in), its tag count and its images (with alt text, without)."""

    href: str
    text: str
    tags: int
    images_with_alt: int = 0
    images_without_alt: int = 0
    #: Where the elements the table of contents points into (``#fragment``) start in ``text``.
    anchors: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TocEntry:
    title: str
    href: str  # the content document, relative to the package document
    fragment: str
    depth: int


@dataclass(frozen=True)
class EpubBook:
    """An opened book: its name (the file's), title, table of contents and spine, and the
    zip its content documents are read from (by one thread at a time)."""

    name: str
    title: str
    toc: list[TocEntry]
    spine: list[SpineItem]
    archive: zipfile.ZipFile
    skipped: int = 0  # spine items not in the manifest or not (X)HTML


def shown_name(name: str) -> str:
    """A file's name as messages show it (no folder, undecodable bytes as U+FFFD)."""
    return replace_lone_surrogates(PurePath(name).name or name)[0]


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # BadZipFile, an unknown zip version, a header cut short …
        raise ImportRefused(
            f"{name} is not a readable EPUB: it is not a zip archive, or the archive is damaged."
        ) from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise ImportRefused(f"{name} is a password-protected zip and cannot be opened.")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_BYTES:
        raise ImportRefused(
            f"{name} unpacks to {unpacked // (1024 * 1024)} MB, more than the "
            f"{MAX_BYTES // (1024 * 1024)} MB the reader opens."
        )
    return archive


def _read(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    try:
        return archive.read(member)
    except KeyError:
        raise ImportRefused(f"{name} is a damaged EPUB: it has no {member}.") from None
    except _UNPACK_ERRORS as exc:
        raise ImportRefused(f"{name} is a damaged EPUB: {member} cannot be unpacked ({exc}).") from None


def _parse(data: bytes) -> Any:
    """The root element of an XML member (lxml: no entities resolved, nothing fetched), None
    when nothing can be made of it."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return None


def check_drm(archive: zipfile.ZipFile, name: str) -> None:
    """ImportRefused when the book is protected by DRM (see the module docstring)."""
    members = set(archive.namelist())
    for member, scheme in _DRM_FILES.items():
        if member in members:
            raise ImportRefused(f"{name} is protected by DRM ({scheme}) and cannot be opened.")
    if _ENCRYPTION not in members:
        return
    root = _parse(_read(archive, _ENCRYPTION, name))
    if root is None:
        raise ImportRefused(f"{name} is protected by DRM (encrypted content) and cannot be opened.")
    for data in root.iter(f"{_XMLENC}EncryptedData"):
        method = data.find(f"{_XMLENC}EncryptionMethod")
        algorithm = method.get("Algorithm", "") if method is not None else ""
        reference = data.find(f"{_XMLENC}CipherData/{_XMLENC}CipherReference")
        uri = unquote(reference.get("URI", "")) if reference is not None else ""
        if algorithm not in _FONT_OBFUSCATION or not uri.lower().endswith(_FONT_SUFFIXES):
            what = posixpath.basename(uri) or "its content"
            raise ImportRefused(
                f"{name} is protected by DRM ({what} is encrypted) and cannot be opened."
            )


def _package_path(archive: zipfile.ZipFile, name: str) -> str:
    root = _parse(_read(archive, _CONTAINER, name))
    paths: list[str] = [] if root is None else [
        str(element.get("full-path", ""))
        for element in root.iter("{*}rootfile")
        if element.get("media-type") == "application/oebps-package+xml"
    ]
    if not paths or not paths[0]:
        raise ImportRefused(f"{name} is a damaged EPUB: {_CONTAINER} names no package document.")
    if paths[0] not in set(archive.namelist()):
        raise ImportRefused(f"{name} is a damaged EPUB: its package document {paths[0]} is missing.")
    return paths[0]


def _flatten(toc: Sequence[Any], depth: int = 0) -> Iterator[tuple[str, str, int]]:
    """(title, href, depth) of ebooklib's table of contents, in reading order."""
    for entry in toc:
        if isinstance(entry, tuple | list) and len(entry) == 2 and not hasattr(entry, "href"):
            section, children = entry
            if getattr(section, "href", ""):
                yield str(section.title or ""), str(section.href), depth
            yield from _flatten(children, depth + 1)
        elif hasattr(entry, "href"):
            yield str(entry.title or ""), str(entry.href or ""), depth


def _images_to_alt(html: str, counts: list[int]) -> str:
    """Every ``<img>`` replaced by its alt text (HTML-escaped already, as written);
    ``counts`` (with alt, without) go up."""

    def alt(match: re.Match[str]) -> str:
        found = _ALT_RE.search(match.group())
        text = next((g for g in found.groups() if g is not None), "") if found else ""
        counts[0 if text.strip() else 1] += 1
        return text if text.strip() else ""

    return _IMG_RE.sub(alt, html)


def _decode(data: bytes, name: str) -> str:
    """A content document's text: UTF-8 (or UTF-16 with its BOM) as EPUB requires, else
    whatever the importer's decoder makes of it."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode(data, name).text


def _not_for_ebooklib(archive: zipfile.ZipFile, package: str, name: str) -> frozenset[str]:
    """The manifest's members but the nav document and the NCX: ebooklib needs none of them
    to read the package and the table of contents, and reads every one it is given."""
    root = _parse(_read(archive, package, name))
    folder = posixpath.dirname(package)
    skipped: set[str] = set()
    for item in [] if root is None else root.iter("{*}item"):
        nav = "nav" in str(item.get("properties", "")).split()
        if not nav and item.get("media-type") != "application/x-dtbncx+xml":
            skipped.add(posixpath.normpath(posixpath.join(folder, unquote(str(item.get("href", ""))))))
    return frozenset(skipped)


def _parsed_by_ebooklib(data: bytes, skipped: frozenset[str]) -> Any:
    """ebooklib's book, its content documents, images and styles not read (left empty)."""
    from ebooklib import epub

    class Reader(epub.EpubReader):  # type: ignore[misc]
        def read_file(self, name: str) -> bytes:
            if posixpath.normpath(name) in skipped:
                return b""
            return bytes(super().read_file(name))

    return Reader(io.BytesIO(data), {"ignore_ncx": True}).load()


def open_book(data: bytes, name: str) -> EpubBook:
    """The book in ``data`` (an EPUB's bytes) named ``name``, its content documents not yet
    read; ImportRefused when it cannot be opened (see the module docstring)."""
    shown = shown_name(name)
    archive = _open_zip(data, shown)
    check_drm(archive, shown)
    package = _package_path(archive, shown)
    skipped_members = _not_for_ebooklib(archive, package, shown)
    try:
        book = _parsed_by_ebooklib(data, skipped_members)
    except Exception as exc:  # ebooklib and lxml raise many kinds on broken books
        reason = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        reason = reason.strip() or type(exc).__name__
        raise ImportRefused(f"{shown} is a damaged EPUB ({reason}) and cannot be opened.") from None
    toc: list[TocEntry] = []
    for title, href, depth in _flatten(book.toc):
        path, _, fragment = href.partition("#")
        toc.append(TocEntry(clean_title(title), posixpath.normpath(unquote(path)), fragment, depth))
    from ebooklib import epub

    items = {item.id: item for item in book.get_items()}
    folder = posixpath.dirname(package)
    spine: list[SpineItem] = []
    skipped = 0
    for idref, _linear in book.spine:
        item = items.get(idref)
        if item is None or isinstance(item, epub.EpubNav):
            skipped += item is None
            continue
        if item.media_type not in ("application/xhtml+xml", "text/html"):
            skipped += 1
            continue
        href = posixpath.normpath(unquote(item.file_name))
        spine.append(SpineItem(href, posixpath.normpath(posixpath.join(folder, href))))
    return EpubBook(name, clean_title(str(book.title or "")), toc, spine, archive, skipped)


_ANCHOR = "\ue003"  # then one character of plane 15 numbering the fragment
_ANCHOR_RE = re.compile(f"{_ANCHOR}([\U000f0000-\U000fffff])")
_ID_TAG_RE = re.compile(r"""<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*["']([^"'<>]+)["'][^<>]*>""")


def _mark_anchors(html: str, fragments: list[str]) -> str:
    """A mark just after the start tag of the first element each fragment names (its ``id``,
    or an ``<a name>``), numbered by the fragment's index."""
    wanted = {fragment: index for index, fragment in enumerate(fragments)}

    def mark(match: re.Match[str]) -> str:
        index = wanted.pop(match.group(1), None)
        return match.group() if index is None else f"{match.group()}{_ANCHOR}{chr(0xF0000 + index)}"

    return _ID_TAG_RE.sub(mark, html) if wanted else html


def _take_anchors(text: str) -> tuple[str, dict[int, int]]:
    """``text`` without the marks, and where each was (a mark on a line of its own: at the
    start of the next line)."""
    if _ANCHOR not in text:
        return text, {}
    found: dict[int, int] = {}
    kept: list[str] = []
    at = 0
    waiting: list[int] = []
    for line in text.split("\n"):
        marks: list[tuple[int, int]] = []
        parts: list[str] = []
        last = size = 0
        for match in _ANCHOR_RE.finditer(line):
            parts.append(line[last : match.start()])
            size += match.start() - last
            marks.append((ord(match.group(1)) - 0xF0000, size))
            last = match.end()
        parts.append(line[last:])
        joined = "".join(parts).replace(_ANCHOR, "")
        clean = joined.strip()
        lead = len(joined) - len(joined.lstrip())
        if not clean:
            waiting += [index for index, _column in marks]
            continue
        for index in waiting:
            found[index] = at
        waiting = []
        for index, column in marks:
            found[index] = at + min(max(0, column - lead), len(clean))
        kept.append(clean)
        at += len(clean) + 1
    result = "\n".join(kept)
    for index in waiting:
        found[index] = len(result)
    return result, found


def read_item(book: EpubBook, item: SpineItem, fragments: list[str] | None = None) -> SpineText | None:
    """A content document as text (``html_to_text``'s, ruby markers still in), with where
    the elements named by ``fragments`` start; None when it is missing from the zip, cannot
    be unpacked or is not text."""
    try:
        html = _decode(book.archive.read(item.member), f"{shown_name(book.name)} › {item.href}")
    except (ImportRefused, KeyError, *_UNPACK_ERRORS):
        return None
    images = [0, 0]
    html = normalise_newlines(html)[0]
    fragments = list(dict.fromkeys(fragments or ()))
    html = _mark_anchors(_images_to_alt(html, images), fragments)
    text, tags, _title = html_to_text(html)
    text, marks = _take_anchors(text)
    anchors = {fragments[index]: at for index, at in marks.items() if index < len(fragments)}
    return SpineText(item.href, text, tags, images[0], images[1], anchors)
