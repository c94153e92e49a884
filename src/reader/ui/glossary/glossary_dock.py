"""The "Glossary" dock: the glossary terms in the displayed text, and suggested new terms.

Tab "In this text": one row per entry found — category colour chip, headword in the reading
font with its reading in tone colours, and under it how often each spelling was seen
("DeepSeek ×28 · 深度求索 ×2") and the gloss — ordered by first occurrence or by count. Clicking a row, or Enter on it, asks the window to
show the term's next occurrence after the one shown last (cycling back to the first):
:attr:`GlossaryDock.jumpRequested` with display code-point offsets. New Entry… / Edit… /
Delete change the user's entries through :class:`GlossaryEditorDialog`; Edit on a bundled
entry creates a user entry that overrides it, and bundled entries cannot be deleted.
:attr:`GlossaryDock.entryChanged` fires after every save or delete (reload the glossary).

Tab "Suggested terms": :func:`reader.language.words.term_suggestions.suggest_terms` results (set by the
window); clicking one jumps through its occurrences, "Add to Glossary…" opens the editor on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.language.words.glossary import GlossaryEntry
from reader.language.words.term_matches import TermMatch
from reader.language.words.term_pinyin import term_pinyin, term_pinyin_marks
from reader.language.words.term_suggestions import Suggestion
from reader.services.user_glossary import row_id
from reader.storage.records import StoreError
from reader.storage.store import Store
from reader.ui.common.settings import Settings
from reader.ui.common.style.list_cells import (
    ListCellDelegate,
    SecondLineRole,
    ToneRunsRole,
    list_han_font,
    tone_runs,
)
from reader.ui.glossary.glossary_editor import GlossaryEditorDialog, category_icon

ORDER_FIRST = "first"
ORDER_COUNT = "count"
_KEY_ROLE = Qt.ItemDataRole.UserRole
#: A term row's number of occurrences (int).
CountRole = int(Qt.ItemDataRole.UserRole) + 2
#: Headwords are at this share of the reading font's size.
TERM_SCALE = 0.75
SUGGESTIONS_NOTE = "Recurring names and compounds the dictionary and the glossary do not know."
NO_STORE_TIP = "No notes database is open, so glossary entries cannot be changed."


@dataclass
class _TermRow:
    entry: GlossaryEntry
    spans: list[tuple[int, int]]
    spellings: Counter[str]

    def seen(self) -> str:
        """How often each spelling occurs, most frequent first: ``DeepSeek ×28 · 深度求索 ×2``."""
        return " · ".join(f"{form} ×{n}" for form, n in self.spellings.most_common())


class _ActivatingList(QListWidget):
    """A list that reports clicks and Enter alike as ``chosen`` (once per action)."""

    chosen = Signal(QListWidgetItem)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemClicked.connect(self.chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.chosen.emit(self.currentItem())
            return
        super().keyPressEvent(event)


class GlossaryDock(QDockWidget):
    """Glossary terms of the displayed text and suggested terms; see the module docstring."""

    jumpRequested = Signal(int, int)
    entryChanged = Signal()

    def __init__(
        self, store: Store | None, parent: QWidget | None = None, settings: Settings | None = None
    ) -> None:
        super().__init__("Glossary", parent)
        self.setObjectName("glossaryDock")
        self.store = store
        self.settings = settings
        self._text = ""
        self._rows: dict[str, _TermRow] = {}
        self._suggestions: list[Suggestion] = []
        #: key ("entry id" or "?term") → index of the occurrence shown last
        self._shown: dict[str, int] = {}
        self._build()
        if settings is not None:
            settings.changed.connect(self._setting_changed)
        self._setting_changed("font_family")
        self._update_buttons()

    def _setting_changed(self, key: str) -> None:
        """Follow the reading font (headwords) and the tone colours (readings)."""
        if key not in ("font_family", "font_size", "tone_scheme"):
            return
        settings = self.settings
        family = settings.font_family if settings is not None else None
        size = settings.font_size if settings is not None else 18.0
        font = list_han_font(family, size, TERM_SCALE)
        for delegate in (self.term_delegate, self.suggestion_delegate):
            delegate.set_font(font)
        if key == "tone_scheme" or self.term_list.count():
            self._fill_terms()

    def _tone_scheme(self) -> str:
        return self.settings.tone_scheme if self.settings is not None else "none"

    @staticmethod
    def _cell_list(view: QListWidget) -> ListCellDelegate:
        """Rows drawn by the list-cell delegate, as wide as the list (no sideways scroll)."""
        delegate = ListCellDelegate(view)
        view.setItemDelegate(delegate)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setUniformItemSizes(True)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        return delegate

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("glossaryTabs")
        terms_page = QWidget()
        self.summary = QLabel("No glossary terms in this text.")
        self.summary.setObjectName("glossarySummary")
        self.order = QComboBox()
        self.order.setObjectName("glossaryOrder")
        self.order.addItem("By first occurrence", ORDER_FIRST)
        self.order.addItem("By count", ORDER_COUNT)
        self.order.setToolTip("Order of the terms")
        self.order.currentIndexChanged.connect(self._fill_terms)
        self.term_list = _ActivatingList()
        self.term_list.setObjectName("glossaryTerms")
        self.term_delegate = self._cell_list(self.term_list)
        self.term_list.chosen.connect(self._term_chosen)
        self.term_list.currentItemChanged.connect(self._update_buttons)
        self.new_button = QPushButton("New Entry…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.new_button.clicked.connect(lambda: self.open_editor())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.order)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(terms_page)
        layout.addLayout(top)
        layout.addWidget(self.term_list, 1)
        layout.addLayout(buttons)
        self.tabs.addTab(terms_page, "In This Text")

        suggestions_page = QWidget()
        self.suggestion_list = _ActivatingList()
        self.suggestion_list.setObjectName("glossarySuggestions")
        self.suggestion_delegate = self._cell_list(self.suggestion_list)
        self.suggestion_list.chosen.connect(self._suggestion_chosen)
        self.suggestion_list.currentItemChanged.connect(self._update_buttons)
        self.suggestion_note = QLabel(SUGGESTIONS_NOTE)
        self.suggestion_note.setWordWrap(True)
        self.add_button = QPushButton("Add to Glossary…")
        self.add_button.clicked.connect(self.add_selected_suggestion)
        layout = QVBoxLayout(suggestions_page)
        layout.addWidget(self.suggestion_note)
        layout.addWidget(self.suggestion_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.tabs.addTab(suggestions_page, "Suggested Terms")
        self.setWidget(self.tabs)

    # -------------------------------------------------------------------- data
    def set_matches(self, text: str, matches: Sequence[TermMatch]) -> None:
        """Show the terms ``matches`` (from ``find_all`` on the displayed ``text``) found."""
        self._text = text
        rows: dict[str, _TermRow] = {}
        for match in matches:
            row = rows.get(match.entry.id)
            if row is None:
                rows[match.entry.id] = row = _TermRow(match.entry, [], Counter())
            row.spans.append((match.start, match.end))
            row.spellings[text[match.start : match.end]] += 1
        self._rows = rows
        self._shown.clear()
        self._fill_terms()

    def set_suggestions(self, suggestions: list[Suggestion]) -> None:
        """Show suggested terms (in the order given)."""
        self._suggestions = list(suggestions)
        self.suggestion_list.clear()
        for s in self._suggestions:
            item = QListWidgetItem(s.term)
            item.setData(_KEY_ROLE, s.term)
            item.setData(CountRole, s.count)
            item.setData(SecondLineRole, f"×{s.count}")
            item.setToolTip(f"{s.term}: {s.count} times; first at character {s.first_position}")
            self.suggestion_list.addItem(item)
        self.suggestion_note.setText(
            SUGGESTIONS_NOTE if suggestions else
            "No terms to suggest: the names and compounds that recur here are in the "
            "dictionary or the glossary (phrases such as 顯著提升 are not suggested)."
        )
        label = "Suggested Terms" + (f" ({len(suggestions)})" if suggestions else "")
        self.tabs.setTabText(1, label)
        self._update_buttons()

    def _fill_terms(self) -> None:
        current = self.selected_entry()
        rows = list(self._rows.values())
        if self.order.currentData() == ORDER_COUNT:
            rows.sort(key=lambda r: (-len(r.spans), r.spans[0][0]))
        else:
            rows.sort(key=lambda r: r.spans[0][0])
        self.term_list.clear()
        scheme = self._tone_scheme()
        for row in rows:
            entry = row.entry
            seen = row.seen()
            # the reading is the Chinese name's: shown beside a Latin headword (API 應用程序接口)
            name = entry.chinese_name
            shown = entry.headword if not name or name in entry.headword else f"{entry.headword} {name}"
            item = QListWidgetItem(category_icon(entry.category), shown)
            item.setData(_KEY_ROLE, entry.id)
            item.setData(CountRole, len(row.spans))
            item.setData(ToneRunsRole, tone_runs(term_pinyin(entry), scheme))
            item.setData(SecondLineRole, seen + (f" — {entry.gloss}" if entry.gloss else ""))
            origin = "your entry" if entry.user else "bundled"
            item.setToolTip(
                f"{shown}  {term_pinyin_marks(entry)}\nSeen: {seen}\n{entry.gloss}\n{entry.category} · {origin}\n"
                f"{entry.explanation_en}".strip()
            )
            self.term_list.addItem(item)
            if current is not None and current.id == entry.id:
                self.term_list.setCurrentItem(item)
        total = sum(len(r.spans) for r in rows)
        self.summary.setText(
            f"{len(rows)} terms, {total} occurrences" if rows else "No glossary terms in this text."
        )
        self._update_buttons()

    def counts(self) -> dict[str, int]:
        """Headword → number of occurrences, as listed."""
        return {r.entry.headword: len(r.spans) for r in self._rows.values()}

    def selected_entry(self) -> GlossaryEntry | None:
        """The entry of the selected row in the terms list."""
        item = self.term_list.currentItem()
        row = self._rows.get(str(item.data(_KEY_ROLE))) if item is not None else None
        return row.entry if row is not None else None

    # ------------------------------------------------------------------ jumping
    def _next(self, key: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        if not spans:
            return None
        index = (self._shown.get(key, -1) + 1) % len(spans)
        self._shown[key] = index
        return spans[index]

    def jump_to_next(self, entry_id: str) -> tuple[int, int] | None:
        """Emit ``jumpRequested`` for the entry's next occurrence; the span, if any."""
        row = self._rows.get(entry_id)
        span = self._next(entry_id, row.spans if row is not None else [])
        if span is not None:
            self.jumpRequested.emit(*span)
        return span

    def _term_chosen(self, item: QListWidgetItem) -> None:
        self.jump_to_next(str(item.data(_KEY_ROLE)))

    def _suggestion_chosen(self, item: QListWidgetItem) -> None:
        term = str(item.data(_KEY_ROLE))
        spans, pos = [], self._text.find(term)
        while pos >= 0 and term:
            spans.append((pos, pos + len(term)))
            pos = self._text.find(term, pos + len(term))
        span = self._next("?" + term, spans)
        if span is not None:
            self.jumpRequested.emit(*span)

    # ------------------------------------------------------------------ editing
    def _edit_block_reason(self) -> str:
        if self.store is None:
            return NO_STORE_TIP
        if self.store.read_only:
            return f"The notes database is read-only: {self.store.read_only_reason}."
        return ""

    def _update_buttons(self) -> None:
        reason = self._edit_block_reason()
        entry = self.selected_entry()
        self.new_button.setEnabled(not reason)
        self.edit_button.setEnabled(not reason and entry is not None)
        self.delete_button.setEnabled(not reason and entry is not None and entry.user)
        has_suggestion = self.suggestion_list.currentItem() is not None
        self.add_button.setEnabled(not reason and has_suggestion)
        for button in (self.new_button, self.edit_button, self.add_button):
            button.setToolTip(reason)
        if reason:
            self.delete_button.setToolTip(reason)
        elif entry is not None and not entry.user:
            self.delete_button.setToolTip(
                "Entries that come with the reader cannot be deleted; Edit… overrides one."
            )
        else:
            self.delete_button.setToolTip("Delete your glossary entry")
        self.edit_button.setText("Edit…" if entry is None or entry.user else "Override…")

    def make_editor(
        self, entry: GlossaryEntry | None = None, prefill: str = ""
    ) -> GlossaryEditorDialog | None:
        """The editor dialog for ``entry`` (None: a new one), or None when editing is off."""
        if self.store is None or self._edit_block_reason():
            return None
        return GlossaryEditorDialog(self.store, entry, prefill, self)

    def run_editor(self, dialog: GlossaryEditorDialog) -> bool:
        """Show ``dialog`` modally; True when it saved or deleted (``entryChanged`` emitted)."""
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved_id is None:
            return False
        self.entryChanged.emit()
        return True

    def open_editor(self, entry: GlossaryEntry | None = None, prefill: str = "") -> bool:
        """Open the editor (new entry prefilled with ``prefill``, or on ``entry``)."""
        dialog = self.make_editor(entry, prefill)
        return dialog is not None and self.run_editor(dialog)

    def edit_selected(self) -> bool:
        """Edit the selected user entry, or override the selected bundled one."""
        entry = self.selected_entry()
        return entry is not None and self.open_editor(entry)

    def add_selected_suggestion(self) -> bool:
        """Open the editor prefilled with the selected suggestion."""
        item = self.suggestion_list.currentItem()
        return item is not None and self.open_editor(prefill=str(item.data(_KEY_ROLE)))

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        answer = QMessageBox.question(self, "Delete Glossary Entry", question)
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> bool:
        """Delete the selected user entry after asking; bundled entries are refused."""
        entry = self.selected_entry()
        if entry is None or not entry.user or self.store is None or self._edit_block_reason():
            return False
        number = row_id(entry.id)
        if number is None or not self.confirm(f"Delete your glossary entry “{entry.headword}”?"):
            return False
        try:
            self.store.operations.delete_glossary_entry(number)
        except StoreError as exc:
            QMessageBox.warning(self, "Delete Glossary Entry", f"Could not delete: {exc}")
            return False
        self.entryChanged.emit()
        return True
