"""The library's difficulty column: every listed document graded by the HSK 3.0 levels of
its words, on the op runner (:mod:`reader.services.difficulty`: each text once per machine,
kept in the cache folder)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from reader.paths.cache import default_cache_dir
from reader.services.difficulty import grade_documents, user_glossary
from reader.storage.store import Store
from reader.ui.common.ops import Op, OpRunner
from reader.ui.common.worker import Lane

_log = logging.getLogger("reader.ui.library.library_levels")


class LibraryLevels(QObject):
    """HSK summaries by document id; ``graded`` when new ones arrive."""

    graded = Signal()

    def __init__(self, store: Store, ops: OpRunner, parent: QObject) -> None:
        super().__init__(parent)
        self.store = store
        self.ops = ops
        self.levels: dict[int, dict[str, object]] = {}

    def grade(self, documents: list[tuple[int, str]]) -> None:
        """Grade the (id, text hash) pairs not graded yet (a newer call supersedes)."""
        wanted = [d for d in documents if d[0] not in self.levels]
        if not wanted:
            return
        store = self.store

        def work(_progress: object) -> dict[int, dict[str, object]]:
            folder = default_cache_dir()
            return grade_documents(
                wanted, store.document_text, folder,
                lambda: user_glossary(store.glossary_entries()),
            )

        self.ops.run(Op(
            "Grading documents", work, self._done,
            on_error=lambda message: _log.debug("grading failed: %s", message),
            key="library-levels", progress=False, lane=Lane.BACKGROUND,
        ))

    def _done(self, levels: dict[int, dict[str, object]]) -> None:
        self.levels.update(levels)
        self.graded.emit()
