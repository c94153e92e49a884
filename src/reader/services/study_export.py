"""Saved vocabulary written out for study: an Anki package, Pleco flashcards, or a TSV list.

* ``apkg`` — an Anki package built with genanki: one note type (:data:`MODEL_ID`, fields
  Simplified, Traditional, Pinyin, Meaning, Sentence, Source, Note; cards *Recognise* Chinese →
  meaning and *Recall* meaning → Chinese; Pinyin tone-coloured with Pleco's colours) in one deck
  (:data:`DECK_ID`). Each note's GUID is ``genanki.guid_for(simplified, traditional, reading)``,
  so importing a later export updates the notes instead of adding copies. Notes are tagged
  ``reader`` and ``source::<document title>`` (:func:`note_tags`), so a learner can filter by
  source; the deck's description credits CC-CEDICT (its licence asks for it where its
  definitions go).
* ``pleco`` — Pleco's flashcard import text: ``simplified[traditional]<TAB>pinyin<TAB>definition``
  per line, numbered pinyin.
* ``tsv`` — Zhongwen's word-list columns (simplified, traditional, pinyin, definition, notes)
  plus sentence, with a header line; tabs and line breaks inside fields become spaces, and a
  field that would start a spreadsheet formula (``=``, ``+``, ``-``, ``@``) gets a leading
  ``'``. Pleco lines are left as they are: Pleco reads them as flashcards, not formulas.

Every format is written with :func:`~reader.services.atomic_write.atomic_write`: whole or not at all,
through symbolic links, never onto a folder, device or pipe. Items with the same
(simplified, traditional, reading) are exported once — the first given wins (the store lists
the newest first).
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any, BinaryIO

from reader.language.readings.pinyin import to_marks, tone_of
from reader.language.words.dictionary_credit import dictionary_credit
from reader.services.atomic_write import atomic_write, atomic_write_with
from reader.services.notes_export import formula_safe
from reader.storage.records import VocabularyItem

#: ``progress(fraction)`` with 0 ≤ fraction ≤ 1, called now and then during an export.
Progress = Callable[[float], None]

FORMATS: tuple[str, ...] = ("apkg", "pleco", "tsv")
#: File suffix of each format.
SUFFIXES = {"apkg": ".apkg", "pleco": ".txt", "tsv": ".tsv"}

#: Anki note type id: fixed forever, so every export uses the same note type.
MODEL_ID = 1_730_461_175
#: Anki deck id: fixed, so every export lands in the same deck.
DECK_ID = 1_730_461_211
DECK_NAME = "Reader vocabulary"
MODEL_NAME = "Reader vocabulary (Chinese)"

#: Pleco's tone colours, tone 1-5 (5: neutral).
TONE_COLOURS = {1: "#e30000", 2: "#02b31c", 3: "#1510f0", 4: "#8900bf", 5: "#777777"}

FIELDS: tuple[str, ...] = (
    "Simplified",
    "Traditional",
    "Pinyin",
    "Meaning",
    "Sentence",
    "Source",
    "Note",
)

_CSS = (
    ".card { font-family: sans-serif; font-size: 20px; text-align: center; "
    "color: black; background-color: white; }\n"
    ".hanzi { font-size: 48px; }\n"
    ".pinyin { font-size: 26px; }\n"
    ".sentence { font-size: 22px; margin-top: 1em; }\n"
    ".source, .note { font-size: 14px; color: #555; margin-top: .5em; }\n"
    + "".join(f".tone{t} {{ color: {c}; }}\n" for t, c in TONE_COLOURS.items())
)

_HANZI = (
    '<div class="hanzi">{{Simplified}}{{#Traditional}}'
    '<span class="traditional"> 【{{Traditional}}】</span>{{/Traditional}}</div>'
)
_DETAILS = (
    '<div class="pinyin">{{Pinyin}}</div><div class="meaning">{{Meaning}}</div>'
    '{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}'
    '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
    '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}'
)
TEMPLATES: tuple[dict[str, str], ...] = (
    {
        "name": "Recognise",
        "qfmt": _HANZI,
        "afmt": '{{FrontSide}}<hr id="answer">' + _DETAILS,
    },
    {
        "name": "Recall",
        "qfmt": '<div class="meaning">{{Meaning}}</div>',
        "afmt": '{{FrontSide}}<hr id="answer">' + _HANZI + _DETAILS,
    },
)


# ------------------------------------------------------------------ field values
def _syllables(reading: str) -> list[str]:
    return reading.split()


def pinyin_marks(reading: str) -> str:
    """``jing4 zheng1`` → ``jìng zhēng`` (tokens that are not numbered syllables kept)."""
    return " ".join(to_marks(s) if s[-1:].isdigit() else s for s in _syllables(reading))


def pinyin_html(reading: str) -> str:
    """Numbered syllables as tone-coloured HTML: ``<span class="tone4">jìng</span>…``."""
    parts: list[str] = []
    for syllable in _syllables(reading):
        if syllable[-1:].isdigit():
            parts.append(
                f'<span class="tone{tone_of(syllable)}">{html.escape(to_marks(syllable))}</span>'
            )
        else:
            parts.append(html.escape(syllable))
    return " ".join(parts)


def _multiline_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def marked_sentence(sentence: str, forms: Sequence[str]) -> str:
    """The sentence as HTML with every occurrence of the word (either form) in ``<b>…</b>``."""
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    out: list[str] = []
    i = 0
    while i < len(sentence):
        hit = next((f for f in forms if sentence.startswith(f, i)), None)
        if hit is None:
            j = i + 1
            while j < len(sentence) and not any(sentence.startswith(f, j) for f in forms):
                j += 1
            out.append(html.escape(sentence[i:j]))
            i = j
        else:
            out.append(f"<b>{html.escape(hit)}</b>")
            i += len(hit)
    return "".join(out).replace("\n", "<br>")


def _meaning(item: VocabularyItem) -> str:
    parts = [item.definition.strip(), item.glossary.strip()]
    return "; ".join(p for p in parts if p)


def _flat(text: str) -> str:
    """One line, no tabs: for the text formats."""
    return " ".join(text.replace("\t", " ").split())


def _unique(items: Iterable[VocabularyItem]) -> list[VocabularyItem]:
    seen: set[tuple[str, str, str]] = set()
    out: list[VocabularyItem] = []
    for item in items:
        key = (item.simplified, item.traditional, item.reading)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def note_fields(item: VocabularyItem) -> list[str]:
    """The Anki note's field values (HTML), in :data:`FIELDS` order."""
    sentences = [s for s in (item.sentence, item.sentence_other) if s.strip()]
    sentence_html = "<br>".join(
        marked_sentence(s, (item.simplified, item.traditional)) for s in sentences
    )
    return [
        html.escape(item.simplified),
        html.escape(item.traditional if item.traditional != item.simplified else ""),
        pinyin_html(item.reading),
        _multiline_html(_meaning(item)),
        sentence_html,
        html.escape(item.source_title),
        _multiline_html(item.note),
    ]


