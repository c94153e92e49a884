"""What a committed write changed: one typed record per notification.

Every write of :class:`~reader.storage.operations.Operations` ends in one :class:`Change`:
flags say which kind of data changed, ``ids`` which rows (documents, highlights, vocabulary
items or glossary entries, by the flag). Listeners refresh only what concerns them; a
reading-position write (``POSITION``) reloads no highlights, notes or vocabulary.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Changed(enum.Flag):
    """The kinds of data a write can change."""

    DOCUMENTS = enum.auto()  # a document added, removed, renamed or opened
    TEXT = enum.auto()  # a document's text replaced by an edited version (re-import)
    POSITION = enum.auto()  # where the learner is in a document, or its preferred script
    HIGHLIGHTS = enum.auto()  # highlights added, moved, recoloured or deleted
    NOTES = enum.auto()  # the note of a highlight
    VOCABULARY = enum.auto()  # saved words
    GLOSSARY = enum.auto()  # the user glossary
    KNOWN_WORDS = enum.auto()  # known / learning marks


@dataclass(frozen=True)
class Change:
    """One committed write: what changed (``what``) and the ids of the rows it touched."""

    what: Changed
    ids: tuple[int, ...] = ()

    def touches(self, kinds: Changed) -> bool:
        """True when this change concerns any of ``kinds``."""
        return bool(self.what & kinds)
