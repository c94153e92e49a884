"""Highlights and notes exported as Markdown, CSV or W3C Web Annotation JSON.

The Markdown shows user text (titles, quotes, notes, colours) as plain text: HTML is escaped,
Markdown punctuation is backslash-escaped and indentation is kept as ``&nbsp;``, so a note
can start no heading, quote, list, fence, table, link or script (:func:`md_escape_line`).

The JSON follows the Web Annotation Data Model: an ``AnnotationCollection`` (with an ``id``)
whose embedded ``AnnotationPage`` (``id``, ``partOf``) holds ``Annotation`` objects targeting
the document (``urn:sha256:`` of its canonical text) through a ``TextPositionSelector`` (code
points) and a ``TextQuoteSelector``. Notes are ``commenting`` bodies, colours ``tagging``
bodies. Orphaned highlights are exported too, marked ``"reader:anchor": "orphan"`` and without
a position selector; the ``reader:`` prefix is declared in the ``@context``
(:data:`READER_NAMESPACE`). Every id is a ``urn:uuid:`` (:func:`highlight_uuid`): the same
highlight has the same id in every export, and ids from two machines do not collide.

:func:`export_bytes` is what every export writes, to a file or to stdout, from the window or
the ``reader notes export`` command alike: the text as UTF-8, CSV with a byte-order mark (so
that Excel reads the Chinese as UTF-8 rather than the local code page). :func:`export_file`
writes it with :func:`~reader.services.atomic_write.atomic_write`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.paths.digests import sha1_digest
from reader.services.atomic_write import atomic_write
from reader.storage.records import DocumentInfo, Highlight

if TYPE_CHECKING:
    from reader.storage.store import Store

#: Export formats by their CLI name.
FORMATS: tuple[str, ...] = ("md", "csv", "json")

CSV_COLUMNS: tuple[str, ...] = (
    "document_id",
    "document_title",
    "highlight_id",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "colour",
    "note",
    "anchor",
    "created",
    "modified",
)


#: First characters that make a spreadsheet program read a cell as a formula (OWASP "CSV
#: injection": ``=HYPERLINK(…)``, ``@SUM(…)``, DDE payloads).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: str) -> str:
    """``cell`` with a leading ``'`` when it starts like a formula, as spreadsheet programs
    expect (they show the text and hide the quote); any other cell unchanged."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _grouped(store: Store) -> list[tuple[DocumentInfo, list[Highlight]]]:
    documents = {d.id: d for d in store.documents()}
    groups: dict[int, list[Highlight]] = {}
    for highlight in store.all_highlights():
        groups.setdefault(highlight.document_id, []).append(highlight)
    return [(documents[d], groups[d]) for d in sorted(groups)]


#: CommonMark's line endings (``\r`` alone too): user text is split on exactly these.
_MD_LINE_ENDS = re.compile(r"\r\n|\r|\n")
#: Characters escaped wherever they are: HTML as entities, Markdown punctuation with ``\``.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]|~#&<>]")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: Block markers that are only special at the start of a line: list bullets, setext
#: underlines, the ``.``/``)`` of a numbered list.
_MD_LINE_START = re.compile(r"^(?:[-+=]|\d+(?=[.)]))")


def md_escape_line(line: str) -> str:
    """One line of user text as Markdown that renders as exactly that text.

    ``<``, ``>``, ``&`` become entities; ``\\ ` * _ [ ] | ~ #`` are backslash-escaped anywhere
    (no emphasis, code, link, table or heading); a leading ``-``, ``+``, ``=`` or the mark
    after a leading number is escaped (no list or setext heading); leading spaces and tabs
    become ``&nbsp;`` and ``&#9;`` (no indented code, and the indentation still shows).
    """
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)]
    out = _MD_SPECIAL.sub(lambda m: _MD_ENTITIES.get(m[0], "\\" + m[0]), body)
    start = _MD_LINE_START.match(out)
    if start is not None:
        end = start.end()
        out = out[:end] + "\\" + out[end:] if out[:1].isdigit() else "\\" + out
    return indent.replace(" ", "&nbsp;").replace("\t", "&#9;") + out


def md_lines(text: str) -> list[str]:
    """User text as escaped Markdown lines (see :func:`md_escape_line`)."""
    return [md_escape_line(line) for line in _MD_LINE_ENDS.split(text)]


def md_one_line(text: str) -> str:
    """User text on one escaped line (every run of whitespace, line breaks too, one space)."""
    return md_escape_line(" ".join(text.split()))


def _md_quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in md_lines(text))