#: Tags every note carries; the source's tag is ``SOURCE_TAG_PREFIX`` + its title.
APP_TAG = "reader"
SOURCE_TAG_PREFIX = "source::"
#: Runs of what an Anki tag cannot hold (whitespace) or would misread (``"``, and ``:`` which
#: makes levels) become one ``_``.
_TAG_UNSAFE = re.compile(r'[\s"_:]+')


def note_tags(item: VocabularyItem) -> list[str]:
    """``reader`` and, when the word was saved from a document, ``source::<its title>``."""
    title = _TAG_UNSAFE.sub("_", item.source_title).strip("_")[:100]
    return [APP_TAG, SOURCE_TAG_PREFIX + title] if title else [APP_TAG]


def deck_description() -> str:
    """The deck's description (HTML): what it is, and the attribution CC-CEDICT asks for."""
    return (
        "Words saved in Reader, with the sentence they were read in. "
        + dictionary_credit().html()
    )


# ------------------------------------------------------------------- the formats
def _model() -> Any:
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[dict(t) for t in TEMPLATES],
        css=_CSS,
    )


def note_guid(item: VocabularyItem) -> str:
    """The Anki GUID of a word: the same for every export of it."""
    import genanki

    guid: str = genanki.guid_for(item.simplified, item.traditional, item.reading)
    return guid


