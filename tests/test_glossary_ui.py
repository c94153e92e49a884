"""The glossary dock (terms in the text, jumping, suggestions) and the entry editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.language.words.glossary import Glossary
from reader.language.words.term_suggestions import Suggestion
from reader.services.user_glossary import build_glossary, decode_explanations
from reader.storage.store import Store
from reader.text.importer import bundled_article
from reader.ui.common.style.list_cells import SecondLineRole, ToneRunsRole
from reader.ui.glossary.glossary_dock import CountRole, GlossaryDock
from reader.ui.glossary.glossary_editor import GlossaryEditorDialog


@pytest.fixture
def article() -> str:
    return bundled_article().text


def _dock(qtbot, store: Store | None, text: str, glossary: Glossary) -> GlossaryDock:  # type: ignore[no-untyped-def]
    dock = GlossaryDock(store)
    qtbot.addWidget(dock)
    dock.set_matches(text, glossary.find_all(text))
    return dock


def _select(dock: GlossaryDock, entry_id: str) -> None:
    for i in range(dock.term_list.count()):
        if dock.term_list.item(i).data(Qt.ItemDataRole.UserRole) == entry_id:
            dock.term_list.setCurrentRow(i)
            return
    raise AssertionError(f"{entry_id} not listed")


def test_counts_and_order_on_the_article(qtbot, store: Store, article: str) -> None:  # type: ignore[no-untyped-def]
    glossary = Glossary.load_bundled()
    dock = _dock(qtbot, store, article, glossary)
    assert dock.objectName() == "glossaryDock"
    counts = dock.counts()
    assert counts["深度求索"] == 30 and counts["梁文鋒"] == 5 and counts["人工智能"] == 13
    assert sum(counts.values()) == len(glossary.find_all(article))
    first = dock.term_list.item(0)
    assert first.text() == "深度求索" and first.data(CountRole) == 30  # DeepSeek comes first
    # counted per spelling seen, not 30 times 深度求索 (the company's full name once, the
    # short one once: 深度求索 is in the text twice)
    seen = first.data(SecondLineRole)
    assert seen == (
        "DeepSeek ×28 · 杭州深度求索人工智能基礎技術研究有限公司 ×1 · 深度求索 ×1"
        " — DeepSeek, a Chinese AI company based in Hangzhou"
    )
    assert article.count("深度求索") == 2
    dock.order.setCurrentIndex(dock.order.findData("count"))
    numbers = [dock.term_list.item(i).data(CountRole) for i in range(dock.term_list.count())]
    assert numbers == sorted(numbers, reverse=True)
    for i in range(dock.term_list.count()):
        item = dock.term_list.item(i)
        spelled = item.data(SecondLineRole).split(" — ")[0]
        assert sum(int(part.rsplit("×", 1)[1]) for part in spelled.split(" · ")) == item.data(
            CountRole
        )
    assert "terms" in dock.summary.text()


def test_jump_cycles_through_occurrences(qtbot, store: Store, article: str) -> None:  # type: ignore[no-untyped-def]
    glossary = Glossary.load_bundled()
    dock = _dock(qtbot, store, article, glossary)
    spans = [(m.start, m.end) for m in glossary.find_all(article) if m.entry.id == "liang-wenfeng"]
    assert len(spans) == 5
    _select(dock, "liang-wenfeng")
    got = []
    dock.jumpRequested.connect(lambda a, b: got.append((a, b)))
    dock.term_list.setFocus()
    for _ in range(3):
        qtbot.keyClick(dock.term_list, Qt.Key.Key_Return)
    dock.show()
    qtbot.waitExposed(dock)
    item = dock.term_list.currentItem()
    dock.term_list.scrollToItem(item)
    rect = dock.term_list.visualItemRect(item)
    for _ in range(3):
        qtbot.mouseClick(dock.term_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert got == spans[:5] + spans[:1]
    assert all(article[a:b] == "梁文鋒" for a, b in got)


def test_suggestions_tab_and_add(qtbot, store: Store, article: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, store, article, Glossary.load_bundled())
    dock.set_suggestions([])
    assert dock.suggestion_note.text().startswith("No terms to suggest")
    dock.set_suggestions([Suggestion("顯著提升", 2, article.index("顯著提升"))])
    assert dock.suggestion_note.text().startswith("Recurring names")
    assert dock.tabs.tabText(1) == "Suggested Terms (1)"
    dock.suggestion_list.setCurrentRow(0)
    got = []
    dock.jumpRequested.connect(lambda a, b: got.append(article[a:b]))
    dock._suggestion_chosen(dock.suggestion_list.item(0))
    assert got == ["顯著提升"]

    def fill_and_save(dialog: GlossaryEditorDialog) -> int:
        assert dialog.headword.text() == "顯著提升"
        dialog.gloss.setText("marked improvement")
        assert dialog.save() is not None
        return dialog.result()

    monkeypatch.setattr(GlossaryEditorDialog, "exec", fill_and_save)
    changed = []
    dock.entryChanged.connect(lambda: changed.append(True))
    assert dock.add_selected_suggestion()
    assert [r.headword for r in store.glossary_entries()] == ["顯著提升"] and changed


def test_editor_creates_edits_deletes(qtbot, store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = GlossaryEditorDialog(store, prefill=" 螢火 一號 ")
    qtbot.addWidget(dialog)
    assert dialog.headword.text() == "螢火 一號"
    dialog.headword.setText("")
    assert dialog.save() is None and not dialog.problems.isHidden()
    assert "headword" in dialog.problems.text().lower()
    dialog.headword.setText("螢火一號")
    assert "萤火一号" in dialog.alias_hint.text()
    dialog.aliases.setPlainText("Fire-Flyer 1, 萤火一号")
    dialog.category.setCurrentIndex(dialog.category.findData("hardware"))
    dialog.gloss.setText("Fire-Flyer 1")
    dialog.explanation_en.setPlainText("High-Flyer's first training cluster.")
    dialog.explanation_zh.setPlainText("幻方的第一個訓練平台。")
    new_id = dialog.save()
    assert new_id is not None and dialog.result() == dialog.DialogCode.Accepted
    (row,) = store.glossary_entries()
    assert row.aliases == ("Fire-Flyer 1", "萤火一号") and row.category == "hardware"
    assert decode_explanations(row.explanations)[:2] == (
        "High-Flyer's first training cluster.",
        "幻方的第一個訓練平台。",
    )

    glossary = build_glossary(Glossary([]), store.glossary_entries())
    dock = _dock(qtbot, store, "螢火一號和Fire-Flyer 1", glossary)
    changed = []
    dock.entryChanged.connect(lambda: changed.append(True))
    _select(dock, f"user:{new_id}")
    assert dock.delete_button.isEnabled()

    def edit(dialog: GlossaryEditorDialog) -> int:
        assert dialog.row_id == new_id and not dialog.delete_button.isHidden()
        dialog.gloss.setText("Fire-Flyer One")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(GlossaryEditorDialog, "exec", edit)
    dialog_runner_used = dock.edit_selected()
    assert dialog_runner_used and changed == [True]
    assert store.glossary_entries()[0].gloss == "Fire-Flyer One"

    dock.confirm = lambda question: False  # type: ignore[method-assign]
    assert not dock.delete_selected() and len(store.glossary_entries()) == 1
    dock.confirm = lambda question: True  # type: ignore[method-assign]
    assert dock.delete_selected()
    assert store.glossary_entries() == [] and changed == [True, True]


def test_editor_delete_button(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    entry_id = store.operations.add_glossary_entry("詞條", category="concept")
    glossary = build_glossary(Glossary([]), store.glossary_entries())
    entry = glossary.by_id(f"user:{entry_id}")
    dialog = GlossaryEditorDialog(store, entry)
    qtbot.addWidget(dialog)
    assert dialog.headword.text() == "詞條"
    assert dialog.delete()
    assert dialog.deleted and store.glossary_entries() == []


def test_bundled_entries_read_only_edit_overrides(qtbot, store: Store, article: str) -> None:  # type: ignore[no-untyped-def]
    bundled = Glossary.load_bundled()
    dock = _dock(qtbot, store, article, bundled)
    _select(dock, "deepseek")
    assert not dock.delete_button.isEnabled()
    assert "cannot be deleted" in dock.delete_button.toolTip()
    assert not dock.delete_selected()
    assert dock.edit_button.text() == "Override…" and dock.edit_button.isEnabled()
    entry = bundled.by_id("deepseek")
    dialog = dock.make_editor(entry)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.headword.text() == "深度求索" and dialog.delete_button.isHidden()
    dialog.gloss.setText("my own DeepSeek note")
    assert dialog.save() is not None
    merged = build_glossary(bundled, store.glossary_entries())
    assert merged.by_id("deepseek") is None
    assert {m.entry.gloss for m in merged.find_all("DeepSeek")} == {"my own DeepSeek note"}


def test_without_store_editing_is_disabled(qtbot, article: str) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, None, article, Glossary.load_bundled())
    dock.term_list.setCurrentRow(0)
    for button in (dock.new_button, dock.edit_button, dock.delete_button, dock.add_button):
        assert not button.isEnabled()
        assert "No notes database" in button.toolTip()
    assert dock.make_editor() is None and not dock.open_editor()


def test_rows_have_the_terms_reading_in_tone_colours(qtbot, store: Store, article: str, settings) -> None:  # type: ignore[no-untyped-def]
    from reader.language.readings.pinyin_styles import TONE_SCHEMES
    from reader.language.words.term_pinyin import term_pinyin_marks

    settings.tone_scheme = "pleco"
    glossary = Glossary.load_bundled()
    dock = GlossaryDock(store, settings=settings)
    qtbot.addWidget(dock)
    dock.set_matches(article, glossary.find_all(article))
    _select(dock, "liang-wenfeng")
    item = dock.term_list.currentItem()
    runs = item.data(ToneRunsRole)
    entry = dock.selected_entry()
    assert entry is not None and "".join(t for t, _ in runs) == term_pinyin_marks(entry)
    assert "".join(t for t, _ in runs) == "liáng wén fēng"
    pleco = TONE_SCHEMES["pleco"]
    assert [c for t, c in runs if t.strip()] == [pleco[2], pleco[2], pleco[1]]
    # Latin-only terms have no reading; the headword's font is the reading font's family
    latin = [dock.term_list.item(i) for i in range(dock.term_list.count())
             if dock.term_list.item(i).text() == "OpenRouter"]
    assert latin and not latin[0].data(ToneRunsRole)
    # a Latin headword with a Chinese name shows the name whose reading it is
    api = [dock.term_list.item(i) for i in range(dock.term_list.count())
           if dock.term_list.item(i).text().startswith("API")]
    assert api and api[0].text() == "API 應用程序接口" and api[0].data(ToneRunsRole)
    assert dock.term_delegate.font().pointSizeF() >= settings.font_size * 0.7
    settings.tone_scheme = "standard"
    item = dock.term_list.currentItem()
    assert item.data(ToneRunsRole)[0][1] == TONE_SCHEMES["standard"][2]
