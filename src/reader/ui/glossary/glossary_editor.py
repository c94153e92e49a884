"""The dialog that creates, edits or deletes one of the user's glossary entries.

Opened three ways: new (optionally prefilled with selected text), on a user entry (edits that
database row), or on a bundled entry (creates a user entry that overrides it, prefilled from
it). Problems show inline under the form; Save writes through ``store.operations`` — one
transaction — and leaves the row id in :attr:`GlossaryEditorDialog.saved_id`.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.language.words.glossary import CATEGORIES, CATEGORY_COLOURS, GlossaryEntry
from reader.services.user_glossary import (
    UserEntryDraft,
    alias_variants,
    draft_from_entry,
    draft_from_row,
    parse_aliases,
    row_id,
)
from reader.storage.records import StoreError
from reader.storage.store import Store


@cache
def category_icon(category: str, size: int = 12) -> QIcon:
    """A small rounded chip in the category's colour (grey for an unknown category)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(CATEGORY_COLOURS.get(category, "#888888")))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class GlossaryEditorDialog(QDialog):
    """Edit one glossary entry; ``exec()`` accepts after a save or a delete."""

    def __init__(
        self,
        store: Store,
        entry: GlossaryEntry | None = None,
        prefill: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("glossaryEditor")
        self.store = store
        #: The database row being edited (None: a new entry).
        self.row_id: int | None = row_id(entry.id) if entry is not None and entry.user else None
        #: The row id after Save (or the deleted row's id after Delete).
        self.saved_id: int | None = None
        self.deleted = False
        draft = self._initial_draft(entry, prefill)
        self._replaces = draft.replaces
        if self.row_id is not None:
            title = "Edit Glossary Entry"
        elif entry is not None:
            title = "Override Glossary Entry"
        else:
            title = "New Glossary Entry"
        self.setWindowTitle(title)
        self._build(draft, entry)
        self._update_hint()

    def _initial_draft(self, entry: GlossaryEntry | None, prefill: str) -> UserEntryDraft:
        if self.row_id is not None:
            row = next((r for r in self.store.glossary_entries() if r.id == self.row_id), None)
            if row is not None:
                return draft_from_row(row)
            self.row_id = None
        if entry is not None:
            return draft_from_entry(entry)
        return UserEntryDraft(" ".join(prefill.split()))

    def _build(self, draft: UserEntryDraft, entry: GlossaryEntry | None) -> None:
        self.headword = QLineEdit(draft.headword)
        self.headword.setObjectName("headword")
        self.aliases = QPlainTextEdit("\n".join(draft.aliases))
        self.aliases.setObjectName("aliases")
        self.aliases.setPlaceholderText("Other spellings, one per line or comma separated")
        self.aliases.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.alias_hint = QLabel()
        self.alias_hint.setObjectName("aliasHint")
        self.alias_hint.setWordWrap(True)
        self.alias_hint.setEnabled(False)
        self.category = QComboBox()
        self.category.setObjectName("category")
        for name in CATEGORIES:
            self.category.addItem(category_icon(name), name.capitalize(), name)
        self.category.setCurrentIndex(max(0, self.category.findData(draft.category)))
        self.gloss = QLineEdit(draft.gloss)
        self.gloss.setObjectName("gloss")
        self.gloss.setPlaceholderText("A few words shown beside the term")
        self.explanation_en = QPlainTextEdit(draft.explanation_en)
        self.explanation_en.setObjectName("explanationEn")
        self.explanation_zh = QPlainTextEdit(draft.explanation_zh)
        self.explanation_zh.setObjectName("explanationZh")
        line = self.fontMetrics().lineSpacing()
        self.explanation_en.setFixedHeight(line * 5 + 12)
        self.explanation_zh.setFixedHeight(line * 4 + 12)
        form = QFormLayout()
        form.addRow("&Headword:", self.headword)
        form.addRow("&Aliases:", self.aliases)
        form.addRow("", self.alias_hint)
        form.addRow("&Category:", self.category)
        form.addRow("&Gloss:", self.gloss)
        form.addRow("&English:", self.explanation_en)
        form.addRow("&Chinese:", self.explanation_zh)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c0392b;")
        self.problems.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setObjectName("deleteButton")
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setVisible(self.row_id is not None)
        self.delete_button.clicked.connect(self.confirm_delete)
        layout = QVBoxLayout(self)
        if entry is not None and not entry.user:
            note = QLabel(
                f"“{entry.headword}” comes with the reader. Saving creates your own entry, "
                "used instead of it."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        if self.store.read_only:
            self.save_button.setEnabled(False)
            self.delete_button.setEnabled(False)
            self.save_button.setToolTip(f"The database is read-only: {self.store.read_only_reason}")
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.headword.textChanged.connect(self._update_hint)
        self.aliases.textChanged.connect(self._update_hint)
        self.resize(480, self.sizeHint().height())

    # ------------------------------------------------------------------ state
    def draft(self) -> UserEntryDraft:
        """The entry as the form currently describes it."""
        headword = self.headword.text().strip()
        return UserEntryDraft(
            headword=headword,
            aliases=parse_aliases(self.aliases.toPlainText(), headword),
            category=str(self.category.currentData()),
            gloss=self.gloss.text(),
            explanation_en=self.explanation_en.toPlainText(),
            explanation_zh=self.explanation_zh.toPlainText(),
            replaces=self._replaces,
        )

    def _update_hint(self) -> None:
        draft = self.draft()
        extra = alias_variants(draft.headword, draft.aliases)
        self.alias_hint.setText(
            "Also matched: " + ", ".join(extra) if extra else "No other-script forms to add."
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show validation messages under the form (hidden when there are none)."""
        self.problems.setText("\n".join(problems.values()))
        self.problems.setVisible(bool(problems))
        if "headword" in problems:
            self.headword.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---------------------------------------------------------------- actions
    def save(self) -> int | None:
        """Validate and write the entry; the row id, or None when it could not be saved."""
        draft = self.draft()
        problems = draft.problems()
        self.show_problems(problems)
        if problems:
            return None
        fields = draft.store_fields()
        try:
            if self.row_id is None:
                headword = fields.pop("headword")
                self.saved_id = self.store.operations.add_glossary_entry(headword, **fields)
            else:
                self.store.operations.update_glossary_entry(self.row_id, **fields)
                self.saved_id = self.row_id
        except StoreError as exc:
            self.show_problems({"store": f"Could not save: {exc}"})
            return None
        self.accept()
        return self.saved_id

    def confirm_delete(self) -> None:
        """Ask, then delete the edited entry."""
        if self.row_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete Glossary Entry",
            f"Delete your glossary entry “{self.headword.text().strip()}”?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete()

    def delete(self) -> bool:
        """Delete the edited entry without asking; True when it was deleted."""
        if self.row_id is None:
            return False
        try:
            self.store.operations.delete_glossary_entry(self.row_id)
        except StoreError as exc:
            self.show_problems({"store": f"Could not delete: {exc}"})
            return False
        self.saved_id = self.row_id
        self.deleted = True
        self.accept()
        return True