def _write_apkg(items: Sequence[VocabularyItem], out: BinaryIO, progress: Progress | None) -> None:
    """The Anki package of ``items`` into ``out``; the collection is built in the temp folder."""
    import itertools
    import time

    import genanki

    model = _model()
    deck = genanki.Deck(DECK_ID, DECK_NAME, description=deck_description())
    step = max(1, len(items) // 50)
    for n, item in enumerate(items, 1):
        note = genanki.Note(
            model=model, fields=note_fields(item), guid=note_guid(item), tags=note_tags(item)
        )
        deck.add_note(note)
        if progress is not None and n % step == 0:
            progress(0.7 * n / len(items))
    fd, db_name = tempfile.mkstemp(prefix="reader-export-", suffix=".anki2")
    os.close(fd)
    try:
        conn = sqlite3.connect(db_name)
        try:
            stamp = time.time()
            genanki.Package(deck).write_to_db(
                conn.cursor(), stamp, itertools.count(int(stamp * 1000))
            )
            conn.commit()
        finally:
            conn.close()
        if progress is not None:
            progress(0.85)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
            package.write(db_name, "collection.anki2")
            package.writestr("media", "{}")
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(db_name)


def pleco_text(items: Iterable[VocabularyItem]) -> str:
    """Pleco flashcard import text: ``simplified[traditional]\\tpinyin\\tdefinition`` lines."""
    # No formula_safe here: Pleco's importer reads flashcards and never evaluates a formula,
    # so a leading ' would only show up on the card.
    lines: list[str] = []
    for item in items:
        head = item.simplified
        if item.traditional and item.traditional != item.simplified:
            head += f"[{item.traditional}]"
        pinyin = "".join(item.reading.split())
        lines.append(f"{_flat(head)}\t{_flat(pinyin)}\t{_flat(_meaning(item))}")
    return "".join(line + "\n" for line in lines)


TSV_HEADER = ("simplified", "traditional", "pinyin", "definition", "notes", "sentence")


def tsv_text(items: Iterable[VocabularyItem]) -> str:
    """Zhongwen's word-list columns plus the sentence, tab-separated, with a header line.

    Meant for spreadsheets too, so each field is flattened to one line and then made
    :func:`~reader.services.notes_export.formula_safe`.
    """
    rows = ["\t".join(TSV_HEADER)]
    for item in items:
        fields = (
            item.simplified,
            item.traditional,
            pinyin_marks(item.reading),
            _meaning(item),
            item.note,
            item.sentence,
        )
        rows.append("\t".join(formula_safe(_flat(f)) for f in fields))
    return "".join(row + "\n" for row in rows)


# ------------------------------------------------------------------ entry point
def export_vocabulary(
    items: Iterable[VocabularyItem],
    path: str | os.PathLike[str],
    fmt: str,
    progress: Progress | None = None,
) -> int:
    """Write ``items`` to ``path`` as ``fmt`` (apkg, pleco, tsv); returns how many were written.

    The file appears whole or not at all (an existing file is replaced only on success);
    :class:`~reader.services.atomic_write.AtomicWriteError` (an OSError, its text one sentence)
    when it cannot be written. ``progress(fraction)`` is called as the export advances, last
    with 1.0.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    unique = _unique(items)
    if fmt == "apkg":
        atomic_write_with(path, lambda out: _write_apkg(unique, out, progress))
    else:
        atomic_write(path, pleco_text(unique) if fmt == "pleco" else tsv_text(unique))
    if progress is not None:
        progress(1.0)
    return len(unique)