def to_markdown(store: Store) -> str:
    """Every highlight as Markdown: one section per document, orphans listed after."""
    lines = ["# Highlights and notes", ""]
    for document, highlights in _grouped(store):
        lines += [f"## {md_one_line(document.title)}", ""]
        placed = [h for h in highlights if h.anchor_method != "orphan"]
        orphans = [h for h in highlights if h.anchor_method == "orphan"]
        for h in placed:
            where = f"characters {h.start}–{h.end}"
            lines += [_md_quote(h.quote), "", f"*{md_one_line(h.colour)}, {where}*", ""]
            if h.note:
                lines += [*md_lines(h.note), ""]
        if orphans:
            lines += ["### Not found in the current text", ""]
            for h in orphans:
                lines += [_md_quote(h.quote), "", f"*{md_one_line(h.colour)}, orphaned*", ""]
                if h.note:
                    lines += [*md_lines(h.note), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def to_csv(store: Store) -> str:
    """Every highlight as one CSV row (UTF-8, header row first, see :data:`CSV_COLUMNS`).

    The CSV is for spreadsheets: text cells that would start a formula get a leading ``'``
    (:func:`formula_safe`). The JSON export is the lossless one.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for document, highlights in _grouped(store):
        for h in highlights:
            cells: list[str | int] = [
                document.id,
                document.title,
                h.id,
                h.start,
                h.end,
                h.quote,
                h.prefix,
                h.suffix,
                h.colour,
                h.note or "",
                h.anchor_method,
                h.created_at,
                h.updated_at,
            ]
            writer.writerow([formula_safe(c) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()


#: The W3C context, and the namespace of the few terms the model has none for
#: (``reader:anchor``, ``reader:documentTitle``): a private URN namespace.
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
READER_NAMESPACE = "urn:x-hanzi-reader:"
#: Name-based (version 5) UUIDs of highlights, collections and pages are made in this namespace.
def uuid5(namespace: uuid.UUID, name: str) -> uuid.UUID:
    """:func:`uuid.uuid5`, with Python's own SHA-1: ``uuid.uuid5`` imports hashlib, which
    loads OpenSSL (3.4 MiB), as this module is imported (:mod:`reader.paths.digests`)."""
    return uuid.UUID(bytes=sha1_digest(namespace.bytes + name.encode("utf-8"))[:16], version=5)


_UUID_NAMESPACE = uuid5(uuid.NAMESPACE_URL, READER_NAMESPACE)


def highlight_uuid(document: DocumentInfo, h: Highlight) -> str:
    """``urn:uuid:…`` of a highlight: derived from what never changes about it (its id, the
    millisecond it and its document were created), so every export gives it the same id
    whatever was edited since, and a highlight made on another machine gets another."""
    name = f"highlight\n{document.created_at}\n{h.id}\n{h.created_at}"
    return f"urn:uuid:{uuid5(_UUID_NAMESPACE, name)}"


def web_annotation(document: DocumentInfo, h: Highlight) -> dict[str, Any]:
    """One highlight as a W3C Web Annotation."""
    bodies: list[dict[str, Any]] = []
    if h.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": h.note,
                "purpose": "commenting",
                "format": "text/plain",
            }
        )
    bodies.append({"type": "TextualBody", "value": h.colour, "purpose": "tagging"})
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": h.quote, "prefix": h.prefix, "suffix": h.suffix}
    ]
    if h.anchor_method != "orphan":
        selectors.insert(0, {"type": "TextPositionSelector", "start": h.start, "end": h.end})
    return {
        "id": highlight_uuid(document, h),
        "type": "Annotation",
        "motivation": "commenting" if h.note else "highlighting",
        "created": h.created_at,
        "modified": h.updated_at,
        "body": bodies,
        "target": {
            "source": f"urn:sha256:{document.sha256}",
            "reader:documentTitle": document.title,
            "selector": selectors,
        },
        "reader:anchor": h.anchor_method,
    }


def to_json(store: Store) -> str:
    """Every highlight as a W3C ``AnnotationCollection`` (JSON-LD)."""
    items = [web_annotation(d, h) for d, highlights in _grouped(store) for h in highlights]
    # The collection is this set of highlights: its id follows from theirs (the same export
    # twice has the same id); its one page is named from it.
    members = "\n".join(["collection", *(item["id"] for item in items)])
    collection_id = f"urn:uuid:{uuid5(_UUID_NAMESPACE, members)}"
    page_id = f"urn:uuid:{uuid5(_UUID_NAMESPACE, 'page 1 of ' + collection_id)}"
    collection = {
        "@context": [ANNOTATION_CONTEXT, {"reader": READER_NAMESPACE}],
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "reader highlights and notes",
        "total": len(items),
        "first": {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


EXPORTERS: dict[str, Callable[[Store], str]] = {"md": to_markdown, "csv": to_csv, "json": to_json}


def export_text(store: Store, fmt: str) -> str:
    """Every highlight in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}; choose {', '.join(FORMATS)}")
    return EXPORTERS[fmt](store)


#: Formats whose files start with a UTF-8 byte-order mark.
BOM_FORMATS = frozenset({"csv"})


def export_bytes(store: Store, fmt: str) -> bytes:
    """The bytes of an export in format ``fmt``: UTF-8, a BOM first for :data:`BOM_FORMATS`."""
    data = export_text(store, fmt).encode("utf-8")
    return b"\xef\xbb\xbf" + data if fmt in BOM_FORMATS else data


def export_file(store: Store, path: str | os.PathLike[str], fmt: str) -> Path:
    """Write :func:`export_bytes` to ``path`` atomically; returns the file written.

    :class:`~reader.services.atomic_write.AtomicWriteError` (an OSError) when it cannot be.
    """
    return atomic_write(path, export_bytes(store, fmt))


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` with :func:`~reader.services.atomic_write.atomic_write`."""
    atomic_write(path, text)
