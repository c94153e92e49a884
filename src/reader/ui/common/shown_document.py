"""The document the window shows: its text as imported, its id in the store, the text on screen.

One :class:`ShownDocument` per window. The window changes it (open, re-import, script switch);
features read it and follow its two signals instead of reaching into the window.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from reader.language.scripts.displayed_text import DisplayedText
from reader.language.scripts.script import ConversionCache, Script
from reader.text.document import Document

#: A document of this many characters or more keeps the derived data of its shown script only
#: (readings, words, glossary matches, conversions): another script's is dropped at a switch and
#: computed again on switching back. At 3M characters (1.9M once imported) a script's readings,
#: segmentation and matches are ~16 MiB, kept under the next script's jobs at their peak; below
#: it a cached switch back stays a swap (the 640k goal of 50 ms).
SINGLE_SCRIPT_CHARS = 1_000_000


def _protected_terms() -> Sequence[str]:
    """The bundled glossary's terms kept from Taiwan phrases (the glossary, TOML and its
    parser imported at the first conversion to Taiwan, not with the window)."""
    from reader.language.words.glossary import bundled_protected_terms

    return bundled_protected_terms()


class ShownDocument(QObject):
    """The current document and its displayed text (see the module docstring)."""

    #: A new document is shown (after the view's text was set).
    documentChanged = Signal()
    #: The displayed text was replaced (new document or, with scripts, a new script).
    displayChanged = Signal()
    #: The shown document's row in the store changed (a re-import finished, or it was removed).
    storedChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        #: The document's row in the store; None without a store or before it is registered.
        self.document_id: int | None = None
        #: The text on screen with its offset map to the canonical text.
        self.shown: DisplayedText | None = None
        self.script = Script.ORIGINAL
        #: Script conversions of the documents seen in this window (shared by the features);
        #: the glossary's terms are kept from Taiwan phrases that would rewrite them.
        self.conversions = ConversionCache(names=_protected_terms)

    def show(self, document: Document, document_id: int | None) -> None:
        """A new document (its displayed text follows with :meth:`display`)."""
        self.document = document
        self.document_id = document_id

    def registered(self, document_id: int | None) -> None:
        """The document's row in the store is known now (a re-import finished)."""
        self.document_id = document_id
        self.storedChanged.emit()

    def forget_id(self) -> None:
        """The document's row was removed from the store."""
        self.document_id = None
        self.storedChanged.emit()

    def display(self, shown: DisplayedText) -> None:
        """The text on screen is now ``shown`` (in its script)."""
        self.shown = shown
        self.script = shown.script

    def single_script(self) -> bool:
        """Whether the shown document keeps only its shown script's derived data
        (:data:`SINGLE_SCRIPT_CHARS`)."""
        return self.document is not None and len(self.document.text) >= SINGLE_SCRIPT_CHARS

    def other_script(self, key: tuple[str, str] | None) -> bool:
        """Whether ``key`` ((document hash, script value), a per-display cache's key) is the
        shown document in another script than the shown one, and the document keeps only
        its shown script's data: the caller drops what it keeps under ``key``."""
        shown, document = self.shown, self.document
        return (
            key is not None and shown is not None and document is not None
            and key[0] == document.sha256 and key[1] != shown.script.value
            and self.single_script()
        )

    def display_text(self) -> str:
        """The text on screen ("" before the first document)."""
        return self.shown.text if self.shown is not None else ""
