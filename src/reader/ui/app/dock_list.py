"""The docks a window has, in order: the modules each needs and its toggle in View › Panels
(:mod:`reader.ui.app.panels` builds them from this list)."""

from __future__ import annotations

#: The docks in the order they are listed in View › Panels, each with the modules it needs
#: that the window has not imported, leaf first: for a dock shown as the window starts, a
#: module a slice before the dock is built (the dock's own module last; ~5-15 ms a slice on a
#: quiet machine).
DOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("notes", (
        "reader.services.atomic_write",
        "reader.services.notes_export",
        "reader.ui.common.style.list_cells",
        "reader.ui.common.ops",
        "reader.ui.notes.notes_model",
        "reader.ui.notes.notes_search",
        "reader.ui.notes.note_editor",
        "reader.ui.notes.notes_panel",
    )),
    ("vocab", (
        "reader.services.study_export",
        "reader.ui.vocab.vocab_model",
        "reader.ui.vocab.vocab_columns",
        "reader.ui.vocab.vocab_filter",
        "reader.ui.vocab.vocab_export",
        "reader.ui.vocab.vocab_detail",
        "reader.ui.vocab.vocab_dock",
    )),
    ("library", (
        "reader.anchoring.diff",
        "reader.anchoring.search",
        "reader.anchoring.batch",
        "reader.services.document_archive",
        "reader.ui.library.library_levels",
        "reader.ui.library.library_removal",
        "reader.ui.library.library_dock",
    )),
    ("glossary", (
        "reader.language.words.word_classes",
        "reader.language.words.term_suggestions",
        "reader.ui.glossary.glossary_editor",
        "reader.ui.glossary.glossary_dock",
    )),
)

#: Each dock's toggle in View › Panels: its action id, title and default shortcut.
TOGGLES: dict[str, tuple[str, str, str]] = {
    "notes": ("panel.notes", "&Notes and Highlights", "Ctrl+Shift+L"),
    "vocab": ("panel.vocabulary", "&Vocabulary", "Ctrl+Shift+W"),
    "library": ("panel.library", "&Library", "Ctrl+Shift+B"),
    "glossary": ("panel.glossary", "&Glossary", "Ctrl+Shift+G"),
}
