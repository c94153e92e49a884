"""The rows of the annotation database as frozen dataclasses, and the store's errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class StoreError(Exception):
    """A store operation was refused (unknown id, invalid value, duplicate document …)."""


class ReadOnlyStoreError(StoreError):
    """A write was attempted on a store opened read-only (e.g. a newer schema)."""


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
