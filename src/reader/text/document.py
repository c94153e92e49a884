"""A document: canonical text plus metadata and the report of how it was imported."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reader.paths.digests import sha256_hex


@dataclass(frozen=True)
class Removal:
    """Something taken out of the text: ``position`` is where it stood, in the cleaned text."""

    position: int
    removed: str
    kind: str  # "tag" | "tag-remnant"


@dataclass(frozen=True)
class Damage:
    """A damaged spot left in the text (mojibake, U+FFFD): ``text[start:end] == snippet``."""

    start: int
    end: int
    snippet: str
    kind: str  # "replacement-char" | "mojibake"

    def describe(self) -> str:
        what = "replacement characters" if self.kind == "replacement-char" else "garbled bytes"
        return f"{what} “{self.snippet}” at {self.start}"


@dataclass(frozen=True)
class ImportReport:
    """What the import pipeline did, with counts and positions (code points of the clean text)."""

    source_name: str
    encoding: str
    had_bom: bool = False
    was_html: bool = False
    html_tags_removed: int = 0
    newlines_normalised: int = 0
    stray_tags: tuple[Removal, ...] = ()
    inline_readings: int = 0
    damage: tuple[Damage, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """One line for a status bar: “337 inline readings moved out of the text · 1 damaged spot”."""
        parts: list[str] = []
        if self.inline_readings:
            n = self.inline_readings
            parts.append(f"{n} inline reading{'s' if n != 1 else ''} moved out of the text")
        if self.was_html:
            parts.append(f"HTML converted ({self.html_tags_removed} tags)")
        if self.stray_tags:
            n = len(self.stray_tags)
            parts.append(f"{n} stray tag{'s' if n != 1 else ''} removed")
        if self.damage:
            n = len(self.damage)
            parts.append(f"{n} damaged spot{'s' if n != 1 else ''}")
        parts.extend(note for note in self.notes if note.endswith("removed"))
        return " · ".join(parts) if parts else "Imported cleanly"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_name,
            "encoding": self.encoding,
            "had_bom": self.had_bom,
            "was_html": self.was_html,
            "html_tags_removed": self.html_tags_removed,
            "newlines_normalised": self.newlines_normalised,
            "stray_tags": [
                {"position": r.position, "removed": r.removed, "kind": r.kind}
                for r in self.stray_tags
            ],
            "inline_readings": self.inline_readings,
            "damage": [
                {"start": d.start, "end": d.end, "snippet": d.snippet, "kind": d.kind}
                for d in self.damage
            ],
            "notes": list(self.notes),
            "summary": self.summary(),
        }


@dataclass(frozen=True)
class Chapter:
    """A chapter of a book: its title (from the table of contents, else its first line),
    where it starts in the canonical text, and its depth in the table of contents (0 = top)."""

    title: str
    start: int
    depth: int = 0


@dataclass(frozen=True)
class Document:
    """Canonical text of a document and what is known about it.

    ``readings`` maps a code-point offset in ``text`` to the reading the source printed inline
    for the character there, as a numbered syllable (``hui4``).
    """

    text: str
    title: str
    source: str
    sha256: str
    readings: Mapping[int, str]
    report: ImportReport
    #: A book's chapters in text order (an EPUB's spine and table of contents); empty for a
    #: text that has none.
    chapters: tuple[Chapter, ...] = ()
    #: False for the first part of a long book, shown while the rest is read: not stored
    #: (the whole book is, once read), its text a prefix of the whole one.
    complete: bool = True

    @property
    def length(self) -> int:
        return len(self.text)


def text_sha256(text: str) -> str:
    """Content hash of a canonical text (the document's identity for duplicate detection)."""
    return sha256_hex(text.encode("utf-8"))


_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")
#: Control characters that are not white space (C0, DEL, C1), and the bidirectional
#: embedding, override and isolate controls, which would turn the rest of a listing around.
_INVISIBLE = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_LEADING_RE = re.compile(rf"[\s{_INVISIBLE}]*")
_WORD_RE = re.compile(r"\S+")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: Longest title kept from a page's ``<title>`` or given by a caller.
TITLE_LIMIT = 200


def clean_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """``title`` as one line: control characters out, lone surrogates U+FFFD, every run of
    white space (newlines included) one space, no space at either end, at most ``limit``
    characters (the last one an ellipsis when cut). Empty when nothing printable is left.

    Every Document title goes through here: titles are shown on one line (the window title,
    ``reader notes list``, the heading of a Markdown export).
    """
    return _one_line(title, 0, len(title), limit)


def _one_line(text: str, start: int, end: int, limit: int) -> str:
    """``clean_title`` of ``text[start:end]``; reads no further than ``limit`` characters
    need, so a long text costs no more than its beginning."""
    words: list[str] = []
    size = -1
    for match in _WORD_RE.finditer(text, start, end):
        word = _INVISIBLE_RE.sub("", match.group())
        if word:
            words.append(word)
            size += len(word) + 1
            if size > limit:
                break
    line = _SURROGATE_RE.sub("\ufffd", " ".join(words))
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def title_from_text(text: str, limit: int = 60) -> str:
    """The first sentence of a text, as one clean line (``clean_title``) shortened to
    ``limit`` characters; ``Untitled`` when it has none."""
    leading = _LEADING_RE.match(text)
    begin = leading.end() if leading else 0
    end = _SENTENCE_END.search(text, begin)
    return _one_line(text, begin, end.start() if end else len(text), limit) or "Untitled"
