"""Which script each document is shown in: its ``preferred_script`` in the store.

The store is the one place (issue I): a new document starts in the learner's default script
(Preferences), a choice is noted at once and written on the window's runner (:meth:`flush`,
off the GUI thread: a write waits for ``synchronous=FULL``), and a choice that versions before
2026-12 kept in QSettings is moved over once and removed there. Without a store (notes off)
choices last for the session only.
"""

from __future__ import annotations

import threading

from reader.language.scripts.script import Script
from reader.storage.records import StoreError
from reader.storage.store import Store
from reader.text.document import Document
from reader.ui.common.settings import Settings


def script_named(value: str | None) -> Script | None:
    """The Script of a stored value; None for an empty or unknown one."""
    try:
        return Script(value) if value else None
    except ValueError:
        return None


class ScriptMemory:
    """Remembers and recalls each document's script."""

    def __init__(self, settings: Settings, store: Store | None) -> None:
        self._settings = settings
        self._store = store
        self._session: dict[str, Script] = {}
        self._pending: dict[int, Script] = {}  # document id → script noted, not written yet
        self._pending_lock = threading.Lock()
        self._flush_lock = threading.Lock()

    def default(self) -> Script:
        """The learner's default script for documents they have not chosen one for."""
        return self._settings.default_script

    def recall(self, document: Document, document_id: int | None) -> Script:
        """The script ``document`` (stored as ``document_id``, if it is) is shown in."""
        legacy = self._settings.take_legacy_script(document.sha256)
        store = self._store
        if store is None or document_id is None:
            return self._session.get(document.sha256) or script_named(legacy) or self.default()
        with self._pending_lock:
            noted = self._pending.get(document_id)
        if noted is not None:  # chosen a moment ago, not written yet
            return noted
        try:
            saved = store.document(document_id, length=False).preferred_script
            if legacy and legacy != saved and saved == Script.ORIGINAL.value and not store.read_only:
                store.operations.set_preferred_script(document_id, legacy)  # moved over once
                saved = legacy
        except StoreError:
            return self.default()
        return script_named(saved) or Script.ORIGINAL

    def remember(self, document: Document, document_id: int | None, script: Script) -> None:
        """Note ``script`` for ``document``; :meth:`flush` writes it to the store."""
        self._session[document.sha256] = script
        store = self._store
        if store is None or document_id is None or store.read_only:
            return
        with self._pending_lock:
            self._pending[document_id] = script

    def flush(self) -> list[str]:
        """Write the choices noted (any thread; the latest wins); a sentence per refusal.

        The window calls this on its runner, and directly only as it closes."""
        refused: list[str] = []
        store = self._store
        with self._flush_lock:  # in the order noted: an older flush never writes last
            with self._pending_lock:
                pending, self._pending = self._pending, {}
            for document_id, script in pending.items():
                if store is None:
                    continue
                try:
                    store.operations.set_preferred_script(document_id, script.value)
                except StoreError as exc:
                    refused.append(f"The script choice was not saved: {exc}")
        return refused
