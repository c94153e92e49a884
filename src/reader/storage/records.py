"""The rows of the notes database as frozen dataclasses, and the store's errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class StoreError(Exception):
    """A store operation was refused (unknown id, invalid value, duplicate document …)."""


class ReadOnlyStoreError(StoreError):
    """A write was attempted on a store opened read-only (e.g. a newer schema)."""


class StoreInUseError(StoreError):
    """Another Reader process holds the database (see :mod:`reader.storage.files.lock`)."""


class NotADatabaseError(StoreError):
    """The path names something that is not a Reader database; it was left untouched."""


@dataclass(frozen=True)
class DocumentInfo:
    """A document without its text: what lists and menus show."""

    id: int
    title: str
    source: str
    sha256: str
    length: int
    created_at: str
    opened_at: str | None
    reading_position: int
    preferred_script: str


@dataclass(frozen=True)
class Highlight:
    """A highlight: canonical code-point span plus the quote and its context for re-anchoring."""

    id: int
    document_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    colour: str
    note: str | None
    anchor_method: str
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Highlight:
        """Built from a row selected with :data:`HIGHLIGHT_COLUMNS`."""
        return cls(*row)


#: Column list matching :class:`Highlight`'s fields, for SELECT statements.
HIGHLIGHT_COLUMNS = (
    'id, document_id, start, "end", quote, prefix, suffix, colour, note, anchor_method, '
    "created_at, updated_at"
)


@dataclass(frozen=True)
class GlossaryEntry:
    """A user glossary entry; ``aliases`` are other spellings that should match."""

    id: int
    headword: str
    aliases: tuple[str, ...]
    category: str
    gloss: str
    explanations: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class VocabularyItem:
    """A word the learner saved, with the sentence and document it came from."""

    id: int
    simplified: str
    traditional: str
    reading: str
    definition: str
    note: str
    sentence: str
    document_id: int | None
    status: str
    created_at: str
    #: The sentence in the other script (Simplified ↔ Traditional); schema 2.
    sentence_other: str = ""
    #: The user glossary entry shown with the word, as ``headword — gloss``; schema 2.
    glossary: str = ""
    #: The title of the document it came from (kept when the document is removed); schema 2.
    source_title: str = ""
    #: When it was last saved or changed; schema 2.
    updated_at: str = ""


#: Column list matching :class:`VocabularyItem`'s fields, for SELECT statements.
VOCABULARY_COLUMNS = (
    "id, simplified, traditional, reading, definition, note, sentence, document_id, status, "
    "created_at, sentence_other, glossary, source_title, updated_at"
)


@dataclass(frozen=True)
class SavedWord:
    """A word about to be saved from a document (built by ``vocabulary.build_saved_word``).

    ``reading`` is numbered syllables separated by spaces (``jing4 zheng1``); ``sentence`` is
    in the document's script and ``sentence_other`` in the other one.
    """

    simplified: str
    traditional: str
    reading: str = ""
    definition: str = ""
    glossary: str = ""
    sentence: str = ""
    sentence_other: str = ""
    document_id: int | None = None
    source_title: str = ""
    note: str = ""
