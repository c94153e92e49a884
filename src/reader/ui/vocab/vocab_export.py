"""Exporting saved words for study: the file dialog, the export on the op runner, the result.

:func:`export_with_dialog` reads the saved words (unless it is given them), asks for a file
(Anki deck, Pleco flashcards or tab-separated) and writes it with
:func:`~reader.services.study_export.export_vocabulary` (atomic: the file appears whole or not at
all) — both on the op runner (:mod:`reader.ui.common.ops`), whose dialog shows how far the
writing got when it takes a while — then says how many words were written or why it failed
(one sentence, e.g. "The disk is full (No space left on device).").
:func:`export_to` is the same export done synchronously.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.services.study_export import SUFFIXES, export_vocabulary
from reader.storage.records import VocabularyItem
from reader.storage.store import Store
from reader.ui.common.ops import Op, OpRunner

#: File-dialog filters by export format.
EXPORT_FILTERS: dict[str, str] = {
    "apkg": "Anki deck (*.apkg)",
    "pleco": "Pleco flashcards (*.txt)",
    "tsv": "Tab-separated (*.tsv)",
}
_FORMAT_OF_SUFFIX = {suffix: fmt for fmt, suffix in SUFFIXES.items()}
LABEL = "Export vocabulary"


def format_for(path: str, chosen_filter: str = "") -> str:
    """The export format a path's extension names, else the chosen filter's, else apkg."""
    fmt = _FORMAT_OF_SUFFIX.get(Path(path).suffix.lower())
    if fmt is not None:
        return fmt
    for name, label in EXPORT_FILTERS.items():
        if label == chosen_filter:
            return name
    return "apkg"


def export_to(
    store: Store,
    path: str | Path,
    fmt: str,
    items: Sequence[VocabularyItem] | None = None,
) -> int:
    """Write ``items`` (default: every saved word) to ``path`` as ``fmt``; returns the count."""
    chosen = store.vocabulary() if items is None else items
    return export_vocabulary(chosen, path, fmt)


def export_with_dialog(
    parent: QWidget | None,
    store: Store,
    items: Sequence[VocabularyItem] | None = None,
    ops: OpRunner | None = None,
) -> None:
    """Export ``items`` (default: every saved word, read on the op runner) to a file the
    learner chooses, on ``ops`` (default: ``parent``'s runner), and say how it went: the
    count in an information box, or why not in a warning (``ops.finished`` comes after)."""
    runner = ops if ops is not None else OpRunner.of(parent)
    if items is not None:
        _choose_and_write(parent, runner, list(items))
        return
    runner.run(Op(
        LABEL, lambda _p: store.vocabulary(),
        lambda words: _choose_and_write(parent, runner, words),
        failure="Could not read the word list",
    ))


def _choose_and_write(
    parent: QWidget | None, runner: OpRunner, chosen: list[VocabularyItem]
) -> None:
    if not chosen:
        QMessageBox.information(parent, LABEL, "There are no saved words to export yet.")
        return
    noun = "word" if len(chosen) == 1 else "words"
    path, chosen_filter = QFileDialog.getSaveFileName(
        parent,
        f"Export {len(chosen)} {noun}",
        str(Path.home() / "vocabulary.apkg"),
        ";;".join(EXPORT_FILTERS.values()),
        EXPORT_FILTERS["apkg"],
    )
    if not path:
        return
    fmt = format_for(path, chosen_filter)
    if not Path(path).suffix:
        path += SUFFIXES[fmt]
    runner.run(Op(
        LABEL, lambda progress: export_vocabulary(chosen, path, fmt, progress),
        lambda count: _written(parent, path, len(chosen), count),
        failure=f"Could not write {path}", detail=f"Writing {Path(path).name}…",
    ))


def _written(parent: QWidget | None, path: str, chosen: int, count: int) -> None:
    written = "word" if count == 1 else "words"
    extra = ""
    if count < chosen:
        extra = (
            f"\n{chosen - count} saved more than once (from several documents) "
            "were written once."
        )
    QMessageBox.information(parent, LABEL, f"Exported {count} {written} to {path}.{extra}")
